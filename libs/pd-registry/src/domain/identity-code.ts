import { type MasterKey, type ServiceText } from '@perepiska/platform';
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * The identity check by a one-time code to a known contact (issue 8): the business sends a
 * code into a conversation it already holds with the person, the person tells it back to the
 * employee. Pure rules, so the tests drive them with the platform's clock.
 */
export const IDENTITY_CODE = {
  digits: 6,
  /** How long a code stands. */
  ttlMs: 15 * 60_000,
  /** Wrong attempts a code takes; the last one voids it and a new one must be sent. */
  maxFailedAttempts: 5,
  /** A new code no sooner than this after the last one. */
  resendAfterMs: 60_000,
  /** And no more than this many within an hour, for one request. */
  sendsPerHour: 5,
} as const;

const HOUR_MS = 3_600_000;

export type IdentityCodeState = 'active' | 'replaced' | 'void' | 'used';

/** One code sent for a request, as stored: never the code itself. */
export interface IdentityCodeRecord {
  id: string;
  state: IdentityCodeState;
  channelLabel: string;
  sentAt: Date;
  expiresAt: Date;
  failedAttempts: number;
  codeHash: string;
  keyId: string;
}

/** Where a code stands now: an active one past its time has expired. */
export type IdentityCodeStatus = IdentityCodeState | 'expired';

export function codeStatus(code: Pick<IdentityCodeRecord, 'state' | 'expiresAt'>, now: Date): IdentityCodeStatus {
  if (code.state !== 'active') return code.state;
  return now.getTime() >= new Date(code.expiresAt).getTime() ? 'expired' : 'active';
}

/** Six digits from the system's cryptographic source, leading zeros kept. */
export function newCode(): string {
  return String(randomInt(0, 10 ** IDENTITY_CODE.digits)).padStart(IDENTITY_CODE.digits, '0');
}

/** What the person tells back, as typed: spaces and dashes between digits are forgiven. */
export function normaliseCode(given: string): string | null {
  const code = given.replace(/[\s-]/g, '');
  return new RegExp(`^\\d{${IDENTITY_CODE.digits}}$`).test(code) ? code : null;
}

export type SendRefusal = { reason: 'code-resend-too-soon' | 'code-send-limit'; retryAfterSeconds: number };

/**
 * Whether another code may go now, given when this request's codes were sent: one a minute,
 * five an hour, so a code cannot be fished for by sending again and again.
 */
export function sendRefusal(sentAt: readonly Date[], now: Date): SendRefusal | null {
  const at = now.getTime();
  const times = sentAt.map((d) => new Date(d).getTime()).sort((a, b) => a - b);
  const latest = times.at(-1);
  if (latest !== undefined && at - latest < IDENTITY_CODE.resendAfterMs) {
    return { reason: 'code-resend-too-soon', retryAfterSeconds: Math.ceil((latest + IDENTITY_CODE.resendAfterMs - at) / 1000) };
  }
  const lastHour = times.filter((t) => at - t < HOUR_MS);
  if (lastHour.length >= IDENTITY_CODE.sendsPerHour) {
    return { reason: 'code-send-limit', retryAfterSeconds: Math.ceil((lastHour[0] + HOUR_MS - at) / 1000) };
  }
  return null;
}

/** When the next code may be sent: now, or when the refusal lifts. */
export function nextSendAt(sentAt: readonly Date[], now: Date): Date {
  const refusal = sendRefusal(sentAt, now);
  return refusal ? new Date(now.getTime() + refusal.retryAfterSeconds * 1000) : now;
}

/** A code for a new send: the one still active (if any) is replaced by it. */
export function issue(codes: readonly IdentityCodeRecord[], now: Date): { refusal: SendRefusal } | { replaces: string | null; sentAt: Date; expiresAt: Date } {
  const refusal = sendRefusal(
    codes.map((c) => c.sentAt),
    now,
  );
  if (refusal) return { refusal };
  return { replaces: codes.find((c) => c.state === 'active')?.id ?? null, sentAt: now, expiresAt: new Date(now.getTime() + IDENTITY_CODE.ttlMs) };
}

