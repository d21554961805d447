import { EnvelopeCipher, FixedClock, generateMasterKey, parseMasterKey } from '@perepiska/platform';
import {
  IDENTITY_CODE,
  type IdentityCodeRecord,
  IdentityCodeHasher,
  codeMessage,
  codeStatus,
  issue,
  judgeAttempt,
  moscowDateTime,
  newCode,
  nextSendAt,
  normaliseCode,
  sendRefusal,
} from './identity-code';

const REQUEST = '0b6f2d55-3f4e-4f8e-9a36-1f0f9c2f4a10';
const MINUTE = 60_000;

/** One request's codes as the service keeps them: each send replaces the active one, each attempt judges the latest. */
class Ledger {
  readonly codes: IdentityCodeRecord[] = [];
  private n = 0;

  constructor(
    private readonly clock: FixedClock,
    private readonly hasher: IdentityCodeHasher,
  ) {}

  send(code = newCode()): { code: string } | { refused: string } {
    const plan = issue(this.codes, this.clock.now());
    if ('refusal' in plan) return { refused: plan.refusal.reason };
    const replaced = this.codes.find((c) => c.id === plan.replaces);
    if (replaced) replaced.state = 'replaced';
    this.codes.push({ id: `c${++this.n}`, state: 'active', channelLabel: 'Telegram · +7 *** ***-45-67', sentAt: plan.sentAt, expiresAt: plan.expiresAt, failedAttempts: 0, ...this.hasher.hash(REQUEST, code) });
    return { code };
  }

  attempt(given: string) {
    const latest = this.codes.at(-1) ?? null;
    const { outcome, change } = judgeAttempt(latest, latest ? this.hasher.matches(REQUEST, given, latest) : false, this.clock.now());
    if (latest && change) Object.assign(latest, change);
    return outcome;
  }
}

