import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The API channel's webhook signature: HMAC-SHA256 over `${timestamp}.${body}` with the
 * connection's signing secret, sent as `x-perepiska-signature: sha256=<hex>` beside
 * `x-perepiska-timestamp` (seconds). Signing the timestamp lets the receiver refuse replays.
 */
export const SIGNATURE_HEADER = 'x-perepiska-signature';
export const TIMESTAMP_HEADER = 'x-perepiska-timestamp';

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** For integrators' reference and our tests: checks a signature and its age. */
export function verifyWebhook(secret: string, timestamp: string, body: string, signature: string, now = Date.now(), toleranceSeconds = 300): boolean {
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds) || Math.abs(now / 1000 - seconds) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, seconds, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
