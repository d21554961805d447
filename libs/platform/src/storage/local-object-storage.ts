import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, rmdir, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { detectContentType } from './content-type';
import {
  ObjectStorage,
  ObjectStorageError,
  type StoredObject,
  assertContentType,
  assertStorageKey,
  assertStoragePrefix,
} from './object-storage';

// "~" is outside the key alphabet, so no key can name a sidecar or a temporary file and a
// directory walk tells our bookkeeping files from objects by that one character.
const META_SUFFIX = '~meta.json';
const TEMP_MARKER = '~tmp-';

/**
 * Objects as plain files under `rootDir` at their key's path, so an operator can find one by its
 * key. The content type lives in a sidecar `<file>~meta.json`. Writes go to a temporary file,
 * are fsynced and renamed into place: a reader or a crash sees the old object or the new one,
 * never half of one.
 *
 * Unlike S3, a directory cannot also be a file: "a" and "a/b" cannot both exist. Keys of one
 * shape ("tenant/attachments/uuid") never collide that way; a put that would is refused.
 */
export class LocalObjectStorage extends ObjectStorage {
  private readonly root: string;

  constructor(rootDir: string) {
    super();
    this.root = resolve(rootDir);
  }

  async put(key: string, body: Buffer, options: { contentType: string }): Promise<void> {
    const file = this.fileOf(key);
    assertContentType(options.contentType);
    const suffix = `${TEMP_MARKER}${randomUUID()}`;
    const dataTemp = `${file}${suffix}`;
    const metaTemp = `${file}${META_SUFFIX}${suffix}`;
    try {
      // A concurrent deletePrefix may remove the (then empty) folder between mkdir and the
      // write; one more mkdir settles it.
      for (let attempt = 1; ; attempt++) {
        try {
          await mkdir(dirname(file), { recursive: true });
          await writeDurably(metaTemp, JSON.stringify({ contentType: options.contentType }));
          break;
        } catch (error) {
          if (attempt >= 2 || errnoCode(error) !== 'ENOENT') throw error;
        }
      }
      await writeDurably(dataTemp, body);
      // The sidecar first: the data file appearing is what makes the object exist, and by then
      // its content type is already in place.
      await rename(metaTemp, `${file}${META_SUFFIX}`);
      await rename(dataTemp, file);
    } catch (error) {
      await Promise.all([rm(dataTemp, { force: true }), rm(metaTemp, { force: true })]).catch(() => undefined);
      const code = errnoCode(error);
      if (code === 'ENOTDIR' || code === 'EEXIST' || code === 'EISDIR') {
        throw new ObjectStorageError(`Local storage cannot hold "${key}": a file and a directory would share a path`, 'KeyConflict');
      }
      throw error;
    }
  }

  async get(key: string): Promise<StoredObject | null> {
    const file = this.fileOf(key);
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch (error) {
      if (isAbsent(error)) return null;
      throw error;
    }
    const contentType = (await this.readContentType(file)) ?? detectContentType(body);
    return { body, info: { size: body.length, contentType } };
  }

  async delete(key: string): Promise<void> {
    const file = this.fileOf(key);
    await unlinkIfPresent(file);
    await unlinkIfPresent(`${file}${META_SUFFIX}`);
  }

  async deletePrefix(prefix: string): Promise<number> {
    assertStoragePrefix(prefix);
    // Walk from the deepest directory the prefix names in full; the rest is matched as a string.
    const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    return this.deleteUnder(join(this.root, folder), folder, prefix);
  }

  private async deleteUnder(directory: string, keyPrefixOfDirectory: string, prefix: string): Promise<number> {
    let entries;
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch (error) {
      if (isAbsent(error)) return 0;
      throw error;
    }
    let deleted = 0;
    for (const entry of entries) {
      const key = `${keyPrefixOfDirectory}${entry.name}`;
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        // Descend only where a matching key can be: inside the prefix, or on the way to it.
        if (`${key}/`.startsWith(prefix) || prefix.startsWith(`${key}/`)) {
          deleted += await this.deleteUnder(path, `${key}/`, prefix);
        }
      } else if (entry.isFile() && key.startsWith(prefix)) {
        // Sidecars and leftover temporaries go with their object's prefix but are not counted.
        if (!entry.name.includes('~')) deleted += 1;
        await unlinkIfPresent(path);
      }
    }
    // Leave no empty folders behind a purged tenant (rmdir refuses a non-empty one); the root stays.
    if (directory !== this.root && (deleted > 0 || keyPrefixOfDirectory.startsWith(prefix))) {
      await rmdir(directory).catch(() => undefined);
    }
    return deleted;
  }

  private async readContentType(file: string): Promise<string | undefined> {
    try {
      const meta: unknown = JSON.parse(await readFile(`${file}${META_SUFFIX}`, 'utf8'));
      if (typeof meta === 'object' && meta !== null && 'contentType' in meta && typeof meta.contentType === 'string') {
        return meta.contentType;
      }
    } catch {
      // Missing or unreadable sidecar (a file copied in by hand): fall back to the bytes.
    }
    return undefined;
  }

  private fileOf(key: string): string {
    assertStorageKey(key);
    return join(this.root, ...key.split('/'));
  }
}

async function writeDurably(path: string, data: Buffer | string): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (!isAbsent(error)) throw error;
  }
}

/** ENOTDIR: a parent is a file; EISDIR: the key names a directory (only "a/b" was stored). */
function isAbsent(error: unknown): boolean {
  const code = errnoCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

// Not `instanceof Error`: Node's fs errors come from another realm under Jest's vm sandbox.
function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
