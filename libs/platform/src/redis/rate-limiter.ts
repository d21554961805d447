import { Logger } from '@nestjs/common';
import { type Clock, SystemClock } from '../clock/clock';
import { type RedisClient } from './redis-client';

export interface RateDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

/**
 * Adds a lease to a window's counter and gives a new window its expiry: one atomic command.
 * KEYS[1] the window's counter; ARGV[1] the window in seconds; ARGV[2] the lease.
 */
const TAKE = `local count = redis.call('INCRBY', KEYS[1], ARGV[2]) if redis.call('TTL', KEYS[1]) == -1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end return count`;

/** A limit of L takes L/100 hits per Redis command (at most 100, at least 1). */
const LEASE_SHARE = 100;
const MAX_LEASE = 100;
/** Past this many keys in the process, the leases of windows that have ended are dropped. */
const PRUNE_ABOVE = 10_000;

interface Lease {
  windowSeconds: number;
  window: number;
  /** Hits this process may still allow in this window without asking Redis. */
  left: number;
  /** The window's counter has reached the limit: every process refuses until the window ends. */
  exhausted: boolean;
  taking?: Promise<'taken' | 'unavailable'>;
}

/**
 * Fixed-window counters in Redis, shared by every API instance.
 *
 * A process does not ask Redis on every hit: it takes a lease of hits from the window's
 * counter (INCRBY) and spends it locally. The counter only counts what was leased and a lease
 * is cut to what is left under the limit, so all processes together never allow more than the
 * limit in a window. A process may refuse early, while others hold leased hits they have not
 * spent: at most (instances − 1) × (lease − 1) hits of the window, 1 % of the limit per extra
 * instance. Limits under 200 lease one hit at a time, exactly as a counter per hit would.
 *
 * When Redis does not answer, requests are let through (and it is logged): an outage of the
 * counters must not become an outage of the product, and health must still be able to report it.
 */
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);
  private readonly leases = new Map<string, Lease>();

  constructor(
    private readonly redis: RedisClient,
    /** The deployment's namespace in Redis (QUEUE_PREFIX). */
    private readonly keyPrefix: string,
    private readonly clock: Clock = new SystemClock(),
  ) {}

  async hit(key: string, limit: number, windowSeconds: number): Promise<RateDecision> {
    for (;;) {
      const seconds = this.clock.now().getTime() / 1000;
      const lease = this.lease(key, windowSeconds, Math.floor(seconds / windowSeconds));
      if (lease.left > 0) {
        lease.left -= 1;
        return { allowed: true, retryAfterSeconds: 0 };
      }
      if (lease.exhausted) return { allowed: false, retryAfterSeconds: windowSeconds - (Math.floor(seconds) % windowSeconds) };
      // One command per key at a time: the hits that arrive meanwhile share its lease.
      lease.taking ??= this.take(key, lease, limit).finally(() => (lease.taking = undefined));
      if ((await lease.taking) === 'unavailable') return { allowed: true, retryAfterSeconds: 0 };
    }
  }

  private lease(key: string, windowSeconds: number, window: number): Lease {
    const id = `${windowSeconds}:${key}`;
    const known = this.leases.get(id);
    if (known?.window === window) return known;
    if (!known && this.leases.size >= PRUNE_ABOVE) this.prune();
    const lease: Lease = { windowSeconds, window, left: 0, exhausted: false };
    this.leases.set(id, lease);
    return lease;
  }

  private async take(key: string, lease: Lease, limit: number): Promise<'taken' | 'unavailable'> {
    const size = Math.max(1, Math.min(MAX_LEASE, Math.floor(limit / LEASE_SHARE)));
    const counter = `${this.keyPrefix}:ratelimit:${key}:${lease.window}`;
    let count: number;
    try {
      count = Number(await this.redis.connection.eval(TAKE, 1, counter, lease.windowSeconds, size));
    } catch (error) {
      this.logger.warn(`Rate limit not applied, Redis unavailable: ${(error as Error).message}`);
      return 'unavailable';
    }
    lease.left += Math.max(0, Math.min(size, limit - (count - size)));
    if (count >= limit) lease.exhausted = true;
    return 'taken';
  }

  private prune(): void {
    const seconds = this.clock.now().getTime() / 1000;
    for (const [id, lease] of this.leases) if (lease.window !== Math.floor(seconds / lease.windowSeconds)) this.leases.delete(id);
  }
}
