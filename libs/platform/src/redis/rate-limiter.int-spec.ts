import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { FixedClock } from '../clock/clock';
import { RateLimiter } from './rate-limiter';
import { IoRedisClient } from './redis-client';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('RateLimiter on a real Redis', () => {
  const redis = new IoRedisClient(REDIS_URL);
  const prefix = `${process.env.PEREPISKA_TEST_QUEUE_PREFIX ?? 'test'}-${randomUUID()}`;
  const limiter = new RateLimiter(redis, prefix);

  afterAll(async () => {
    const keys = await redis.connection.keys(`${prefix}:*`);
    if (keys.length) await redis.connection.del(...keys);
    await redis.connection.quit();
  });

  it('allows the limit within a window, refuses the next hit with the time left, and gives the window its expiry', async () => {
    const decisions = [];
    for (let i = 0; i < 4; i += 1) decisions.push(await limiter.hit('login:someone', 3, 60));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions[3].retryAfterSeconds).toBeGreaterThan(0);
    expect(decisions[3].retryAfterSeconds).toBeLessThanOrEqual(60);
    const [key] = await redis.connection.keys(`${prefix}:ratelimit:login:someone:*`);
    const ttl = await redis.connection.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  it('counts each key on its own', async () => {
    await limiter.hit('ip:10.0.0.1', 1, 60);
    await expect(limiter.hit('ip:10.0.0.2', 1, 60)).resolves.toEqual({ allowed: true, retryAfterSeconds: 0 });
  });

  it('allows exactly the limit when one process spends leases of hits, concurrent hits included', async () => {
    const decisions = await Promise.all(Array.from({ length: 500 }, () => limiter.hit('ip:10.0.0.4', 300, 60)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(300);
    expect(decisions.filter((d) => !d.allowed).every((d) => d.retryAfterSeconds > 0)).toBe(true);
    const [key] = await redis.connection.keys(`${prefix}:ratelimit:ip:10.0.0.4:*`);
    // 300 / 100 = 3 hits a lease, 100 leases; the lease that reached the limit marked the window
    // spent, so the refusals asked Redis nothing.
    expect(Number(await redis.connection.get(key))).toBe(300);
  });

  it('asks Redis once per lease, not once per hit', async () => {
    for (let i = 0; i < 1_000; i += 1) await limiter.hit('token:leased', 1_000_000, 60);
    const [key] = await redis.connection.keys(`${prefix}:ratelimit:token:leased:*`);
    expect(Number(await redis.connection.get(key))).toBe(1_000);
    await limiter.hit('token:leased', 1_000_000, 60);
    expect(Number(await redis.connection.get(key))).toBe(1_100);
  });

  it('never lets processes together exceed the limit, and refuses early by at most their unspent leases', async () => {
    const processes = [new RateLimiter(redis, prefix), new RateLimiter(redis, prefix), new RateLimiter(redis, prefix)];
    let allowed = 0;
    for (let i = 0; i < 3_000; i += 1) {
      // An uneven spread, as a load balancer gives: process 0 takes half.
      const instance = processes[i % 2 === 0 ? 0 : 1 + ((i >> 1) % 2)];
      if ((await instance.hit('ip:10.0.0.5', 2_000, 60)).allowed) allowed += 1;
    }
    // 2 000 / 100 = 20 hits a lease; two other processes may each hold 19 unspent.
    expect(allowed).toBeLessThanOrEqual(2_000);
    expect(allowed).toBeGreaterThanOrEqual(2_000 - 2 * 19);
  });

  it('starts afresh when the window ends', async () => {
    const clock = new FixedClock(new Date(Date.UTC(2026, 11, 4, 12, 0, 0)));
    const clocked = new RateLimiter(redis, prefix, clock);
    const first = await Promise.all(Array.from({ length: 3 }, () => clocked.hit('form:someone', 2, 60)));
    expect(first.map((d) => d.allowed)).toEqual([true, true, false]);
    expect(first[2].retryAfterSeconds).toBe(60);
    clock.advance(59_000);
    expect((await clocked.hit('form:someone', 2, 60)).retryAfterSeconds).toBe(1);
    clock.advance(1_000);
    expect((await clocked.hit('form:someone', 2, 60)).allowed).toBe(true);
  });

  it('lets requests through when Redis does not answer', async () => {
    // A short command timeout: ioredis keeps a failed command's timer until it fires.
    const connection = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, commandTimeout: 50 });
    connection.on('error', () => undefined);
    try {
      await expect(new RateLimiter({ connection }, prefix).hit('ip:10.0.0.3', 1, 60)).resolves.toEqual({ allowed: true, retryAfterSeconds: 0 });
    } finally {
      connection.disconnect();
    }
  });
});
