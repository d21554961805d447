import { randomBytes } from 'node:crypto';
import { InvalidInputError } from '../errors/domain-errors';
import { type ObjectStorage } from './object-storage';

/**
 * What every ObjectStorage adapter promises, run by each adapter's spec. `factory` gives a
 * fresh, empty store for every test.
 */
export function describeObjectStorageContract(name: string, factory: () => ObjectStorage | Promise<ObjectStorage>): void {
  describe(`${name} (ObjectStorage contract)`, () => {
    let storage: ObjectStorage;

    beforeEach(async () => {
      storage = await factory();
    });

    it('round-trips bytes and the content type', async () => {
      const everyByte = Buffer.from(Array.from({ length: 256 }, (_, byte) => byte));
      const large = randomBytes(300 * 1024);
      await storage.put('t1/attachments/every-byte', everyByte, { contentType: 'application/octet-stream' });
      await storage.put('t1/attachments/large.bin', large, { contentType: 'image/png' });
      await storage.put('t1/attachments/voice', Buffer.from('OggS'), { contentType: 'audio/ogg; codecs=opus' });
      await storage.put('t1/attachments/empty', Buffer.alloc(0), { contentType: 'text/plain' });

      const first = await storage.get('t1/attachments/every-byte');
      expect(first?.body.equals(everyByte)).toBe(true);
      expect(first?.info).toEqual({ size: 256, contentType: 'application/octet-stream' });
      const second = await storage.get('t1/attachments/large.bin');
      expect(second?.body.equals(large)).toBe(true);
      expect(second?.info).toEqual({ size: large.length, contentType: 'image/png' });
      expect((await storage.get('t1/attachments/voice'))?.info.contentType).toBe('audio/ogg; codecs=opus');
      expect((await storage.get('t1/attachments/empty'))?.info).toEqual({ size: 0, contentType: 'text/plain' });
    });

    it('accepts every character of the key alphabet', async () => {
      const key = 'Tenant_0-9.z/attachments/A.b-c_d.PDF';
      await storage.put(key, Buffer.from('x'), { contentType: 'application/pdf' });
      expect((await storage.get(key))?.body.toString()).toBe('x');
    });

    it('overwrites an object, content type included', async () => {
      await storage.put('t1/attachments/a', Buffer.from('first version'), { contentType: 'text/plain' });
      await storage.put('t1/attachments/a', Buffer.from('2'), { contentType: 'application/pdf' });
      const stored = await storage.get('t1/attachments/a');
      expect(stored?.body.toString()).toBe('2');
      expect(stored?.info).toEqual({ size: 1, contentType: 'application/pdf' });
    });

    it('answers null for an absent key, also next to, above and below existing ones', async () => {
      await storage.put('t1/attachments/a', Buffer.from('a'), { contentType: 'text/plain' });
      expect(await storage.get('t1/attachments/b')).toBeNull();
      expect(await storage.get('t1/attachments')).toBeNull();
      expect(await storage.get('t1/attachments/a/below')).toBeNull();
      expect(await storage.get('t2/attachments/a')).toBeNull();
    });

    it('deletes, and deleting an absent key is not an error', async () => {
      await storage.put('t1/attachments/a', Buffer.from('a'), { contentType: 'text/plain' });
      await storage.put('t1/attachments/b', Buffer.from('b'), { contentType: 'text/plain' });
      await storage.delete('t1/attachments/a');
      expect(await storage.get('t1/attachments/a')).toBeNull();
      expect((await storage.get('t1/attachments/b'))?.body.toString()).toBe('b');
      await expect(storage.delete('t1/attachments/a')).resolves.toBeUndefined();
      await expect(storage.delete('never/was/there')).resolves.toBeUndefined();
    });

    it('deletes a prefix, counts what it deleted and leaves other prefixes alone', async () => {
      const keys = ['t1/attachments/1', 't1/attachments/2', 't1/exports/3', 't10/attachments/4', 't2/attachments/5'];
      for (const key of keys) await storage.put(key, Buffer.from(key), { contentType: 'text/plain' });

      expect(await storage.deletePrefix('t1/')).toBe(3);
      for (const key of keys.slice(0, 3)) expect(await storage.get(key)).toBeNull();
      expect((await storage.get('t10/attachments/4'))?.body.toString()).toBe('t10/attachments/4');
      expect((await storage.get('t2/attachments/5'))?.body.toString()).toBe('t2/attachments/5');

      expect(await storage.deletePrefix('t1/')).toBe(0);
      expect(await storage.deletePrefix('nobody/')).toBe(0);
      // A plain string prefix, as S3 means it: "t1" reaches "t10/...".
      expect(await storage.deletePrefix('t1')).toBe(1);
      expect(await storage.deletePrefix('t2/attach')).toBe(1);
      expect(await storage.get('t2/attachments/5')).toBeNull();
    });

    it('refuses bad keys on every operation before touching the store', async () => {
      const badKeys = ['../x', 't1/../../etc/passwd', '/abs', 'a b', '', 'a//b', 'a/./b', 'a/', 'ключ', 'a\\b', 'a?b', 'x'.repeat(1025)];
      for (const key of badKeys) {
        await expect(storage.put(key, Buffer.from('x'), { contentType: 'text/plain' })).rejects.toBeInstanceOf(InvalidInputError);
        await expect(storage.get(key)).rejects.toBeInstanceOf(InvalidInputError);
        await expect(storage.delete(key)).rejects.toBeInstanceOf(InvalidInputError);
      }
      for (const prefix of ['', '/', '../', '/t1/', 't1//', 'a b/']) {
        await expect(storage.deletePrefix(prefix)).rejects.toBeInstanceOf(InvalidInputError);
      }
    });

    it('refuses a content type that is not one header value', async () => {
      await expect(storage.put('t1/attachments/a', Buffer.from('x'), { contentType: 'text/plain\r\nX-Evil: 1' })).rejects.toBeInstanceOf(
        InvalidInputError,
      );
      await expect(storage.put('t1/attachments/a', Buffer.from('x'), { contentType: '' })).rejects.toBeInstanceOf(InvalidInputError);
      expect(await storage.get('t1/attachments/a')).toBeNull();
    });
  });
}
