import { createHash, createHmac } from 'node:crypto';

/**
 * AWS Signature Version 4 for S3 ("Authenticating Requests: Using the Authorization Header",
 * single-chunk payload). Shared by the S3 adapter, which signs what it is about to send, and the
 * test fake, which re-derives the signature from what arrived on the wire. The AWS documentation
 * examples pin it down in aws-signature-v4.spec.ts.
 */

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** x-amz-content-sha256 of a request without a body (GET, DELETE, list). */
export const EMPTY_PAYLOAD_SHA256 = sha256Hex('');

/**
 * SigV4's URI encoding: every byte except the RFC 3986 unreserved set (A-Z a-z 0-9 - _ . ~) as
 * %XX with upper-case hex. encodeURIComponent also leaves !'()* alone, which S3 would then
 * canonicalise differently, so those are encoded by hand. Object key paths keep their "/".
 */
export function uriEncode(value: string, options: { keepSlash?: boolean } = {}): string {
  const encoded = encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return options.keepSlash ? encoded.replace(/%2F/g, '/') : encoded;
}

/** Parameters sorted by encoded name, then value; a parameter without a value still gets "=". */
export function canonicalQueryString(query: ReadonlyArray<readonly [string, string]>): string {
  return query
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** "20130524T000000Z" */
export function toAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export interface SigV4Request {
  method: string;
  /** The path exactly as canonicalised: each segment uriEncode()d once (S3 does not double-encode). */
  canonicalUri: string;
  /** Decoded name/value pairs; encoding and sorting happen here. */
  query: ReadonlyArray<readonly [string, string]>;
  /** Every header to sign, host and x-amz-date included; names in any case. */
  headers: Readonly<Record<string, string>>;
  /** Hex SHA-256 of the body, the same value sent as x-amz-content-sha256. */
  payloadHash: string;
}

export interface SigV4Scope {
  accessKeyId: string;
  region: string;
  service: string;
}

export interface SigV4Signature {
  authorization: string;
  signature: string;
  signedHeaders: string;
  canonicalRequest: string;
  stringToSign: string;
}

export function signV4(request: SigV4Request, scope: SigV4Scope, secretAccessKey: string, amzDate: string): SigV4Signature {
  const headers = Object.entries(request.headers)
    // Header values are trimmed and inner runs of spaces collapsed to one.
    .map(([name, value]) => [name.toLowerCase(), value.trim().replace(/\s+/g, ' ')] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const signedHeaders = headers.map(([name]) => name).join(';');
  const canonicalRequest = [
    request.method.toUpperCase(),
    request.canonicalUri,
    canonicalQueryString(request.query),
    headers.map(([name, value]) => `${name}:${value}\n`).join(''),
    signedHeaders,
    request.payloadHash,
  ].join('\n');

  const day = amzDate.slice(0, 8);
  const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = [SIGV4_ALGORITHM, amzDate, credentialScope, sha256Hex(canonicalRequest)].join('\n');

  let key = hmac(`AWS4${secretAccessKey}`, day);
  for (const part of [scope.region, scope.service, 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');

  return {
    authorization: `${SIGV4_ALGORITHM} Credential=${scope.accessKeyId}/${credentialScope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    signature,
    signedHeaders,
    canonicalRequest,
    stringToSign,
  };
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
