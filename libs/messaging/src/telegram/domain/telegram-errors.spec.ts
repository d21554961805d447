import { classifyTelegramError, connectorErrorCodeOf, healthAfter } from './telegram-errors';

const now = new Date('2026-12-02T10:00:00Z');

describe('Telegram errors', () => {
  it.each([
    [{ errorMessage: 'A wait of 30 seconds is required', code: 420, seconds: 30 }, 'flood-wait', 'flood-wait', 'flood-wait'],
    [{ errorMessage: 'FLOOD_WAIT_45', code: 420 }, 'flood-wait', 'flood-wait', 'flood-wait'],
    [{ errorMessage: 'SESSION_PASSWORD_NEEDED', code: 401 }, 'password-needed', 'auth-lost', 'needs-relogin'],
    [{ errorMessage: 'AUTH_KEY_UNREGISTERED', code: 401 }, 'auth-lost', 'auth-lost', 'needs-relogin'],
    [{ errorMessage: 'SESSION_REVOKED', code: 401 }, 'auth-lost', 'auth-lost', 'needs-relogin'],
    [{ errorMessage: 'AUTH_KEY_DUPLICATED', code: 406 }, 'auth-lost', 'auth-lost', 'needs-relogin'],
    [{ errorMessage: 'USER_DEACTIVATED_BAN', code: 401 }, 'banned', 'banned', 'banned'],
    [{ errorMessage: 'USER_DEACTIVATED', code: 401 }, 'banned', 'banned', 'banned'],
    [{ errorMessage: 'USER_IS_BLOCKED', code: 400 }, 'rejected', 'rejected', null],
    [{ errorMessage: 'PEER_ID_INVALID', code: 400 }, 'rejected', 'rejected', null],
    [{ errorMessage: 'SOMETHING_NEW', code: 400 }, 'rejected', 'rejected', null],
    [{ errorMessage: 'PHONE_CODE_INVALID', code: 400 }, 'login', 'rejected', null],
    [{ errorMessage: 'RPC_CALL_FAIL', code: 500 }, 'unavailable', 'unavailable', null],
    [{ errorMessage: 'NEW_INTERNAL', code: 503 }, 'unavailable', 'unavailable', null],
    [{ message: 'connect ECONNREFUSED' }, 'unavailable', 'unavailable', null],
  ])('%o → %s, connector %s, health %s', (error, kind, code, state) => {
    const failure = classifyTelegramError(error);
    expect(failure.kind).toBe(kind);
    expect(connectorErrorCodeOf(failure)).toBe(code);
    expect(healthAfter(failure, now)?.state ?? null).toBe(state);
  });

  it('reports the flood wait\'s end time', () => {
    expect(healthAfter(classifyTelegramError({ seconds: 90, code: 420 }), now)).toMatchObject({ state: 'flood-wait', floodWaitUntil: new Date('2026-12-02T10:01:30Z') });
  });

  it.each([
    ['PHONE_CODE_INVALID', 'code-invalid'],
    ['PHONE_CODE_EXPIRED', 'code-expired'],
    ['PASSWORD_HASH_INVALID', 'password-invalid'],
    ['PHONE_NUMBER_INVALID', 'phone-invalid'],
    ['PHONE_NUMBER_UNOCCUPIED', 'phone-unregistered'],
    ['PHONE_NUMBER_BANNED', 'phone-banned'],
  ])('login error %s → %s', (errorMessage, code) => {
    expect(classifyTelegramError({ errorMessage, code: 400 })).toMatchObject({ kind: 'login', code });
  });
});
