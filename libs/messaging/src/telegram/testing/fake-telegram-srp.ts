import { createHash, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The server side of Telegram's 2FA password check: SRP-6a with SHA-256 and the
 * PBKDF2-HMAC-SHA512 (100 000 iterations) key derivation of
 * `passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow`
 * (https://core.telegram.org/api/srp). The fake keeps only the salts and the verifier v, as a
 * server would, and accepts an `InputCheckPasswordSRP` only when its M1 matches the one computed
 * from the client's A and the B it handed out.
 *
 * "All numbers are used in big-endian form, padded to 2048 bits; all math is modulo p"
 * (core.telegram.org/api/srp), so every value that goes into a hash goes through `pad`.
 */

/**
 * The 2048-bit safe prime Telegram sends as `p`. GramJS refuses any other (`checkPrimeAndGood` in
 * node_modules/telegram/Password.js compares the bytes to this constant), so the fake uses it.
 */
export const TELEGRAM_SRP_PRIME = Buffer.from(
  'c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4db' +
    'fa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f64' +
    '2477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b41' +
    '0dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4' +
    'e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf' +
    '6f4fadf034b10403119cd8e3b92fcc5b',
  'hex',
);
/** Telegram uses g = 3 with this prime. */
export const TELEGRAM_SRP_G = 3;

const SIZE = 256; // 2048 bits
const P = fromBytes(TELEGRAM_SRP_PRIME);
const G = BigInt(TELEGRAM_SRP_G);
/** k := H(p | PAD(g)) — the SRP-6a multiplier. */
const K_MULTIPLIER = fromBytes(sha256(pad(P), pad(G)));
/** g_a and g_b must lie in (2^(2048-64), p - 2^(2048-64)) (core.telegram.org/api/srp, "security checks"). */
const SAFETY_MARGIN = 1n << BigInt(2048 - 64);

/** What the server stores for an account's password: never the password itself. */
export interface SrpPassword {
  salt1: Buffer;
  salt2: Buffer;
  /** v := g^x mod p, x := PH2(password, salt1, salt2). */
  verifier: bigint;
}

/** One `account.getPassword` answer's secret half: the server's b behind the B it sent. */
export interface SrpChallenge {
  srpId: bigint;
  b: bigint;
  /** g_b := (k·v + g^b) mod p, padded to 256 bytes: `srp_B` of account.password. */
  srpB: Buffer;
}

export interface SrpCheck {
  srpId: bigint;
  A: Buffer;
  M1: Buffer;
}

/**
 * Registers a password the way Telegram stores it after account.updatePasswordSettings: the
 * client picks salt1 (server prefix + 32 random bytes) and salt2; the server keeps v.
 */
export function createSrpPassword(password: string, salts: { salt1?: Buffer; salt2?: Buffer } = {}): SrpPassword {
  const salt1 = salts.salt1 ?? randomBytes(40);
  const salt2 = salts.salt2 ?? randomBytes(16);
  const x = fromBytes(passwordHash(password, salt1, salt2));
  return { salt1, salt2, verifier: modPow(G, x, P) };
}

/** A fresh b and the B to send with account.password (srp_B, srp_id). */
export function createSrpChallenge(password: SrpPassword): SrpChallenge {
  for (;;) {
    const b = fromBytes(randomBytes(SIZE));
    const gB = modPow(G, b, P);
    // The client runs the range check on g^b = B - k·v (GramJS: "bad gB"); a server must not
    // hand out a b that fails it.
    if (!inSafeRange(gB)) continue;
    const B = (K_MULTIPLIER * password.verifier + gB) % P;
    if (B === 0n) continue;
    return { srpId: fromBytes(randomBytes(8)) & ((1n << 63n) - 1n), b, srpB: pad(B) };
  }
}

/**
 * Verifies the client's proof:
 *   u := H(g_a | g_b), S := (g_a · v^u)^b mod p, K := H(S),
 *   M1 := H(H(p) xor H(g) | H(salt1) | H(salt2) | g_a | g_b | K).
 * Refuses an A outside the safe range (it would let a client force S).
 */
export function verifySrpCheck(password: SrpPassword, challenge: SrpChallenge, check: SrpCheck): boolean {
  if (check.srpId !== challenge.srpId) return false;
  if (check.A.length === 0 || check.A.length > SIZE || check.M1.length !== 32) return false;
  const A = fromBytes(check.A);
  if (!inSafeRange(A)) return false;
  const aForHash = pad(A);
  const u = fromBytes(sha256(aForHash, challenge.srpB));
  if (u === 0n) return false;
  const S = modPow((A * modPow(password.verifier, u, P)) % P, challenge.b, P);
  const K = sha256(pad(S));
  const expected = sha256(
    xor(sha256(pad(P)), sha256(pad(G))),
    sha256(password.salt1),
    sha256(password.salt2),
    aForHash,
    challenge.srpB,
    K,
  );
  return timingSafeEqual(expected, check.M1);
}

/** PH2 of core.telegram.org/api/srp: SH(pbkdf2(sha512, PH1(password, salt1, salt2), salt1, 100000), salt2). */
function passwordHash(password: string, salt1: Buffer, salt2: Buffer): Buffer {
  const ph1 = saltedHash(saltedHash(Buffer.from(password, 'utf8'), salt1), salt2);
  return saltedHash(pbkdf2Sync(ph1, salt1, 100000, 64, 'sha512'), salt2);
}

/** SH(data, salt) := H(salt | data | salt). */
function saltedHash(data: Buffer, salt: Buffer): Buffer {
  return sha256(salt, data, salt);
}

function sha256(...parts: Buffer[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i += 1) out[i] = a[i] ^ b[i];
  return out;
}

function inSafeRange(value: bigint): boolean {
  return value > SAFETY_MARGIN && value < P - SAFETY_MARGIN;
}

function fromBytes(bytes: Buffer): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`);
}

function pad(value: bigint): Buffer {
  const hex = value.toString(16).padStart(SIZE * 2, '0');
  if (hex.length > SIZE * 2) throw new RangeError('The value does not fit in 2048 bits');
  return Buffer.from(hex, 'hex');
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    e >>= 1n;
    b = (b * b) % modulus;
  }
  return result;
}
