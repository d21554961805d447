import { EMPTY_PAYLOAD_SHA256, canonicalQueryString, sha256Hex, signV4, toAmzDate, uriEncode } from './aws-signature-v4';
import {
  ObjectStorage,
  ObjectStorageError,
  type StoredObject,
  assertContentType,
  assertStorageKey,
  assertStoragePrefix,
} from './object-storage';

export interface S3ObjectStorageOptions {
  /** "https://storage.yandexcloud.net", "http://127.0.0.1:9000"; a path part is kept. */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** ListObjectsV2 max-keys per page; S3 never returns more than 1000 whatever is asked. */
  listPageSize?: number;
  requestTimeoutMs?: number;
}

type Query = Array<readonly [string, string]>;

// Deletes run a few at a time: one tenant can hold thousands of attachments, and S3 rate
// limits per prefix (3,500 writes/s) are far above this, while a serial loop would be slow.
const DELETE_CONCURRENCY = 8;

/**
 * An S3-compatible bucket over the plain REST API: path-style URLs (`${endpoint}/${bucket}/${key}`,
 * which every S3-compatible store accepts, unlike virtual-hosted buckets) signed with SigV4.
 * No SDK: four operations do not justify one.
 */
export class S3ObjectStorage extends ObjectStorage {
  // An ES private field: it does not show up in util.inspect, JSON.stringify or a logged instance.
  readonly #secretAccessKey: string;
  private readonly origin: string;
  private readonly host: string;
  private readonly basePath: string;
  private readonly bucket: string;
  private readonly region: string;
  private readonly accessKeyId: string;
  private readonly listPageSize: number;
  private readonly requestTimeoutMs: number;

