import { HttpException, HttpStatus } from '@nestjs/common';
import { type RateLimiter } from '@perepiska/platform';
import { type FastifyReply } from 'fastify';

/** The public pages' own ceilings per client IP, below the API's general one: they write to ledgers. */
export const PUBLIC_LIMITS = {
  consentForm: { limit: 10, windowSeconds: 3600 },
  consentPage: { limit: 120, windowSeconds: 60 },
  legalPage: { limit: 120, windowSeconds: 60 },
  cookieChoice: { limit: 30, windowSeconds: 60 },
} as const;

export async function limitPublicCaller(limiter: RateLimiter, reply: FastifyReply, key: string, rule: { limit: number; windowSeconds: number }): Promise<void> {
  const decision = await limiter.hit(key, rule.limit, rule.windowSeconds);
  if (!decision.allowed) {
    void reply.header('retry-after', String(decision.retryAfterSeconds));
    throw new HttpException('Too many requests: slow down and retry after the time in Retry-After', HttpStatus.TOO_MANY_REQUESTS);
  }
}
