import { HttpException, HttpStatus } from '@nestjs/common';
import { type FastifyReply } from 'fastify';
import { type RateLimiter } from './rate-limiter';

/**
 * A public page's own ceiling per client IP, below the API's general one (they write to
 * ledgers and queues without a sign-in): 429 with Retry-After past it.
 */
export async function limitPublicCaller(limiter: RateLimiter, reply: FastifyReply, key: string, rule: { limit: number; windowSeconds: number }): Promise<void> {
  const decision = await limiter.hit(key, rule.limit, rule.windowSeconds);
  if (!decision.allowed) {
    void reply.header('retry-after', String(decision.retryAfterSeconds));
    throw new HttpException('Too many requests: slow down and retry after the time in Retry-After', HttpStatus.TOO_MANY_REQUESTS);
  }
}
