// Time-based one-time passwords for the second login factor: RFC 6238 (TOTP) on top of
// RFC 4226 (HOTP), with secrets exchanged in RFC 4648 base32 as authenticator apps expect.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Six digits, SHA-1 and 30 seconds: the parameters every authenticator app supports. */
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;

// RFC 4226 §4 R6: the shared secret is at least 128 bits; 160 bits is the recommended length
// (and the HMAC-SHA1 output size).
const MIN_SECRET_BYTES = 16;
const GENERATED_SECRET_BYTES = 20;

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 §6 base32, without the trailing '=' padding (authenticator apps omit it). */
export function base32Encode(bytes: Uint8Array): string {
  let output = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      output += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) output += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return output;
}

/**
 * RFC 4648 §6 base32 decoding. Accepts lowercase and the optional '=' padding, because users
 * and other tools write secrets that way; throws on anything else.
 */
export function base32Decode(text: string): Buffer {
  // Checked before upper-casing: 'ı'.toUpperCase() is 'I', and it must not pass for one.
  if (!/^[A-Za-z2-7]*=*$/.test(text)) throw new Error('base32: unexpected character');
  const data = text.replace(/=+$/, '').toUpperCase();
  const padding = text.length - data.length;
  // At most six '=' (a 1-byte final block), and they complete the block to 8 characters.
  if (padding > 6 || (padding > 0 && text.length % 8 !== 0)) throw new Error('base32: padding must fill the last 8-character block');
  // A final block carries 1-5 bytes, i.e. 2, 4, 5, 7 or 8 characters; 1, 3 and 6 cannot occur.
  if ([1, 3, 6].includes(data.length % 8)) throw new Error('base32: impossible length');
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of data) {
    buffer = ((buffer << 5) | BASE32_ALPHABET.indexOf(char)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** A new shared secret: 160 random bits (RFC 4226 §4 R6 recommendation), base32 encoded. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(GENERATED_SECRET_BYTES));
}

/** The RFC 6238 time step ("T") that contains the given instant. */
export function totpStepAt(atMs: number): number {
  if (!Number.isFinite(atMs) || atMs < 0) throw new RangeError('TOTP time must be a non-negative number of milliseconds');
  return Math.floor(atMs / 1000 / TOTP_PERIOD_SECONDS);
}

/** RFC 4226 §5.3 HOTP with HMAC-SHA1 and dynamic truncation to `digits` digits (6 to 8). */
export function hotpCode(key: Uint8Array, counter: number, digits: number): string {
  if (key.length < MIN_SECRET_BYTES) throw new RangeError(`HOTP secret must be at least ${MIN_SECRET_BYTES} bytes`);
  if (!Number.isSafeInteger(counter) || counter < 0) throw new RangeError('HOTP counter must be a non-negative integer');
  // RFC 4226 §4 R4: at least 6 digits; RFC 6238's reference implementation goes up to 8.
  if (!Number.isInteger(digits) || digits < 6 || digits > 8) throw new RangeError('HOTP code must have 6 to 8 digits');
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

function secretKey(secretBase32: string): Buffer {
  const key = base32Decode(secretBase32);
  if (key.length < MIN_SECRET_BYTES) throw new RangeError(`TOTP secret must be at least ${MIN_SECRET_BYTES} bytes`);
  return key;
}

/** The 6-digit code for the step containing `atMs`. Throws on a malformed secret. */
export function totpCode(secretBase32: string, atMs: number): string {
  return hotpCode(secretKey(secretBase32), totpStepAt(atMs), TOTP_DIGITS);
}

export interface TotpVerification {
  valid: boolean;
  /** The time step the code belongs to; present only when valid. */
  step?: number;
}

/**
 * Checks a 6-digit code against the steps from `window` before to `window` after the one
 * containing `atMs` (RFC 6238 §5.2 allows one step of drift for clocks and typing).
 *
 * Replay protection is the caller's job and is required (RFC 6238 §5.2: a verifier MUST NOT
 * accept the second attempt of the same OTP): store the returned `step` with the account and
 * refuse any later code whose step is less than or equal to the stored one. That also stops a
 * code observed over a shoulder from being used again within its window.
 *
 * Input that is not exactly six ASCII digits is rejected without computing anything. A
 * malformed stored secret throws: it is a data fault, not a wrong code.
 */
export function verifyTotp(
  secretBase32: string,
  code: string,
  atMs: number,
  { window = 1 }: { window?: number } = {},
): TotpVerification {
  if (!Number.isInteger(window) || window < 0 || window > 10) throw new RangeError('TOTP window must be an integer from 0 to 10');
  const key = secretKey(secretBase32);
  const current = totpStepAt(atMs);
  if (typeof code !== 'string' || !/^\d{6}$/.test(code)) return { valid: false };
  const given = Buffer.from(code);

  // Every step in the window is compared, with no early exit, so the response time does not
  // tell which step matched. The step nearest to the current one wins a (rare) collision.
  let matched: number | undefined;
  for (const distance of stepsByDistance(window)) {
    const step = current + distance;
    if (step < 0) continue;
    const expected = Buffer.from(hotpCode(key, step, TOTP_DIGITS));
    if (timingSafeEqual(expected, given) && matched === undefined) matched = step;
  }
  return matched === undefined ? { valid: false } : { valid: true, step: matched };
}

function stepsByDistance(window: number): number[] {
  const distances = [0];
  for (let d = 1; d <= window; d++) distances.push(-d, d);
  return distances;
}

/**
 * The otpauth:// URI an authenticator app reads from a QR code (Google Authenticator Key Uri
 * Format). The label is "Issuer:account" and the issuer is repeated as a parameter, as the
 * format recommends. Both parts are percent-encoded with %20 for spaces: some apps show a '+'
 * literally. Neither may contain a colon, which would make the label ambiguous.
 */
export function totpUri({ secretBase32, accountName, issuer }: { secretBase32: string; accountName: string; issuer: string }): string {
  if (issuer === '' || accountName === '') throw new RangeError('TOTP issuer and account name must not be empty');
  if (issuer.includes(':') || accountName.includes(':')) throw new RangeError('TOTP issuer and account name must not contain a colon');
  // Re-encoding normalises the secret (uppercase, no padding) and rejects a malformed one.
  const secret = base32Encode(secretKey(secretBase32));
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(accountName)}`;
  return (
    `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}` +
    `&algorithm=SHA1&digits=${TOTP_DIGITS}&period=${TOTP_PERIOD_SECONDS}`
  );
}