  constructor(options: S3ObjectStorageOptions) {
    super();
    const endpoint = new URL(options.endpoint);
    if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') {
      throw new Error(`S3 endpoint must be http(s), got ${endpoint.protocol}`);
    }
    // S3 bucket naming rules (3-63 lower-case letters, digits, dots and hyphens).
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(options.bucket)) {
      throw new Error(`S3 bucket name "${options.bucket}" is not valid`);
    }
    const pageSize = options.listPageSize ?? 1000;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
      throw new Error('S3 listPageSize must be an integer from 1 to 1000');
    }
    this.origin = endpoint.origin;
    // The Host header fetch sends: URL.host drops the scheme's default port, and so does undici.
    this.host = endpoint.host;
    this.basePath = endpoint.pathname.replace(/\/+$/, '');
    this.bucket = options.bucket;
    this.region = options.region;
    this.accessKeyId = options.accessKeyId;
    this.#secretAccessKey = options.secretAccessKey;
    this.listPageSize = pageSize;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  }

  async put(key: string, body: Buffer, options: { contentType: string }): Promise<void> {
    assertStorageKey(key);
    assertContentType(options.contentType);
    // S3 checks the body against the signed x-amz-content-sha256 and answers
    // XAmzContentSHA256Mismatch otherwise, so no separate Content-MD5 is needed for integrity.
    const response = await this.send('PUT', key, [], body, { 'content-type': options.contentType });
    if (!response.ok) throw await this.failure('PUT', key, response);
    await response.arrayBuffer();
  }

  async get(key: string): Promise<StoredObject | null> {
    assertStorageKey(key);
    const response = await this.send('GET', key, []);
    if (response.ok) {
      const body = Buffer.from(await response.arrayBuffer());
      // S3 hands back the Content-Type given on PUT (binary/octet-stream when none was).
      const contentType = response.headers.get('content-type') ?? 'application/octet-stream';
      return { body, info: { size: body.length, contentType } };
    }
    const error = await this.failure('GET', key, response);
    // 404 is also NoSuchBucket: a misconfigured bucket must fail loudly, not look empty.
    if (response.status === 404 && error.code !== 'NoSuchBucket') return null;
    throw error;
  }

  async delete(key: string): Promise<void> {
    assertStorageKey(key);
    await this.deleteObject(key);
  }

  async deletePrefix(prefix: string): Promise<number> {
    assertStoragePrefix(prefix);
    let deleted = 0;
    let continuationToken: string | undefined;
    do {
      const page = await this.listPage(prefix, continuationToken);
      await forEachConcurrently(page.keys, DELETE_CONCURRENCY, (key) => this.deleteObject(key));
      deleted += page.keys.length;
      // S3's continuation token marks a position after the last key listed, so deleting what
      // was listed does not shift the next page.
      continuationToken = page.nextContinuationToken;
    } while (continuationToken !== undefined);
    return deleted;
  }

  /** Listed keys are deleted as S3 spells them, even ones this adapter would not have written. */
  private async deleteObject(key: string): Promise<void> {
    const response = await this.send('DELETE', key, []);
    if (response.ok) {
      await response.arrayBuffer();
      return;
    }
    const error = await this.failure('DELETE', key, response);
    // S3 answers 204 for an absent key; some compatible stores answer 404 NoSuchKey instead.
    if (error.code === 'NoSuchKey') return;
    throw error;
  }

  private async listPage(prefix: string, continuationToken?: string): Promise<{ keys: string[]; nextContinuationToken?: string }> {
    const query: Query = [
      ['list-type', '2'],
      ['prefix', prefix],
      ['max-keys', String(this.listPageSize)],
    ];
    if (continuationToken !== undefined) query.push(['continuation-token', continuationToken]);
    const response = await this.send('GET', null, query);
    if (!response.ok) throw await this.failure('LIST', prefix, response);
    const xml = await response.text();
    const keys = [...xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)]
      .map((contents) => /<Key>([\s\S]*?)<\/Key>/.exec(contents[1])?.[1])
      .filter((key): key is string => key !== undefined)
      .map(decodeXmlText);
    const truncated = xmlElement(xml, 'IsTruncated') === 'true';
    const next = xmlElement(xml, 'NextContinuationToken');
    if (truncated && !next) {
      throw new ObjectStorageError('S3 LIST answered IsTruncated without a NextContinuationToken', 'MalformedListResponse');
    }
    return { keys, nextContinuationToken: truncated ? next : undefined };
  }

  private async send(method: string, key: string | null, query: Query, body?: Buffer, headers: Record<string, string> = {}): Promise<Response> {
    const canonicalUri = `${this.basePath}/${uriEncode(this.bucket)}${key === null ? '' : `/${uriEncode(key, { keepSlash: true })}`}`;
    const queryString = canonicalQueryString(query);
    const payloadHash = body ? sha256Hex(body) : EMPTY_PAYLOAD_SHA256;
    const signed: Record<string, string> = {
      ...headers,
      host: this.host,
      'x-amz-content-sha256': payloadHash,
      'x-amz-date': toAmzDate(new Date()),
    };
    const { authorization } = signV4(
      { method, canonicalUri, query, headers: signed, payloadHash },
      { accessKeyId: this.accessKeyId, region: this.region, service: 's3' },
      this.#secretAccessKey,
      signed['x-amz-date'],
    );
    // The query goes on the wire exactly as it was canonicalised, so the two cannot drift apart.
    const url = `${this.origin}${canonicalUri}${queryString ? `?${queryString}` : ''}`;
    const { host: _host, ...sent } = signed;
    try {
      return await fetch(url, {
        method,
        headers: { ...sent, authorization },
        body,
        // S3 answers a wrong region or endpoint with 301 PermanentRedirect and an error body;
        // surface that code instead of re-sending a signed request somewhere else.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      });
    } catch (error) {
      throw new ObjectStorageError(`S3 ${method} ${this.describe(key)} failed: ${fetchFailureReason(error)}`, 'NetworkError');
    }
  }

  /**
   * S3 errors are an XML document `<Error><Code/><Message/>...</Error>`. The message carries the
   * code and S3's own words; the secret key never goes on the wire (only the HMAC derived from
   * it), so nothing S3 echoes back can contain it.
   */
  private async failure(operation: string, key: string, response: Response): Promise<ObjectStorageError> {
    const text = await response.text().catch(() => '');
    const code = xmlElement(text, 'Code') ?? `Http${response.status}`;
    const message = xmlElement(text, 'Message');
    return new ObjectStorageError(
      `S3 ${operation} ${this.describe(key)} failed: ${response.status} ${code}${message ? ` (${message})` : ''}`,
      code,
      response.status,
    );
  }

  private describe(key: string | null): string {
    return `${this.bucket}/${key ?? ''}`;
  }
}

/** fetch rejects with "fetch failed" and the useful part (ECONNREFUSED, a timeout) in `cause`. */
function fetchFailureReason(error: unknown): string {
  const cause = typeof error === 'object' && error !== null && 'cause' in error && error.cause !== undefined ? error.cause : error;
  // Not `instanceof Error`: undici's errors may come from another realm (Jest's vm sandbox).
  return typeof cause === 'object' && cause !== null && 'message' in cause && typeof cause.message === 'string' ? cause.message : String(cause);
}

function xmlElement(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return match ? decodeXmlText(match[1]) : undefined;
}

function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_entity, name: string) => {
    switch (name) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default:
        return String.fromCodePoint(name.startsWith('#x') ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10));
    }
  });
}

async function forEachConcurrently<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++];
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
