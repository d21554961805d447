import {
  type ClientFacts,
  MAX_RETRY_DELAY_MS,
  backingOff,
  clientsToStop,
  credentialsDigestOf,
  fenceDeadline,
  leaseTiming,
  retryDelayMs,
  whyNotRunnable,
  withinFence,
} from './client-lease';

const live: ClientFacts = { state: 'active', suspended: false, hasCredentials: true };

describe('lease timing', () => {
  it.each<[number, { ttlMs: number; renewEveryMs: number; marginMs: number }]>([
    [3, { ttlMs: 3000, renewEveryMs: 1000, marginMs: 600 }],
    [4, { ttlMs: 4000, renewEveryMs: 1333, marginMs: 800 }],
    [30, { ttlMs: 30000, renewEveryMs: 10000, marginMs: 6000 }],
    [600, { ttlMs: 600000, renewEveryMs: 200000, marginMs: 120000 }],
  ])('a %i s lease → %j', (ttl, expected) => {
    expect(leaseTiming(ttl)).toEqual(expected);
  });

  it.each([2.9, 0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses a lease of %p s', (ttl) => {
    expect(() => leaseTiming(ttl)).toThrow(RangeError);
  });

  it.each([3, 4, 7, 30, 600])('with a %i s lease two renewals may fail before the deadline, which comes before the lease ends', (ttl) => {
    const timing = leaseTiming(ttl);
    const deadline = fenceDeadline(0, timing);
    expect(deadline).toBeGreaterThan(2 * timing.renewEveryMs);
    expect(deadline).toBeLessThan(timing.ttlMs);
  });
});

describe('the local fence', () => {
  const timing = leaseTiming(3);

  it.each<[string, number | undefined, number, boolean]>([
    ['never granted', undefined, 0, false],
    ['just granted', fenceDeadline(1000, timing), 1000, true],
    ['a moment before the deadline', fenceDeadline(1000, timing), 3399, true],
    ['at the deadline', fenceDeadline(1000, timing), 3400, false],
    ['after the deadline, before the lease itself ends', fenceDeadline(1000, timing), 3900, false],
  ])('%s', (_, deadline, now, expected) => {
    expect(withinFence(deadline, now)).toBe(expected);
  });
});

describe('retry back-off', () => {
  const timing = leaseTiming(30);

  it.each<[number, number]>([
    [0, 10_000],
    [1, 10_000],
    [2, 20_000],
    [3, 40_000],
    [5, 160_000],
    [6, MAX_RETRY_DELAY_MS],
    [1000, MAX_RETRY_DELAY_MS],
  ])('failure %i waits %i ms', (failures, expected) => {
    expect(retryDelayMs(failures, timing)).toBe(expected);
  });

  it('lists only the connections still inside their back-off', () => {
    const retries = new Map([
      ['a', { failures: 1, notBefore: 100 }],
      ['b', { failures: 3, notBefore: 50 }],
      ['c', { failures: 2, notBefore: 101 }],
    ]);
    expect(backingOff(retries, 100)).toEqual(['c']);
    expect(backingOff(retries, 0)).toEqual(['a', 'b', 'c']);
    expect(backingOff(new Map(), 0)).toEqual([]);
  });
});

describe('whether a client may run', () => {
  it.each<[Partial<ClientFacts> | null, string | null]>([
    [{}, null],
    [{ state: 'flood-wait' }, null],
    [null, 'gone'],
    [{ state: 'pending-login' }, 'not-active'],
    [{ state: 'needs-relogin' }, 'not-active'],
    [{ state: 'banned' }, 'not-active'],
    [{ state: 'disconnected', hasCredentials: false }, 'not-active'],
    [{ suspended: true }, 'suspended'],
    [{ hasCredentials: false }, 'credentials-gone'],
  ])('%j → %s', (change, expected) => {
    expect(whyNotRunnable(change ? { ...live, ...change } : undefined)).toBe(expected);
  });
});

describe('the clients a heartbeat stops', () => {
  it.each<[string, string[], string[], Record<string, Partial<ClientFacts> | null>, Array<[string, string]>]>([
    ['nothing held', [], [], {}, []],
    ['all renewed and live', ['a', 'b'], ['a', 'b'], { a: {}, b: { state: 'flood-wait' } }, []],
    ['a renewal failed', ['a', 'b'], ['b'], { a: {}, b: {} }, [['a', 'lease-lost']]],
    ['a lost lease wins over any other reason', ['a'], [], { a: { state: 'disconnected' } }, [['a', 'lease-lost']]],
    ['disconnected by the business', ['a', 'b'], ['a', 'b'], { a: { state: 'disconnected', hasCredentials: false }, b: {} }, [['a', 'not-active']]],
    ['the account needs a new login', ['a'], ['a'], { a: { state: 'needs-relogin' } }, [['a', 'not-active']]],
    ['the channel type was suspended', ['a', 'b'], ['a', 'b'], { a: { suspended: true }, b: { suspended: true } }, [['a', 'suspended'], ['b', 'suspended']]],
    ['the credentials are gone', ['a'], ['a'], { a: { hasCredentials: false } }, [['a', 'credentials-gone']]],
    ['the connection row is gone', ['a'], ['a'], { a: null }, [['a', 'gone']]],
  ])('%s', (_, held, renewed, facts, expected) => {
    const known = new Map(Object.entries(facts).flatMap(([id, change]) => (change ? [[id, { ...live, ...change }] as const] : [])));
    expect(clientsToStop(held, new Set(renewed), known).map((stop) => [stop.connectionId, stop.reason])).toEqual(expected);
  });

  it('restarts a client whose credentials were replaced (a re-login), and only that one', () => {
    const facts = new Map([
      ['a', { ...live, credentialsDigest: 'new' }],
      ['b', { ...live, credentialsDigest: 'same' }],
      ['c', { ...live, credentialsDigest: 'x' }],
    ]);
    const startedWith = new Map([
      ['a', 'old'],
      ['b', 'same'],
    ]);
    expect(clientsToStop(['a', 'b', 'c'], new Set(['a', 'b', 'c']), facts, startedWith)).toEqual([{ connectionId: 'a', reason: 'credentials-changed' }]);
    expect(credentialsDigestOf(null)).toBeNull();
    expect(credentialsDigestOf('sealed')).toMatch(/^[0-9a-f]{64}$/);
  });
});
