import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Random secrets handed to a client once and stored only as their SHA-256. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** API tokens carry a recognisable prefix so secret scanners and our guard can tell them apart. */
export const API_TOKEN_PREFIX = 'ppk_';

export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${newSecret(32)}`;
}
