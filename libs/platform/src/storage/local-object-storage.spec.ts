import { mkdtemp, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalObjectStorage } from './local-object-storage';
import { describeObjectStorageContract } from './object-storage.contract';
import { ObjectStorageError } from './object-storage';

let parent: string;
let testDirs = 0;

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'perepiska-storage-'));
});

afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});

async function freshRoot(): Promise<string> {
  testDirs += 1;
  return join(parent, `root-${testDirs}`);
}

describeObjectStorageContract('LocalObjectStorage', async () => new LocalObjectStorage(await freshRoot()));

describe('LocalObjectStorage on disk', () => {
  let root: string;
  let storage: LocalObjectStorage;

  beforeEach(async () => {
    root = await freshRoot();
    storage = new LocalObjectStorage(root);
  });

  it('keeps the object at its key path with a sidecar, and no temporary files', async () => {
    await storage.put('t1/attachments/a', Buffer.from('body'), { contentType: 'image/png' });
    await storage.put('t1/attachments/a', Buffer.from('body 2'), { contentType: 'image/gif' });
    expect((await readdir(join(root, 't1', 'attachments'))).sort()).toEqual(['a', 'a~meta.json']);
  });

  it('falls back to the bytes when the sidecar is missing (a file copied in by hand)', async () => {
    await storage.put('t1/attachments/a', Buffer.from('%PDF-1.7\n'), { contentType: 'application/pdf' });
    await unlink(join(root, 't1', 'attachments', 'a~meta.json'));
    await writeFile(join(root, 't1', 'attachments', 'b'), Buffer.from('plain words'));
    expect((await storage.get('t1/attachments/a'))?.info.contentType).toBe('application/pdf');
    expect((await storage.get('t1/attachments/b'))?.info).toEqual({ size: 11, contentType: 'text/plain' });
  });

  it('removes the emptied folders of a purged prefix, and sidecars without counting them', async () => {
    await storage.put('t1/attachments/a', Buffer.from('a'), { contentType: 'text/plain' });
    await storage.put('t1/exports/b', Buffer.from('b'), { contentType: 'text/plain' });
    await storage.put('t2/attachments/c', Buffer.from('c'), { contentType: 'text/plain' });
    expect(await storage.deletePrefix('t1/')).toBe(2);
    expect(await readdir(root)).toEqual(['t2']);
  });

  it('refuses a key whose path a directory already holds, as a storage error', async () => {
    await storage.put('t1/attachments/a', Buffer.from('a'), { contentType: 'text/plain' });
    await expect(storage.put('t1/attachments', Buffer.from('x'), { contentType: 'text/plain' })).rejects.toBeInstanceOf(ObjectStorageError);
    await expect(storage.put('t1/attachments/a/b', Buffer.from('x'), { contentType: 'text/plain' })).rejects.toMatchObject({ code: 'KeyConflict' });
    expect((await storage.get('t1/attachments/a'))?.body.toString()).toBe('a');
    expect(await readdir(join(root, 't1', 'attachments'))).toEqual(expect.arrayContaining(['a', 'a~meta.json']));
  });

  it('survives concurrent writers of one key: the last rename wins whole', async () => {
    const bodies = Array.from({ length: 10 }, (_, i) => Buffer.alloc(64 * 1024, i));
    await Promise.all(bodies.map((body) => storage.put('t1/attachments/race', body, { contentType: 'application/octet-stream' })));
    const stored = await storage.get('t1/attachments/race');
    expect(bodies.some((body) => stored?.body.equals(body))).toBe(true);
    expect((await readdir(join(root, 't1', 'attachments'))).sort()).toEqual(['race', 'race~meta.json']);
  });
});
