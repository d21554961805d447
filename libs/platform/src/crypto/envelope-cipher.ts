import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Envelope encryption with AES-256-GCM (ARCHITECTURE.md rule 5).
 *
 * Every value gets its own random data key; the data key is wrapped by a master key whose id
 * travels in the ciphertext, so old master keys keep decrypting after a rotation and a
 * rotation only has to re-wrap the data key, never re-encrypt the payload.
 *
 * Format (dot-separated, base64url segments):
 *   pe1.<keyId>.<wrapIv>.<wrapTag>.<wrappedKey>.<iv>.<tag>.<ciphertext>
 */
export const CIPHERTEXT_PREFIX = 'pe1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

export interface MasterKey {
  id: string;
  key: Buffer;
}

export class EncryptionKeyError extends Error {}
export class DecryptionError extends Error {}

/** Parses `<key-id>:<base64 of 32 bytes>`; throws with a message fit for a config error line. */
export function parseMasterKey(value: string): MasterKey {
  const separator = value.indexOf(':');
  if (separator < 1) {
    throw new EncryptionKeyError('must be "<key-id>:<base64 of 32 random bytes>"');
  }
  const id = value.slice(0, separator);
  const material = value.slice(separator + 1);
  if (!KEY_ID_PATTERN.test(id)) {
    throw new EncryptionKeyError('key id must be 1-32 characters of A-Z, a-z, 0-9, "_" or "-"');
  }
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(material)) {
    throw new EncryptionKeyError('key material is not base64');
  }
  const key = Buffer.from(material, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new EncryptionKeyError(`key material must decode to ${KEY_BYTES} bytes, got ${key.length}`);
  }
  return { id, key };
}

export function generateMasterKey(id: string): string {
  return `${id}:${randomBytes(KEY_BYTES).toString('base64')}`;
}

interface SealedParts {
  keyId: string;
  wrapIv: Buffer;
  wrapTag: Buffer;
  wrappedKey: Buffer;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

export class EnvelopeCipher {
  private readonly keys = new Map<string, Buffer>();

  /** @param current the key new values are sealed with; @param retired keys that still decrypt */
  constructor(
    private readonly current: MasterKey,
    retired: readonly MasterKey[] = [],
  ) {
    for (const key of [current, ...retired]) {
      if (this.keys.has(key.id)) throw new EncryptionKeyError(`duplicate key id "${key.id}"`);
      this.keys.set(key.id, key.key);
    }
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  /**
   * @param context optional associated data (e.g. "connections.credentials"): a ciphertext only
   * opens under the same context, so a value cannot be moved to another column unnoticed.
   */
  encrypt(plaintext: string, context = ''): string {
    const dataKey = randomBytes(KEY_BYTES);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    const wrapped = this.wrap(dataKey, this.current);
    dataKey.fill(0);
    return format({ keyId: this.current.id, ...wrapped, iv, tag, ciphertext });
  }

  decrypt(sealed: string, context = ''): string {
    const parts = parse(sealed);
    const dataKey = this.unwrap(parts);
    try {
      const decipher = createDecipheriv('aes-256-gcm', dataKey, parts.iv);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(parts.tag);
      return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new DecryptionError('ciphertext or context does not authenticate');
    } finally {
      dataKey.fill(0);
    }
  }

  /**
   * Keys for another purpose (e.g. signing access tokens), derived with HKDF-SHA256 from each
   * master key, current first, so they rotate with the master keys and never expose them.
   */
  deriveKeys(purpose: string): MasterKey[] {
    return [...this.keys.entries()]
      .sort(([a], [b]) => (a === this.current.id ? -1 : b === this.current.id ? 1 : 0))
      .map(([id, key]) => ({ id, key: Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `perepiska/${purpose}`, KEY_BYTES)) }));
  }

  keyIdOf(sealed: string): string {
    return parse(sealed).keyId;
  }

  needsRewrap(sealed: string): boolean {
    return this.keyIdOf(sealed) !== this.current.id;
  }

  /** Re-wraps the data key under the current master key; the payload is untouched. */
  rewrap(sealed: string): string {
    const parts = parse(sealed);
    if (parts.keyId === this.current.id) return sealed;
    const dataKey = this.unwrap(parts);
    const wrapped = this.wrap(dataKey, this.current);
    dataKey.fill(0);
    return format({ ...parts, keyId: this.current.id, ...wrapped });
  }

  private wrap(dataKey: Buffer, master: MasterKey): Pick<SealedParts, 'wrapIv' | 'wrapTag' | 'wrappedKey'> {
    const wrapIv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', master.key, wrapIv);
    cipher.setAAD(Buffer.from(master.id, 'utf8'));
    const wrappedKey = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return { wrapIv, wrapTag: cipher.getAuthTag(), wrappedKey };
  }

  private unwrap(parts: SealedParts): Buffer {
    const master = this.keys.get(parts.keyId);
    if (!master) throw new DecryptionError(`unknown master key id "${parts.keyId}"`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', master, parts.wrapIv);
      decipher.setAAD(Buffer.from(parts.keyId, 'utf8'));
      decipher.setAuthTag(parts.wrapTag);
      return Buffer.concat([decipher.update(parts.wrappedKey), decipher.final()]);
    } catch {
      throw new DecryptionError('data key does not authenticate under its master key');
    }
  }
}

export function isSealed(value: string): boolean {
  return value.startsWith(`${CIPHERTEXT_PREFIX}.`);
}

function format(p: SealedParts): string {
  return [CIPHERTEXT_PREFIX, p.keyId, p.wrapIv, p.wrapTag, p.wrappedKey, p.iv, p.tag, p.ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

function parse(sealed: string): SealedParts {
  const segments = sealed.split('.');
  if (segments.length !== 8 || segments[0] !== CIPHERTEXT_PREFIX) {
    throw new DecryptionError('not a sealed value');
  }
  const [, keyId, wrapIv, wrapTag, wrappedKey, iv, tag, ciphertext] = segments;
  const b = (s: string | undefined) => Buffer.from(s ?? '', 'base64url');
  return {
    keyId: keyId ?? '',
    wrapIv: b(wrapIv),
    wrapTag: b(wrapTag),
    wrappedKey: b(wrappedKey),
    iv: b(iv),
    tag: b(tag),
    ciphertext: b(ciphertext),
  };
}
