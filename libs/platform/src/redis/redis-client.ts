import Redis from 'ioredis';

/**
 * The shared Redis connection for short-lived counters (rate limits, throttles). Redis only
 * carries work and counters: nothing in it is the only copy of anything (rule 3).
 */
export abstract class RedisClient {
  abstract readonly connection: Redis;
}

export class IoRedisClient extends RedisClient {
  readonly connection: Redis;

  constructor(url: string) {
    super();
    this.connection = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 2000, enableOfflineQueue: true });
    this.connection.on('error', () => undefined); // surfaced by the failing command and by health
  }

  async close(): Promise<void> {
    this.connection.disconnect();
  }
}
