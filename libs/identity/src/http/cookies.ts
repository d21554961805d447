import { type FastifyReply } from 'fastify';

/** The SPA's cookie session: httpOnly, SameSite=Strict, the refresh cookie scoped to /auth. */
export const ACCESS_COOKIE = 'pp_access';
export const REFRESH_COOKIE = 'pp_refresh';
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

export function clearSessionCookies(reply: FastifyReply): void {
  void reply.clearCookie(ACCESS_COOKIE, { path: '/api' });
  void reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
}
