import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { SIGV4_ALGORITHM, sha256Hex, signV4, uriEncode } from '../aws-signature-v4';

export interface FakeS3Options {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export interface FakeS3Object {
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: Date;
}

export interface FakeS3 {
  /** "http://127.0.0.1:<port>", the endpoint to give the adapter. */
  readonly url: string;
  /** Created by a PUT of a bucket or of the first object in it; a test may add one directly. */
  readonly buckets: Set<string>;
  /** Keyed by "bucket/key". */
  readonly objects: Map<string, FakeS3Object>;
  /** Requests received so far, rejected ones included. */
  readonly requests: number;
  close(): Promise<void>;
}

interface S3Failure {
  status: number;
  code: string;
  message: string;
  extra?: Record<string, string>;
}

// S3 refuses requests whose x-amz-date is more than 15 minutes away from its clock.
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const MAX_KEYS_LIMIT = 1000;

/**
 * A small S3 over real HTTP for tests: PUT/GET/HEAD/DELETE Object, PUT Bucket and ListObjectsV2
 * with max-keys and continuation tokens. Every request's SigV4 signature is recomputed from what
 * arrived on the wire (path, query, signed headers, body hash) and refused the way S3 refuses
 * it, so the adapter is tested against the protocol rather than against itself.
 */
export async function startFakeS3(options: FakeS3Options): Promise<FakeS3> {
  const buckets = new Set<string>();
  const objects = new Map<string, FakeS3Object>();
  let requests = 0;

  const server = createServer((request, response) => {
    requests += 1;
    readBody(request)
      .then((body) => handle(request, response, body))
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        if (!response.headersSent) sendError(response, request, { status: 500, code: 'InternalError', message });
        else response.destroy();
      });
  });

  function handle(request: IncomingMessage, response: ServerResponse, body: Buffer): void {
    const target = request.url ?? '/';
    const queryAt = target.indexOf('?');
    const rawPath = queryAt < 0 ? target : target.slice(0, queryAt);
    const rawQuery = queryAt < 0 ? '' : target.slice(queryAt + 1);
    const segments = rawPath.split('/').slice(1).map(safeDecode);
    const pairs = rawQuery
      .split('&')
      .filter((pair) => pair !== '')
      .map((pair): [string | undefined, string | undefined] => {
        // Query strings are form-decoded ("+" is a space), so a client that leaves the "+" of a
        // continuation token unencoded signs something other than what the server reads.
        const form = pair.replace(/\+/g, ' ');
        const equals = form.indexOf('=');
        return equals < 0 ? [safeDecode(form), ''] : [safeDecode(form.slice(0, equals)), safeDecode(form.slice(equals + 1))];
      });
    const query: Array<[string, string]> = [];
    for (const [name, value] of pairs) {
      if (name === undefined || value === undefined) return sendError(response, request, { status: 400, code: 'InvalidURI', message: 'Could not parse the query' });
      query.push([name, value]);
    }
    const decoded: string[] = [];
    for (const segment of segments) {
      if (segment === undefined) return sendError(response, request, { status: 400, code: 'InvalidURI', message: 'Could not parse the path' });
      decoded.push(segment);
    }
    // The canonical URI is the decoded path re-encoded once, as S3 derives it.
    const canonicalUri = `/${decoded.map((segment) => uriEncode(segment)).join('/')}`;
    const refusal = verifySignature(request, canonicalUri, query, body);
    if (refusal) return sendError(response, request, refusal);

    const [bucket = '', ...keyParts] = decoded;
    const key = keyParts.join('/');
    const params = new Map(query);
    const method = request.method ?? 'GET';
    if (bucket === '') return sendError(response, request, { status: 501, code: 'NotImplemented', message: 'ListBuckets is not implemented' });

    if (key === '') {
      if (method === 'PUT') {
        buckets.add(bucket);
        return send(response, 200, {}, '');
      }
      if (!buckets.has(bucket)) return sendError(response, request, noSuchBucket(bucket));
      if (method === 'GET' && params.get('list-type') === '2') return listObjectsV2(response, request, bucket, params);
      return sendError(response, request, { status: 501, code: 'NotImplemented', message: `${method} on a bucket is not implemented here` });
    }

    const id = `${bucket}/${key}`;
    switch (method) {
      case 'PUT': {
        buckets.add(bucket);
        const etag = createHash('md5').update(body).digest('hex');
        objects.set(id, {
          body,
          // S3's default when the PUT carries no Content-Type.
          contentType: request.headers['content-type'] ?? 'binary/octet-stream',
          etag,
          lastModified: new Date(),
        });
        return send(response, 200, { etag: `"${etag}"` }, '');
      }
      case 'GET':
      case 'HEAD': {
        if (!buckets.has(bucket)) return sendError(response, request, noSuchBucket(bucket));
        const object = objects.get(id);
        if (!object) return sendError(response, request, { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.', extra: { Key: key } });
        const headers = {
          'content-type': object.contentType,
          'content-length': String(object.body.length),
          etag: `"${object.etag}"`,
          'last-modified': object.lastModified.toUTCString(),
        };
        return send(response, 200, headers, method === 'HEAD' ? undefined : object.body);
      }
      case 'DELETE': {
        if (!buckets.has(bucket)) return sendError(response, request, noSuchBucket(bucket));
        // S3 answers 204 whether or not the key existed.
        objects.delete(id);
        return send(response, 204, {}, undefined);
      }
      default:
        return sendError(response, request, { status: 405, code: 'MethodNotAllowed', message: `${method} is not allowed against this resource.` });
    }
  }

  function verifySignature(request: IncomingMessage, canonicalUri: string, query: Array<[string, string]>, body: Buffer): S3Failure | undefined {
    const authorization = header(request, 'authorization');
    if (!authorization) return { status: 403, code: 'AccessDenied', message: 'Access Denied' };
    const parsed = new RegExp(`^${SIGV4_ALGORITHM} Credential=([^,\\s]+),\\s*SignedHeaders=([^,\\s]+),\\s*Signature=([0-9a-f]{64})$`).exec(authorization);
    if (!parsed) return { status: 400, code: 'AuthorizationHeaderMalformed', message: 'The authorization header is malformed.' };
    const [, credential, signedHeaderList, signature] = parsed;
    const [accessKeyId, day, region, service, terminator, ...rest] = credential.split('/');
    if (accessKeyId !== options.accessKeyId) {
      return { status: 403, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.' };
    }
    if (region !== options.region || service !== 's3' || terminator !== 'aws4_request' || rest.length > 0) {
      return { status: 400, code: 'AuthorizationHeaderMalformed', message: `The authorization header is malformed; the region '${region}' is wrong; expecting '${options.region}'` };
    }
    const amzDate = header(request, 'x-amz-date') ?? '';
    const instant = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
    if (!instant || amzDate.slice(0, 8) !== day) {
      return { status: 403, code: 'AccessDenied', message: 'AWS authentication requires a valid Date or x-amz-date header' };
    }
    const sentAt = Date.UTC(+instant[1], +instant[2] - 1, +instant[3], +instant[4], +instant[5], +instant[6]);
    if (Math.abs(Date.now() - sentAt) > MAX_CLOCK_SKEW_MS) {
      return { status: 403, code: 'RequestTimeTooSkewed', message: 'The difference between the request time and the current time is too large.' };
    }
    const payloadHash = header(request, 'x-amz-content-sha256');
    if (!payloadHash) return { status: 400, code: 'InvalidRequest', message: 'Missing required header for this request: x-amz-content-sha256' };
    if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256Hex(body)) {
      return { status: 400, code: 'XAmzContentSHA256Mismatch', message: "The provided 'x-amz-content-sha256' header does not match what was computed." };
    }
    const signedNames = signedHeaderList.split(';');
    const unsigned = Object.keys(request.headers).filter((name) => (name === 'host' || name.startsWith('x-amz-')) && !signedNames.includes(name));
    if (unsigned.length > 0) {
      return { status: 403, code: 'AccessDenied', message: `There were headers present in the request which were not signed: ${unsigned.join(', ')}` };
    }
    const signedHeaders: Record<string, string> = {};
    for (const name of signedNames) signedHeaders[name] = header(request, name) ?? '';
    const expected = signV4(
      { method: request.method ?? 'GET', canonicalUri, query, headers: signedHeaders, payloadHash },
      { accessKeyId, region, service },
      options.secretAccessKey,
      amzDate,
    );
    const matches =
      expected.signedHeaders === signedHeaderList && timingSafeEqual(Buffer.from(expected.signature, 'hex'), Buffer.from(signature, 'hex'));
    if (!matches) {
      return {
        status: 403,
        code: 'SignatureDoesNotMatch',
        message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        // Like S3, the answer shows what the server signed, to debug a canonicalisation mismatch.
        extra: { AWSAccessKeyId: accessKeyId, StringToSign: expected.stringToSign, SignatureProvided: signature, CanonicalRequest: expected.canonicalRequest },
      };
    }
    return undefined;
  }

  function listObjectsV2(response: ServerResponse, request: IncomingMessage, bucket: string, params: Map<string, string>): void {
    const prefix = params.get('prefix') ?? '';
    const maxKeysParam = params.get('max-keys') ?? String(MAX_KEYS_LIMIT);
    if (!/^\d+$/.test(maxKeysParam)) return sendError(response, request, { status: 400, code: 'InvalidArgument', message: 'Provided max-keys not an integer or within integer range' });
    // S3 never returns more than 1000 keys a page whatever max-keys asks for.
    const maxKeys = Math.min(Number(maxKeysParam), MAX_KEYS_LIMIT);
    const token = params.get('continuation-token');
    let after = params.get('start-after');
    if (token !== undefined) {
      after = decodeContinuationToken(token);
      if (after === undefined) return sendError(response, request, { status: 400, code: 'InvalidArgument', message: 'The continuation token provided is incorrect' });
    }
    const matching = [...objects.keys()]
      .filter((id) => id.startsWith(`${bucket}/`))
      .map((id) => id.slice(bucket.length + 1))
      .filter((key) => key.startsWith(prefix) && (after === undefined || key > after))
      .sort();
    const page = matching.slice(0, maxKeys);
    const truncated = page.length > 0 && matching.length > page.length;
    const contents = page.map((key) => {
      const object = objects.get(`${bucket}/${key}`);
      return (
        `<Contents><Key>${escapeXml(key)}</Key><LastModified>${object?.lastModified.toISOString() ?? ''}</LastModified>` +
        `<ETag>&quot;${object?.etag ?? ''}&quot;</ETag><Size>${object?.body.length ?? 0}</Size><StorageClass>STANDARD</StorageClass></Contents>`
      );
    });
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      `<Name>${escapeXml(bucket)}</Name><Prefix>${escapeXml(prefix)}</Prefix><KeyCount>${page.length}</KeyCount>` +
      `<MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>` +
      (token !== undefined ? `<ContinuationToken>${escapeXml(token)}</ContinuationToken>` : '') +
      (truncated ? `<NextContinuationToken>${escapeXml(encodeContinuationToken(page[page.length - 1]))}</NextContinuationToken>` : '') +
      contents.join('') +
      '</ListBucketResult>';
    send(response, 200, { 'content-type': 'application/xml' }, xml);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The fake S3 server has no TCP address');

  return {
    url: `http://127.0.0.1:${address.port}`,
    buckets,
    objects,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        // fetch keeps connections alive; close() alone would wait for them to time out.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

// Opaque to the client like S3's own, and built to always contain "+" and "/" (and often "="),
// so a client that does not encode its query properly fails the signature check on page two.
const TOKEN_MARKER = Buffer.from([0xfb, 0xff]);

function encodeContinuationToken(lastKey: string): string {
  return Buffer.concat([TOKEN_MARKER, Buffer.from(lastKey, 'utf8')]).toString('base64');
}

function decodeContinuationToken(token: string): string | undefined {
  const raw = Buffer.from(token, 'base64');
  return raw.subarray(0, 2).equals(TOKEN_MARKER) ? raw.subarray(2).toString('utf8') : undefined;
}

function noSuchBucket(bucket: string): S3Failure {
  return { status: 404, code: 'NoSuchBucket', message: 'The specified bucket does not exist', extra: { BucketName: bucket } };
}

function sendError(response: ServerResponse, request: IncomingMessage, failure: S3Failure): void {
  const extra = Object.entries(failure.extra ?? {})
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join('');
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${failure.code}</Code><Message>${escapeXml(failure.message)}</Message>${extra}` +
    `<Resource>${escapeXml(request.url ?? '')}</Resource><RequestId>${randomUUID()}</RequestId></Error>`;
  // A HEAD answer carries no body, errors included.
  send(response, failure.status, { 'content-type': 'application/xml' }, request.method === 'HEAD' ? undefined : xml);
}

function send(response: ServerResponse, status: number, headers: Record<string, string>, body: Buffer | string | undefined): void {
  response.writeHead(status, { 'x-amz-request-id': randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase(), ...headers });
  response.end(body);
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
