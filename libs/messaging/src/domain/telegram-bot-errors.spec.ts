import { type BotApiCall, type BotApiErrorVerdict, type BotApiFailure, botApiErrorOf, redactBotToken } from './telegram-bot-errors';

describe('Bot API failures as connector errors', () => {
  it.each<[BotApiCall, BotApiFailure, Partial<BotApiErrorVerdict>]>([
    ['method', { kind: 'answer', httpStatus: 429, errorCode: 429, description: 'Too Many Requests: retry after 17', retryAfter: 17 }, { code: 'flood-wait', retryAfterSeconds: 17 }],
    // An answer without parameters still names the wait in its text.
    ['method', { kind: 'answer', httpStatus: 429, description: 'Too Many Requests: retry after 9' }, { code: 'flood-wait', retryAfterSeconds: 9 }],
    ['method', { kind: 'answer', httpStatus: 429 }, { code: 'flood-wait' }],
    ['method', { kind: 'answer', httpStatus: 401, errorCode: 401, description: 'Unauthorized' }, { code: 'auth-lost' }],
    ['method', { kind: 'answer', httpStatus: 404, errorCode: 404, description: 'Not Found' }, { code: 'auth-lost' }],
    ['file', { kind: 'answer', httpStatus: 401 }, { code: 'auth-lost' }],
    // A missing file is not a bad token.
    ['file', { kind: 'answer', httpStatus: 404 }, { code: 'rejected' }],
    ['method', { kind: 'answer', httpStatus: 403, errorCode: 403, description: 'Forbidden: bot was blocked by the user' }, { code: 'rejected' }],
    ['method', { kind: 'answer', httpStatus: 403, errorCode: 403, description: 'Forbidden: bot can\'t initiate conversation with a user' }, { code: 'rejected' }],
    ['method', { kind: 'answer', httpStatus: 400, errorCode: 400, description: 'Bad Request: chat not found' }, { code: 'rejected' }],
    ['method', { kind: 'answer', httpStatus: 413 }, { code: 'rejected' }],
    ['method', { kind: 'answer', httpStatus: 500, errorCode: 500, description: 'Internal Server Error' }, { code: 'unavailable' }],
    ['method', { kind: 'answer', httpStatus: 502 }, { code: 'unavailable' }],
    // The body's error_code wins over a proxy's status.
    ['method', { kind: 'answer', httpStatus: 200, errorCode: 429, retryAfter: 3 }, { code: 'flood-wait', retryAfterSeconds: 3 }],
    ['method', { kind: 'answer', httpStatus: 302 }, { code: 'unavailable' }],
    ['method', { kind: 'network', cause: 'ECONNREFUSED' }, { code: 'unavailable' }],
    ['method', { kind: 'timeout' }, { code: 'unavailable' }],
    ['method', { kind: 'malformed' }, { code: 'unavailable' }],
  ])('%s %j → %j', (call, failure, expected) => {
    const verdict = botApiErrorOf(call, 'sendMessage', failure);
    expect(verdict).toMatchObject(expected);
    if (!('retryAfterSeconds' in expected)) expect(verdict.retryAfterSeconds).toBeUndefined();
  });

  it('says which call failed and what Telegram said', () => {
    const verdict = botApiErrorOf('method', 'sendPhoto', { kind: 'answer', httpStatus: 400, errorCode: 400, description: 'Bad Request: IMAGE_PROCESS_FAILED' });
    expect(verdict.message).toContain('sendPhoto');
    expect(verdict.message).toContain('IMAGE_PROCESS_FAILED');
  });
});

describe('redacting a bot token', () => {
  const token = '123456789:AAE_secretPartOfTheToken-0123456789ab';

  it.each([
    [`POST https://api.telegram.org/bot${token}/sendMessage failed`, 'POST https://api.telegram.org/bot<bot-token>/sendMessage failed'],
    [`the secret AAE_secretPartOfTheToken-0123456789ab alone`, 'the secret <bot-token> alone'],
    [`twice ${token} and ${token}`, 'twice <bot-token> and <bot-token>'],
    ['nothing to hide', 'nothing to hide'],
  ])('%s', (text, expected) => {
    expect(redactBotToken(text, token)).toBe(expected);
  });

  it('keeps the text when there is no token to hide', () => {
    expect(redactBotToken('text', '')).toBe('text');
  });
});
