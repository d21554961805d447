/**
 * Logging a business's Telegram account in (issue 5, PRODUCT.md MSG-1): a small state machine
 * the SPA drives over several requests. QR login (core.telegram.org/api/qr-login) and phone-code
 * login both may end in the 2FA password step; the password itself never enters this state.
 *
 *   starting ──qr-issued──▶ waiting-for-scan ──qr-issued (renewed)──▶ waiting-for-scan
 *   starting ──code-sent──▶ code-sent ──code-rejected──▶ code-sent (with the error)
 *   waiting-for-scan | code-sent ──password-needed──▶ password-needed ──password-rejected──▶ password-needed
 *   waiting-for-scan | code-sent | password-needed ──succeeded──▶ done
 *   any pending ──flood-wait──▶ the same state with the wait (starting: failed, nothing to retry in)
 *   any pending ──failed──▶ failed · ──expired──▶ expired · ──cancelled──▶ cancelled
 */
export const LOGIN_STATES = ['starting', 'waiting-for-scan', 'code-sent', 'password-needed', 'done', 'expired', 'failed', 'cancelled'] as const;
export type LoginState = (typeof LOGIN_STATES)[number];
export type LoginMethod = 'qr' | 'phone';
export type CodeDelivery = 'app' | 'sms' | 'call' | 'other';

export const LOGIN_ERROR_CODES = [
  'code-invalid',
  'code-expired',
  'password-invalid',
  'phone-invalid',
  'phone-unregistered',
  'phone-banned',
  'flood-wait',
  'expired',
  'network',
  'not-found',
  'account-connected',
] as const;
export type LoginErrorCode = (typeof LOGIN_ERROR_CODES)[number];

export interface LoginError {
  code: LoginErrorCode;
  message: string;
}

export interface LoginView {
  method: LoginMethod;
  state: LoginState;
  qrUrl: string | null;
  qrExpiresAt: Date | null;
  phone: string | null;
  codeDelivery: CodeDelivery | null;
  passwordHint: string | null;
  error: LoginError | null;
  retryAfterSeconds: number | null;
  connectionId: string | null;
  expiresAt: Date;
}

export type LoginEvent =
  | { type: 'qr-issued'; url: string; expiresAt: Date }
  | { type: 'code-sent'; delivery: CodeDelivery }
  | { type: 'code-rejected'; error: LoginError }
  | { type: 'password-needed'; hint: string | null }
  | { type: 'password-rejected' }
  | { type: 'flood-wait'; seconds: number }
  | { type: 'succeeded'; connectionId: string }
  | { type: 'failed'; error: LoginError }
  | { type: 'expired' }
  | { type: 'cancelled' };

/** A pending login lasts this long in all; Telegram's code itself lives a few minutes too. */
export const LOGIN_TTL_MS = 5 * 60_000;

const FINAL: ReadonlySet<LoginState> = new Set(['done', 'expired', 'failed', 'cancelled']);

export function isFinal(state: LoginState): boolean {
  return FINAL.has(state);
}

/** Which events each state accepts; anything else is a bug in the driver, not a user error. */
const ACCEPTS: Record<LoginState, ReadonlySet<LoginEvent['type']>> = {
  starting: new Set(['qr-issued', 'code-sent', 'password-needed', 'succeeded', 'flood-wait', 'failed', 'expired', 'cancelled']),
  'waiting-for-scan': new Set(['qr-issued', 'password-needed', 'succeeded', 'flood-wait', 'failed', 'expired', 'cancelled']),
  'code-sent': new Set(['code-rejected', 'password-needed', 'succeeded', 'flood-wait', 'failed', 'expired', 'cancelled']),
  'password-needed': new Set(['password-rejected', 'succeeded', 'flood-wait', 'failed', 'expired', 'cancelled']),
  done: new Set(),
  expired: new Set(),
  failed: new Set(),
  cancelled: new Set(),
};

export class IllegalLoginTransition extends Error {
  constructor(
    readonly from: LoginState,
    readonly event: LoginEvent['type'],
  ) {
    super(`A login in state ${from} cannot take ${event}`);
    this.name = 'IllegalLoginTransition';
  }
}

export function startLogin(method: LoginMethod, phone: string | null, now: Date): LoginView {
  return {
    method,
    state: 'starting',
    qrUrl: null,
    qrExpiresAt: null,
    phone: phone ? maskPhone(phone) : null,
    codeDelivery: null,
    passwordHint: null,
    error: null,
    retryAfterSeconds: null,
    connectionId: null,
    expiresAt: new Date(now.getTime() + LOGIN_TTL_MS),
  };
}

export function canTake(view: LoginView, event: LoginEvent['type']): boolean {
  return ACCEPTS[view.state].has(event);
}

/** The next view; throws `IllegalLoginTransition` for an event the state does not take. */
export function transition(view: LoginView, event: LoginEvent): LoginView {
  if (!canTake(view, event.type)) throw new IllegalLoginTransition(view.state, event.type);
  const settled = { ...view, error: null, retryAfterSeconds: null };
  switch (event.type) {
    case 'qr-issued':
      return { ...settled, state: 'waiting-for-scan', qrUrl: event.url, qrExpiresAt: event.expiresAt };
    case 'code-sent':
      return { ...settled, state: 'code-sent', codeDelivery: event.delivery };
    case 'code-rejected':
      return { ...settled, error: event.error };
    case 'password-needed':
      return { ...settled, state: 'password-needed', qrUrl: null, qrExpiresAt: null, passwordHint: event.hint };
    case 'password-rejected':
      return { ...settled, error: { code: 'password-invalid', message: 'The password is not right' } };
    case 'flood-wait': {
      const error: LoginError = { code: 'flood-wait', message: `Telegram asks to wait ${event.seconds} s before trying again` };
      // Reported, never slept through inside a request (issue 5); from `starting` there is no
      // step to come back to, so the attempt ends and the SPA offers to start again later.
      return view.state === 'starting' ? { ...settled, state: 'failed', error, retryAfterSeconds: event.seconds } : { ...settled, error, retryAfterSeconds: event.seconds };
    }
    case 'succeeded':
      return { ...settled, state: 'done', qrUrl: null, qrExpiresAt: null, passwordHint: null, connectionId: event.connectionId };
    case 'failed':
      return { ...settled, state: 'failed', qrUrl: null, qrExpiresAt: null, error: event.error };
    case 'expired':
      return { ...settled, state: 'expired', qrUrl: null, qrExpiresAt: null, error: { code: 'expired', message: 'The login attempt expired' } };
    case 'cancelled':
      return { ...settled, state: 'cancelled', qrUrl: null, qrExpiresAt: null };
  }
}

/** "+79991234567" → "+7 ••• •••-••-67": enough for the employee to recognise the number. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 6) return '••••';
  const country = digits.length > 10 ? digits.slice(0, digits.length - 10) : '';
  return `${country ? `+${country} ` : ''}••• •••-••-${digits.slice(-2)}`;
}

/** International format as Telegram takes it: a plus, then 10 to 15 digits. */
export function normalisePhone(input: string): string | null {
  const compact = input.replace(/[\s()-]/g, '');
  const withPlus = compact.startsWith('8') && compact.length === 11 ? `+7${compact.slice(1)}` : compact.startsWith('+') ? compact : `+${compact}`;
  return /^\+\d{10,15}$/.test(withPlus) ? withPlus : null;
}

/** When to ask Telegram for a fresh QR token: a few seconds before the current one expires. */
export function qrRenewalDelayMs(expiresAt: Date, now: Date): number {
  return Math.max(1000, expiresAt.getTime() - now.getTime() - 5000);
}
