import { DecryptionError, EnvelopeCipher, EncryptionKeyError, generateMasterKey, parseMasterKey } from './envelope-cipher';

const k1 = parseMasterKey(generateMasterKey('k1'));
const k2 = parseMasterKey(generateMasterKey('k2'));

describe('EnvelopeCipher', () => {
  it('round-trips text, including Cyrillic and empty strings', () => {
    const cipher = new EnvelopeCipher(k1);
    for (const text of ['', 'session-string', 'Привет, мир', 'x'.repeat(10_000)]) {
      expect(cipher.decrypt(cipher.encrypt(text))).toBe(text);
    }
  });

  it('carries the key id and never the plaintext', () => {
    const cipher = new EnvelopeCipher(k1);
    const sealed = cipher.encrypt('1BQANOTEuMTA4LjU2LjE4OAG7');
    expect(sealed.startsWith('pe1.k1.')).toBe(true);
    expect(sealed).not.toContain('1BQANOTEuMTA4LjU2LjE4OAG7');
    expect(cipher.keyIdOf(sealed)).toBe('k1');
  });

  it('uses a fresh data key and IV for every value', () => {
    const cipher = new EnvelopeCipher(k1);
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it('still decrypts values sealed under a retired key, and rewraps them under the current one', () => {
    const before = new EnvelopeCipher(k1);
    const sealed = before.encrypt('secret');
    const after = new EnvelopeCipher(k2, [k1]);
    expect(after.needsRewrap(sealed)).toBe(true);
    expect(after.decrypt(sealed)).toBe('secret');
    const rewrapped = after.rewrap(sealed);
    expect(after.keyIdOf(rewrapped)).toBe('k2');
    expect(after.needsRewrap(rewrapped)).toBe(false);
    expect(new EnvelopeCipher(k2).decrypt(rewrapped)).toBe('secret');
  });

  it('refuses an unknown key id, a tampered payload and a wrong context', () => {
    const cipher = new EnvelopeCipher(k1);
    const sealed = cipher.encrypt('secret', 'connections.credentials');
    expect(() => new EnvelopeCipher(k2).decrypt(sealed, 'connections.credentials')).toThrow(/unknown master key id "k1"/);
    expect(() => cipher.decrypt(sealed, 'other.column')).toThrow(DecryptionError);
    const segments = sealed.split('.');
    const last = Buffer.from(segments[7], 'base64url');
    last[0] = (last[0] ?? 0) ^ 1;
    segments[7] = last.toString('base64url');
    expect(() => cipher.decrypt(segments.join('.'), 'connections.credentials')).toThrow(DecryptionError);
    expect(() => cipher.decrypt('plain text')).toThrow(/not a sealed value/);
  });

  it.each([
    ['', /must be "<key-id>:/],
    ['nokey', /must be "<key-id>:/],
    ['k1:', /not base64/],
    ['bad id!:' + Buffer.alloc(32).toString('base64'), /key id must be/],
    ['k1:' + Buffer.alloc(16).toString('base64'), /32 bytes, got 16/],
    ['k1:%%%', /not base64/],
  ])('parseMasterKey(%j) fails with a clear reason', (value, reason) => {
    expect(() => parseMasterKey(value)).toThrow(EncryptionKeyError);
    expect(() => parseMasterKey(value)).toThrow(reason);
  });

  it('refuses two keys with one id', () => {
    expect(() => new EnvelopeCipher(k1, [k1])).toThrow(/duplicate key id/);
  });

  it('derives purpose keys per master key, current first, distinct from the master keys', () => {
    const cipher = new EnvelopeCipher(k2, [k1]);
    const derived = cipher.deriveKeys('access-token');
    expect(derived.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(derived[0].key.equals(k2.key)).toBe(false);
    expect(derived[0].key.equals(new EnvelopeCipher(k2).deriveKeys('access-token')[0].key)).toBe(true);
    expect(derived[0].key.equals(cipher.deriveKeys('other')[0].key)).toBe(false);
  });
});
