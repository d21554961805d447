import { HttpException, HttpStatus, UnauthorizedException } from '@nestjs/common';
import { ForbiddenError } from '@perepiska/platform';
import { type FastifyReply } from 'fastify';
import { AuthenticationError, ThrottledError } from '../services/auth.service';

/** One answer for every failed sign-in, so it never reveals whether an e-mail is registered. */
const INVALID_CREDENTIALS = 'Invalid e-mail or password';

/** Turns a failed credential check (sign-in, invitation, closing the business) into its HTTP answer. */
export function authenticationHttpError(error: unknown, reply: FastifyReply): unknown {
  if (error instanceof ThrottledError) {
    void reply.header('retry-after', String(error.retryAfterSeconds));
    return new HttpException('Too many failed attempts: wait before trying again', HttpStatus.TOO_MANY_REQUESTS);
  }
  if (!(error instanceof AuthenticationError)) return error;
  switch (error.reason) {
    case 'invalid-credentials':
    case 'totp-invalid':
      return new UnauthorizedException(INVALID_CREDENTIALS);
    case 'totp-required':
      return new UnauthorizedException({ message: 'Enter the code from your authenticator app', details: { totpRequired: true } });
    case 'no-active-membership':
      return new ForbiddenError('This account has no active access to a business');
    case 'session-invalid':
    case 'refresh-reused':
      return new UnauthorizedException('The session has ended: sign in again');
  }
}
