import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
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
