import { Inject, Injectable } from '@nestjs/common';
import { RedisClient } from '@perepiska/platform';
import { retryAfterSeconds } from '../domain/login-throttle';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity.options';
import { sha256 } from './secrets';

const FORGET_AFTER_SECONDS = 60 * 60;

/**
 * Login failures per IP and per account (the e-mail's hash, whether or not an account exists,
 * so the throttle itself reveals nothing), with growing delays from domain/login-throttle.
 */
@Injectable()
export class LoginThrottleStore {
  constructor(
    private readonly redis: RedisClient,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {}

  private keys(ip: string | undefined, email: string): string[] {
    const prefix = `${this.options.redisKeyPrefix}:login-failures`;
    return [`${prefix}:ip:${ip ?? 'unknown'}`, `${prefix}:account:${sha256(email.trim().toLowerCase())}`];
  }

  /** Seconds to wait before another attempt is even checked; 0 when allowed. */
  async waitSeconds(ip: string | undefined, email: string, now = Date.now()): Promise<number> {
    const records = await Promise.all(this.keys(ip, email).map((key) => this.redis.connection.hgetall(key)));
    return Math.max(
      0,
      ...records.map((r) =>
        r.failures ? retryAfterSeconds({ failures: Number(r.failures), lastFailureAt: new Date(Number(r.last)), now: new Date(now) }) : 0,
      ),
    );
  }

  async recordFailure(ip: string | undefined, email: string, now = Date.now()): Promise<void> {
    const multi = this.redis.connection.multi();
    for (const key of this.keys(ip, email)) {
      multi.hincrby(key, 'failures', 1).hset(key, 'last', String(now)).expire(key, FORGET_AFTER_SECONDS);
    }
    await multi.exec();
  }

  /** A success clears the account's failures; the IP's stay, so one good password elsewhere cannot reset a guessing run. */
  async recordSuccess(email: string): Promise<void> {
    await this.redis.connection.del(this.keys(undefined, email)[1]);
  }
}