export type AttemptOutcome =
  | { result: 'verified' }
  | { result: 'mismatch'; attemptsLeft: number }
  | { result: 'not-sent' }
  | { result: 'expired' }
  | { result: 'void' };

/**
 * Judges one attempt at the request's latest code. Only an active code counts: a wrong one
 * costs an attempt and the last attempt voids it; a right one is used up.
 */
export function judgeAttempt(latest: IdentityCodeRecord | null, matches: boolean, now: Date): { outcome: AttemptOutcome; change: Pick<IdentityCodeRecord, 'state' | 'failedAttempts'> | null } {
  if (!latest) return { outcome: { result: 'not-sent' }, change: null };
  const status = codeStatus(latest, now);
  if (status === 'expired' || status === 'void') return { outcome: { result: status }, change: null };
  if (status !== 'active') return { outcome: { result: 'not-sent' }, change: null };
  if (matches) return { outcome: { result: 'verified' }, change: { state: 'used', failedAttempts: latest.failedAttempts } };
  const failedAttempts = latest.failedAttempts + 1;
  const attemptsLeft = Math.max(0, IDENTITY_CODE.maxFailedAttempts - failedAttempts);
  return { outcome: { result: 'mismatch', attemptsLeft }, change: { state: attemptsLeft === 0 ? 'void' : 'active', failedAttempts } };
}

export function attemptsLeft(code: Pick<IdentityCodeRecord, 'failedAttempts'>): number {
  return Math.max(0, IDENTITY_CODE.maxFailedAttempts - code.failedAttempts);
}

/**
 * The message that carries the code, in the person's words: whose request, what to do with the
 * code, and what to do if they did not ask. The business's own copy has the code masked.
 */
export function codeMessage(business: string, requestNumber: string, code: string): ServiceText {
  const text = (shown: string) =>
    `${business}: код для подтверждения вашего запроса о персональных данных № ${requestNumber} — ${shown}. Код действует ${IDENTITY_CODE.ttlMs / 60_000} минут. ` +
    'Назовите его сотруднику, который рассматривает запрос. Если вы не подавали запрос, никому не сообщайте код.';
  return { recorded: text('•'.repeat(IDENTITY_CODE.digits)), delivered: text(code) };
}

/** «12.03.2026, 10:00 МСК» */
export function moscowDateTime(instant: Date): string {
  const formatted = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(instant);
  return `${formatted} МСК`;
}

/**
 * The code is kept only as an HMAC-SHA256 under a key derived from the server's master key
 * (the current one signs, any configured one still checks), bound to its request: a million
 * codes cannot be tried against a stolen row without the key, nor a row moved to another request.
 */
export class IdentityCodeHasher {
  private readonly keys: Map<string, Buffer>;
  private readonly currentKeyId: string;

  /** @param keys current first, e.g. `EnvelopeCipher.deriveKeys('subject-request-code')` */
  constructor(keys: readonly MasterKey[]) {
    if (!keys.length) throw new Error('A one-time code needs a key');
    this.keys = new Map(keys.map((k) => [k.id, k.key]));
    this.currentKeyId = keys[0].id;
  }

  hash(requestId: string, code: string): { codeHash: string; keyId: string } {
    return { codeHash: this.mac(this.keys.get(this.currentKeyId)!, requestId, code), keyId: this.currentKeyId };
  }

  matches(requestId: string, code: string, stored: Pick<IdentityCodeRecord, 'codeHash' | 'keyId'>): boolean {
    const key = this.keys.get(stored.keyId);
    if (!key) return false;
    const expected = Buffer.from(stored.codeHash);
    const given = Buffer.from(this.mac(key, requestId, code));
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private mac(key: Buffer, requestId: string, code: string): string {
    return createHmac('sha256', key).update(`subject-request-code:${requestId}:${code}`).digest('base64url');
  }
}
