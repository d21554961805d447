import { Logger } from '@nestjs/common';
import { type RedisClient } from './redis-client';

export interface RateDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

/** Counts a hit and gives a new window its expiry: one atomic command on every request's path. */
const HIT = `local count = redis.call('INCR', KEYS[1]) if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end return count`;

/**
 * Fixed-window counters in Redis, shared by every API instance. When Redis does not answer,
 * requests are let through (and it is logged): an outage of the counters must not become an
 * outage of the product, and health must still be able to report it.
 */
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);

  constructor(
    private readonly redis: RedisClient,
    /** The deployment's namespace in Redis (QUEUE_PREFIX). */
    private readonly keyPrefix: string,
  ) {}

  async hit(key: string, limit: number, windowSeconds: number): Promise<RateDecision> {
    const bucket = `${this.keyPrefix}:ratelimit:${key}:${Math.floor(Date.now() / 1000 / windowSeconds)}`;
    let count: number;
    try {
      count = Number(await this.redis.connection.eval(HIT, 1, bucket, windowSeconds));
    } catch (error) {
      this.logger.warn(`Rate limit not applied, Redis unavailable: ${(error as Error).message}`);
      return { allowed: true, retryAfterSeconds: 0 };
    }
    const remaining = windowSeconds - (Math.floor(Date.now() / 1000) % windowSeconds);
    return { allowed: count <= limit, retryAfterSeconds: count <= limit ? 0 : remaining };
  }
}