describe('one-time identity codes', () => {
  const hasher = new IdentityCodeHasher(new EnvelopeCipher(parseMasterKey(generateMasterKey('k1'))).deriveKeys('subject-request-code'));
  let clock: FixedClock;
  let ledger: Ledger;

  beforeEach(() => {
    clock = new FixedClock(new Date('2026-03-12T07:00:00.000Z'));
    ledger = new Ledger(clock, hasher);
  });

  it('makes six digits, leading zeros kept, and reads them back with spaces forgiven', () => {
    for (let i = 0; i < 200; i += 1) expect(newCode()).toMatch(/^\d{6}$/);
    expect(normaliseCode(' 012 345 ')).toBe('012345');
    expect(normaliseCode('012-345')).toBe('012345');
    expect(normaliseCode('12345')).toBeNull();
    expect(normaliseCode('12345a')).toBeNull();
  });

  it('keeps the code only as an HMAC bound to its request, checked with the key that made it', () => {
    const stored = hasher.hash(REQUEST, '123456');
    expect(stored.codeHash).not.toContain('123456');
    expect(hasher.matches(REQUEST, '123456', stored)).toBe(true);
    expect(hasher.matches(REQUEST, '123457', stored)).toBe(false);
    expect(hasher.matches('another-request', '123456', stored)).toBe(false);
    expect(hasher.matches(REQUEST, '123456', { ...stored, keyId: 'gone' })).toBe(false);
    const otherServer = new IdentityCodeHasher(new EnvelopeCipher(parseMasterKey(generateMasterKey('k1'))).deriveKeys('subject-request-code'));
    expect(otherServer.matches(REQUEST, '123456', stored)).toBe(false);
  });

  it('passes the right code within 15 minutes, once', () => {
    ledger.send('123456');
    clock.advance(IDENTITY_CODE.ttlMs - 1000);
    expect(ledger.attempt('123456')).toEqual({ result: 'verified' });
    expect(ledger.codes[0].state).toBe('used');
    expect(ledger.attempt('123456')).toEqual({ result: 'not-sent' });
  });

  it('lets a code run out after 15 minutes, right or wrong, without counting the attempt', () => {
    ledger.send('123456');
    clock.advance(IDENTITY_CODE.ttlMs);
    expect(codeStatus(ledger.codes[0], clock.now())).toBe('expired');
    expect(ledger.attempt('123456')).toEqual({ result: 'expired' });
    expect(ledger.attempt('000000')).toEqual({ result: 'expired' });
    expect(ledger.codes[0].failedAttempts).toBe(0);
  });

  it('counts wrong attempts down and voids the code on the fifth, even for the right one after it', () => {
    ledger.send('123456');
    for (let left = 4; left >= 1; left -= 1) expect(ledger.attempt('654321')).toEqual({ result: 'mismatch', attemptsLeft: left });
    expect(ledger.codes[0].state).toBe('active');
    expect(ledger.attempt('654321')).toEqual({ result: 'mismatch', attemptsLeft: 0 });
    expect(ledger.codes[0]).toMatchObject({ state: 'void', failedAttempts: 5 });
    expect(ledger.attempt('123456')).toEqual({ result: 'void' });
  });

  it('answers that no code was sent before the first one', () => {
    expect(ledger.attempt('123456')).toEqual({ result: 'not-sent' });
  });

  it('replaces the old code by a new one: the old one no longer passes, the new one starts with five attempts', () => {
    ledger.send('111111');
    ledger.attempt('999999');
    clock.advance(IDENTITY_CODE.resendAfterMs);
    ledger.send('222222');
    expect(ledger.codes.map((c) => c.state)).toEqual(['replaced', 'active']);
    expect(ledger.attempt('111111')).toEqual({ result: 'mismatch', attemptsLeft: 4 });
    expect(ledger.attempt('222222')).toEqual({ result: 'verified' });
  });

  it('sends a void or expired code\'s successor at once when the minute has passed', () => {
    ledger.send('111111');
    for (let i = 0; i < IDENTITY_CODE.maxFailedAttempts; i += 1) ledger.attempt('999999');
    clock.advance(IDENTITY_CODE.resendAfterMs);
    expect(ledger.send('222222')).toEqual({ code: '222222' });
    expect(ledger.codes.map((c) => c.state)).toEqual(['void', 'active']);
  });

  it('sends again no sooner than a minute after the last code, and at most five an hour', () => {
    ledger.send();
    clock.advance(IDENTITY_CODE.resendAfterMs - 1000);
    expect(ledger.send()).toEqual({ refused: 'code-resend-too-soon' });
    expect(sendRefusal(ledger.codes.map((c) => c.sentAt), clock.now())).toEqual({ reason: 'code-resend-too-soon', retryAfterSeconds: 1 });
    clock.advance(1000);
    for (let i = 2; i <= IDENTITY_CODE.sendsPerHour; i += 1) {
      expect(ledger.send()).toHaveProperty('code');
      clock.advance(IDENTITY_CODE.resendAfterMs);
    }
    // Five sent, the first at 07:00 and the fifth at 07:04: the sixth waits until 08:00.
    expect(ledger.send()).toEqual({ refused: 'code-send-limit' });
    expect(nextSendAt(ledger.codes.map((c) => c.sentAt), clock.now()).toISOString()).toBe('2026-03-12T08:00:00.000Z');
    clock.advance(60 * MINUTE - 5 * MINUTE);
    expect(ledger.send()).toHaveProperty('code');
    expect(ledger.codes.filter((c) => c.state === 'active')).toHaveLength(1);
  });
});

describe('the message that carries a code', () => {
  it('gives the person the code and keeps the business\'s copy masked', () => {
    const text = codeMessage('ООО «Шарики»', 'ЗПД-2026-0001', '042917');
    expect(text.delivered).toContain('— 042917.');
    expect(text.delivered).toContain('ЗПД-2026-0001');
    expect(text.delivered).toContain('15 минут');
    expect(text.recorded).not.toContain('042917');
    expect(text.recorded).toBe(text.delivered.replace('042917', '••••••'));
  });

  it('says when a code was sent in Moscow time', () => {
    expect(moscowDateTime(new Date('2026-03-12T07:05:00.000Z'))).toBe('12.03.2026, 10:05 МСК');
  });
});
