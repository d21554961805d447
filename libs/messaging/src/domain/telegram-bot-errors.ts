import { type ConnectorErrorCode } from '../connectors/channel-connector';

/**
 * One failed Bot API exchange as the wire showed it, without the URL (which carries the token).
 * `answer`: Telegram (or something in front of it) answered; the Bot API's own error body is
 * `{ ok: false, error_code, description, parameters: { retry_after } }`
 * (https://core.telegram.org/bots/api#making-requests, ResponseParameters).
 */
export type BotApiFailure =
  | { kind: 'answer'; httpStatus: number; errorCode?: number; description?: string; retryAfter?: number }
  | { kind: 'network'; cause: string }
  | { kind: 'timeout' }
  /** A 2xx that is not `{ ok: true, result }`: a proxy's page, a cut-off body. */
  | { kind: 'malformed' };

/** `method` for Bot API methods; `file` for downloads from `{base}/file/bot<token>/<file_path>`. */
export type BotApiCall = 'method' | 'file';

export interface BotApiErrorVerdict {
  code: ConnectorErrorCode;
  message: string;
  retryAfterSeconds?: number;
}

/**
 * What a failed Bot API call means for the pipeline: 429 is flood control with the seconds to
 * wait; 401 (a revoked token) and 404 (a token the Bot API does not know: it answers "Not Found"
 * for the whole `/bot<token>/` path) mean the bot must be reconnected; 400/403 and the other 4xx
 * refuse this request for good (403 "bot was blocked by the user" included); 5xx, network
 * failures and timeouts are worth another attempt. A 404 on a file download is a missing file,
 * not a bad token.
 */
export function botApiErrorOf(call: BotApiCall, what: string, failure: BotApiFailure): BotApiErrorVerdict {
  switch (failure.kind) {
    case 'network':
      return { code: 'unavailable', message: `Bot API unreachable (${what}): ${failure.cause}` };
    case 'timeout':
      return { code: 'unavailable', message: `Bot API did not answer in time (${what})` };
    case 'malformed':
      return { code: 'unavailable', message: `Bot API answered something that is not a Bot API answer (${what})` };
    case 'answer':
      return answerVerdict(call, what, failure);
  }
}

function answerVerdict(call: BotApiCall, what: string, failure: Extract<BotApiFailure, { kind: 'answer' }>): BotApiErrorVerdict {
  const status = failure.errorCode ?? failure.httpStatus;
  const said = failure.description ? `: ${failure.description}` : '';
  if (status === 429) {
    const retryAfterSeconds = failure.retryAfter ?? secondsIn(failure.description);
    return { code: 'flood-wait', message: `Telegram flood control (${what})${said}`, ...(retryAfterSeconds ? { retryAfterSeconds } : {}) };
  }
  if (status === 401 || (status === 404 && call === 'method')) {
    return { code: 'auth-lost', message: `Telegram no longer accepts the bot token (${what})${said}` };
  }
  if (status >= 500) return { code: 'unavailable', message: `Bot API failed (${what}, ${status})${said}` };
  if (status >= 400) return { code: 'rejected', message: `Telegram refused (${what}, ${status})${said}` };
  // A 1xx/3xx is not a Bot API answer at all.
  return { code: 'unavailable', message: `Bot API answered ${status} (${what})` };
}

/** "Too Many Requests: retry after 35" — older answers carry the wait only in the text. */
function secondsIn(description: string | undefined): number | undefined {
  const seconds = Number(/retry after (\d+)/i.exec(description ?? '')?.[1]);
  return Number.isInteger(seconds) && seconds > 0 ? seconds : undefined;
}

/**
 * The token is part of every Bot API URL, so any text that might echo a URL (an error, a log
 * line) passes through here first. The part after the colon is the secret: it goes even alone.
 */
export function redactBotToken(text: string, token: string): string {
  if (!token) return text;
  const secret = token.slice(token.indexOf(':') + 1);
  let redacted = text.split(token).join('<bot-token>');
  if (secret.length >= 8) redacted = redacted.split(secret).join('<bot-token>');
  return redacted;
}
