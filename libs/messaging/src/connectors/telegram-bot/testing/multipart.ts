/** One part of a multipart/form-data body (RFC 7578), bytes untouched. */
export interface MultipartPart {
  name: string;
  /** Set for a file part, as the sender named it. */
  fileName: string | null;
  contentType: string | null;
  data: Buffer;
}

const CRLF = Buffer.from('\r\n');
const HEADERS_END = Buffer.from('\r\n\r\n');

/** The boundary of a `multipart/form-data; boundary=…` content type, quoted or not. */
export function multipartBoundary(contentType: string): string | null {
  if (!/^multipart\/form-data\b/i.test(contentType)) return null;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2]) : null;
}

/**
 * Splits a multipart/form-data body into its parts, working on bytes so binary files survive.
 * Throws on a body that does not follow the format (a missing boundary, an unterminated part).
 */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) throw new Error('multipart body without its boundary');
  for (;;) {
    at += delimiter.length;
    // "--" after a delimiter closes the body.
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return parts;
    if (!body.subarray(at, at + 2).equals(CRLF)) throw new Error('multipart delimiter not followed by CRLF');
    const headersEnd = body.indexOf(HEADERS_END, at + 2);
    if (headersEnd < 0) throw new Error('multipart part without the end of its headers');
    const headers = parseHeaders(body.subarray(at + 2, headersEnd).toString('utf8'));
    const dataStart = headersEnd + HEADERS_END.length;
    const next = body.indexOf(Buffer.concat([CRLF, delimiter]), dataStart);
    if (next < 0) throw new Error('multipart part not terminated by the boundary');
    const disposition = dispositionOf(headers.get('content-disposition') ?? '');
    if (disposition.name === null) throw new Error('multipart part without a name');
    parts.push({ name: disposition.name, fileName: disposition.fileName, contentType: headers.get('content-type') ?? null, data: Buffer.from(body.subarray(dataStart, next)) });
    at = next + CRLF.length;
  }
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/**
 * `form-data; name="photo"; filename="фото.png"` — browsers and undici send UTF-8 as is and
 * escape `"`, CR and LF as %22, %0D, %0A (WHATWG); `filename*=UTF-8''…` (RFC 5987) wins if given.
 */
function dispositionOf(value: string): { name: string | null; fileName: string | null } {
  const params = new Map<string, string>();
  const pattern = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (let match = pattern.exec(value); match; match = pattern.exec(value)) {
    params.set(match[1].toLowerCase(), match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3].trim());
  }
  const unescape = (text: string) => text.replace(/%22/g, '"').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n');
  const extended = params.get('filename*');
  let fileName = params.has('filename') ? unescape(params.get('filename')!) : null;
  if (extended) {
    const encoded = /^[^']*'[^']*'(.*)$/.exec(extended)?.[1];
    if (encoded !== undefined) fileName = decodeURIComponent(encoded);
  }
  return { name: params.has('name') ? unescape(params.get('name')!) : null, fileName };
}
