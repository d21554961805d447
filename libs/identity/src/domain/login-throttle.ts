// Growing delays after failed logins, to slow down password guessing without locking a real
// user out for good (OWASP Authentication Cheat Sheet: prefer throttling to hard lockout, which
// lets anyone lock any account).
//
// How callers apply it:
// - Count failures under two keys, the client IP and the account (normalised e-mail), and make
//   the caller wait for the larger of the two delays: per IP stops one address trying many
//   accounts, per account stops a botnet trying one account from many addresses.
// - Count the account key for e-mails that have no account too, and answer exactly as for a
//   wrong password (same message, same status, same Retry-After, a password hash computed all
//   the same), so that neither the response nor its timing reveals whether the e-mail is
//   registered.
// - Reset a key's counter after a successful login, and let it expire some time after its last
//   failure; "recent failures" below is whatever that counter holds.

/** Failures allowed without any delay: typos happen. */
export const FREE_LOGIN_FAILURES = 3;
/** The delay after the first failure past the free ones; it doubles with each further one. */
export const FIRST_LOGIN_DELAY_SECONDS = 2;
/** The delay never grows past 15 minutes. */
export const MAX_LOGIN_DELAY_SECONDS = 900;

/**
 * The delay imposed after `recentFailures` failed attempts: 0 for the first three, then 2 s
 * after the 4th, 4 s after the 5th, 8 s after the 6th and so on, capped at 900 s.
 */
export function loginDelaySeconds(recentFailures: number): number {
  if (!Number.isInteger(recentFailures) || recentFailures < 0) {
    throw new RangeError('The number of failures must be a non-negative integer');
  }
  const doublings = recentFailures - FREE_LOGIN_FAILURES - 1;
  if (doublings < 0) return 0;
  // Capping the exponent first keeps 2 ** n finite for any count.
  const cappedDoublings = Math.min(doublings, Math.ceil(Math.log2(MAX_LOGIN_DELAY_SECONDS / FIRST_LOGIN_DELAY_SECONDS)));
  return Math.min(FIRST_LOGIN_DELAY_SECONDS * 2 ** cappedDoublings, MAX_LOGIN_DELAY_SECONDS);
}

export interface LoginFailureRecord {
  /** Failures currently counted under one key (an IP or an account). */
  failures: number;
  /** When the last of them happened; null when none is recorded. */
  lastFailureAt: Date | null;
  now: Date;
}

/**
 * Whole seconds the caller must still wait before the next attempt under one key, 0 when an
 * attempt is allowed now. Rounded up, as an HTTP Retry-After value (RFC 9110 §10.2.3) must be
 * an integer and must not let the client back in early.
 */
export function retryAfterSeconds({ failures, lastFailureAt, now }: LoginFailureRecord): number {
  const delay = loginDelaySeconds(failures);
  if (delay === 0) return 0;
  if (lastFailureAt === null) throw new RangeError('A delay needs the time of the last failure');
  if (Number.isNaN(lastFailureAt.getTime()) || Number.isNaN(now.getTime())) throw new RangeError('Invalid date');
  const elapsedMs = now.getTime() - lastFailureAt.getTime();
  // A last failure "in the future" (clocks of two app servers disagreeing) counts as just now:
  // the wait never exceeds the delay itself.
  const remainingMs = delay * 1000 - Math.max(elapsedMs, 0);
  return remainingMs > 0 ? Math.ceil(remainingMs / 1000) : 0;
}
