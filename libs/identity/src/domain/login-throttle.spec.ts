import { MAX_LOGIN_DELAY_SECONDS, loginDelaySeconds, retryAfterSeconds } from './login-throttle';

describe('loginDelaySeconds', () => {
  it.each([
    [0, 0, 'no failures'],
    [1, 0, 'a typo'],
    [2, 0, 'a second typo'],
    [3, 0, 'the last free failure'],
    [4, 2, 'the first delay'],
    [5, 4, 'doubles'],
    [6, 8, 'doubles again'],
    [7, 16, ''],
    [8, 32, ''],
    [9, 64, ''],
    [10, 128, ''],
    [11, 256, ''],
    [12, 512, 'the last value below the cap'],
    [13, 900, '1024 s capped at 15 minutes'],
    [14, 900, 'stays at the cap'],
    [1000, 900, 'a long attack'],
    [Number.MAX_SAFE_INTEGER, 900, 'no overflow to Infinity'],
  ])('after %i failures waits %i s %s', (failures, seconds) => {
    expect(loginDelaySeconds(failures)).toBe(seconds);
  });

  it('caps at 15 minutes', () => {
    expect(MAX_LOGIN_DELAY_SECONDS).toBe(15 * 60);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %p failures', (failures) => {
    expect(() => loginDelaySeconds(failures)).toThrow(RangeError);
  });
});

describe('retryAfterSeconds', () => {
  const last = new Date('2026-03-02T10:00:00.000Z');
  const after = (ms: number) => new Date(last.getTime() + ms);

  it.each<[number, Date | null, Date, number, string]>([
    [0, null, last, 0, 'nothing recorded yet'],
    [3, last, last, 0, 'free failures never make anyone wait'],
    [3, null, last, 0, 'free failures need no timestamp'],
    [4, last, last, 2, 'right after the 4th failure'],
    [4, last, after(1), 2, '1 ms later, rounded up'],
    [4, last, after(1_000), 1, 'one second later'],
    [4, last, after(1_001), 1, 'rounded up, never early'],
    [4, last, after(1_999), 1, 'the last millisecond of the wait'],
    [4, last, after(2_000), 0, 'the wait is over'],
    [4, last, after(60_000), 0, 'long after'],
    [6, last, after(3_500), 5, '8 s delay, 3.5 s elapsed'],
    [13, last, after(0), 900, 'capped delay'],
    [13, last, after(899_001), 1, 'capped delay, almost over'],
    [13, last, after(900_000), 0, 'capped delay, over'],
    [5, last, after(-10_000), 4, 'last failure in the future: never more than the delay'],
  ])('%i failures, last at %p, now %p: wait %i s (%s)', (failures, lastFailureAt, now, seconds) => {
    expect(retryAfterSeconds({ failures, lastFailureAt, now })).toBe(seconds);
  });

  it.each([
    ['a negative count', { failures: -1, lastFailureAt: last, now: last }],
    ['a fractional count', { failures: 4.5, lastFailureAt: last, now: last }],
    ['a delay without the time of the last failure', { failures: 4, lastFailureAt: null, now: last }],
    ['an invalid last failure date', { failures: 4, lastFailureAt: new Date('not a date'), now: last }],
    ['an invalid current date', { failures: 4, lastFailureAt: last, now: new Date(Number.NaN) }],
  ])('refuses %s', (_name, record) => {
    expect(() => retryAfterSeconds(record)).toThrow(RangeError);
  });
});
