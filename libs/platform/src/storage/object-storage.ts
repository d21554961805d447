import { InvalidInputError } from '../errors/domain-errors';

export interface StoredObjectInfo {
  size: number;
  contentType: string;
}

export interface StoredObject {
  body: Buffer;
  info: StoredObjectInfo;
}

/**
 * Where attachment bytes (and later regulator exports) live: a local directory in development
 * and single-node installs, an S3-compatible bucket in production. Postgres keeps the metadata
 * and the key; the store only keeps bytes and their content type.
 */
export abstract class ObjectStorage {
  /** Keys look like "tenant-uuid/attachments/uuid"; anything else is refused (see assertStorageKey). */
  abstract put(key: string, body: Buffer, options: { contentType: string }): Promise<void>;

  /** null when absent */
  abstract get(key: string): Promise<StoredObject | null>;

  /** An absent key is not an error, so a retried cleanup job can run twice. */
  abstract delete(key: string): Promise<void>;

  /**
   * Deletes every object whose key starts with `prefix` (a plain string prefix, as S3's
   * ListObjectsV2 `prefix` means it: "t1" also matches "t10/..."; pass "t1/" for one tenant).
   * Used when a tenant is purged. Returns how many objects were deleted.
   */
  abstract deletePrefix(prefix: string): Promise<number>;
}

/** The store failed for a reason that is not the caller's input (network, permissions, disk). */
export class ObjectStorageError extends Error {
  constructor(
    message: string,
    /** The S3 error code ("SignatureDoesNotMatch", "NoSuchBucket"...) or our own ("NetworkError"). */
    readonly code: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ObjectStorageError';
  }
}

// S3 caps keys at 1024 bytes of UTF-8; our alphabet is ASCII, so characters = bytes.
const MAX_KEY_LENGTH = 1024;
const KEY_ALPHABET = /^[A-Za-z0-9/_.-]+$/;

/**
 * Refuses anything but "segment/segment/..." over [A-Za-z0-9/_.-]. Besides path traversal
 * (".." anywhere, a leading "/"), empty and "." segments are refused too: a filesystem treats
 * "a//b" and "a/./b" as "a/b" while S3 keeps them apart, so the two adapters would disagree.
 */
export function assertStorageKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH || !KEY_ALPHABET.test(key)) {
    throw invalidKey('key', key);
  }
  if (key.includes('..') || key.split('/').some((segment) => segment === '' || segment === '.')) {
    throw invalidKey('key', key);
  }
}

/**
 * A prefix follows the key rules except that it may end with "/" (a whole "folder"). An empty
 * prefix would mean "everything in the bucket" and is refused: nothing purges all tenants at once.
 */
export function assertStoragePrefix(prefix: string): void {
  const body = typeof prefix === 'string' && prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  try {
    assertStorageKey(body);
  } catch {
    throw invalidKey('prefix', prefix);
  }
}

/** The content type becomes an HTTP header on the way back out, so it must be one header value. */
export function assertContentType(contentType: string): void {
  if (typeof contentType !== 'string' || !/^[\x21-\x7e][\x20-\x7e]{0,254}$/.test(contentType)) {
    throw new InvalidInputError('Invalid content type for stored object', { contentType });
  }
}

function invalidKey(what: 'key' | 'prefix', value: unknown): InvalidInputError {
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 120)) : typeof value;
  return new InvalidInputError(`Invalid storage ${what} ${shown}: use [A-Za-z0-9/_.-] segments, no "..", no leading "/"`);
}
