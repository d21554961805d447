import { type ConnectorErrorCode, type HealthChange } from '../../connectors/channel-connector';
import { type LoginErrorCode } from './login-flow';

/**
 * What a Telegram RPC error means for us (core.telegram.org/api/errors). The table is the one
 * place a reviewer reads to see how each error Telegram answers becomes a connection state, a
 * login message or a message failure.
 */
export interface RpcErrorLike {
  /** The RPC error string, e.g. AUTH_KEY_UNREGISTERED; GramJS keeps it here for unlisted errors. */
  errorMessage?: string;
  code?: number;
  /** GramJS's FloodWaitError carries the wait here. */
  seconds?: number;
  message?: string;
}

export type TelegramFailure =
  | { kind: 'flood-wait'; seconds: number }
  | { kind: 'password-needed' }
  | { kind: 'login'; code: LoginErrorCode; message: string }
  | { kind: 'auth-lost'; reason: string }
  | { kind: 'banned'; reason: string }
  | { kind: 'rejected'; reason: string }
  | { kind: 'unavailable'; reason: string };

const LOGIN: Record<string, [LoginErrorCode, string]> = {
  PHONE_CODE_INVALID: ['code-invalid', 'The code is not right'],
  PHONE_CODE_EMPTY: ['code-invalid', 'The code is empty'],
  PHONE_CODE_EXPIRED: ['code-expired', 'The code has expired: start again to get a new one'],
  PASSWORD_HASH_INVALID: ['password-invalid', 'The password is not right'],
  PHONE_NUMBER_INVALID: ['phone-invalid', 'Telegram does not accept this phone number'],
  PHONE_NUMBER_UNOCCUPIED: ['phone-unregistered', 'There is no Telegram account for this phone number'],
  PHONE_NUMBER_BANNED: ['phone-banned', 'Telegram has banned this phone number'],
  PHONE_NUMBER_FLOOD: ['flood-wait', 'Telegram has had too many login attempts for this number: try later'],
};

/** The account's session is no longer valid: a person must log in again (MSG-10 "needs re-login"). */
const AUTH_LOST = new Set(['AUTH_KEY_UNREGISTERED', 'AUTH_KEY_INVALID', 'AUTH_KEY_PERM_EMPTY', 'SESSION_REVOKED', 'SESSION_EXPIRED', 'AUTH_KEY_DUPLICATED', 'USER_NOT_AUTHORIZED']);
/** The account itself is gone or banned by Telegram. */
const BANNED = new Set(['USER_DEACTIVATED', 'USER_DEACTIVATED_BAN']);

const REJECTED: Record<string, string> = {
  USER_IS_BLOCKED: 'The client has blocked this account',
  YOU_BLOCKED_USER: 'This account has blocked the client',
  PEER_ID_INVALID: 'Telegram does not know this chat for this account',
  INPUT_USER_DEACTIVATED: 'The client\'s Telegram account was deleted',
  USER_PRIVACY_RESTRICTED: 'The client\'s privacy settings refuse messages from this account',
  PRIVACY_PREMIUM_REQUIRED: 'The client accepts messages only from Telegram Premium accounts',
  CHAT_WRITE_FORBIDDEN: 'Writing to this chat is not allowed',
  MESSAGE_TOO_LONG: 'The message is longer than Telegram allows (4096 characters)',
  MESSAGE_EMPTY: 'The message is empty',
  MEDIA_INVALID: 'Telegram refused the file',
  MEDIA_EMPTY: 'Telegram refused the file',
  PHOTO_INVALID_DIMENSIONS: 'Telegram refused the image\'s dimensions',
  PHOTO_EXT_INVALID: 'Telegram refused the image\'s format',
  FILE_PARTS_INVALID: 'Telegram refused the file upload',
};

const UNAVAILABLE = new Set(['RPC_CALL_FAIL', 'RPC_MCGET_FAIL', 'TIMEOUT', 'INTERDC_CALL_ERROR', 'INTERDC_CALL_RICH_ERROR', 'WORKER_BUSY_TOO_LONG_RETRY']);

export function classifyTelegramError(error: RpcErrorLike): TelegramFailure {
  const name = error.errorMessage ?? '';
  if (typeof error.seconds === 'number' || error.code === 420 || /^FLOOD_(PREMIUM_)?WAIT_/.test(name)) {
    return { kind: 'flood-wait', seconds: Math.max(1, error.seconds ?? (Number(/(\d+)$/.exec(name)?.[1]) || 60)) };
  }
  if (name === 'SESSION_PASSWORD_NEEDED') return { kind: 'password-needed' };
  if (LOGIN[name]) {
    const [code, message] = LOGIN[name];
    return code === 'flood-wait' ? { kind: 'flood-wait', seconds: 3600 } : { kind: 'login', code, message };
  }
  if (AUTH_LOST.has(name)) return { kind: 'auth-lost', reason: `Telegram ended the session (${name}): log in again` };
  if (BANNED.has(name)) return { kind: 'banned', reason: `Telegram has deactivated or banned the account (${name})` };
  if (REJECTED[name]) return { kind: 'rejected', reason: REJECTED[name] };
  if (UNAVAILABLE.has(name) || (error.code !== undefined && error.code >= 500) || !name) {
    return { kind: 'unavailable', reason: name ? `Telegram is having trouble (${name})` : 'Telegram could not be reached' };
  }
  return { kind: 'rejected', reason: `Telegram refused the request (${name})` };
}

/** The connector error the outbound pipeline acts on (retry, fail the message, change health). */
export function connectorErrorCodeOf(failure: TelegramFailure): ConnectorErrorCode {
  switch (failure.kind) {
    case 'flood-wait':
      return 'flood-wait';
    case 'auth-lost':
    case 'password-needed':
      return 'auth-lost';
    case 'banned':
      return 'banned';
    case 'rejected':
    case 'login':
      return 'rejected';
    case 'unavailable':
      return 'unavailable';
  }
}

/** The health a connection moves to after this failure, if any (MSG-10). */
export function healthAfter(failure: TelegramFailure, now: Date): HealthChange | null {
  switch (failure.kind) {
    case 'flood-wait':
      return { state: 'flood-wait', reason: `Telegram asks to wait ${failure.seconds} s`, floodWaitUntil: new Date(now.getTime() + failure.seconds * 1000) };
    case 'auth-lost':
    case 'password-needed':
      return { state: 'needs-relogin', reason: failure.kind === 'auth-lost' ? failure.reason : 'Telegram asks for the password again' };
    case 'banned':
      return { state: 'banned', reason: failure.reason };
    case 'login':
    case 'rejected':
    case 'unavailable':
      return null;
  }
}

export function failureMessage(failure: TelegramFailure): string {
  switch (failure.kind) {
    case 'flood-wait':
      return `Telegram asks to wait ${failure.seconds} s`;
    case 'password-needed':
      return 'Telegram asks for the two-step verification password';
    case 'login':
      return failure.message;
    case 'auth-lost':
    case 'banned':
    case 'rejected':
    case 'unavailable':
      return failure.reason;
  }
}
