/**
 * The content type of an upload from its first bytes. A sender's file name and declared type
 * are not trusted: a stored attachment is served back to employees' browsers, so a name must
 * never turn bytes into something else. The name only breaks ties the bytes leave open
 * (text that is CSV, a ZIP whose Office entries lie beyond the bytes we were given).
 */

export type AttachmentKind = 'image' | 'video' | 'voice' | 'file';

/** Pass at least this many leading bytes (or the whole file if shorter); OOXML needs the most. */
export const CONTENT_TYPE_SNIFF_BYTES = 8192;

const OCTET_STREAM = 'application/octet-stream';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

// Zip containers the bytes could not name more precisely.
const ZIP_BY_EXTENSION: Readonly<Record<string, string>> = {
  docx: DOCX,
  xlsx: XLSX,
  pptx: PPTX,
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  epub: 'application/epub+zip',
};

// Text the bytes cannot tell apart. Deliberately no html, svg, xml or js: a name must not turn an
// uploaded text into active content a browser would run.
const TEXT_BY_EXTENSION: Readonly<Record<string, string>> = {
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  md: 'text/markdown',
  markdown: 'text/markdown',
  json: 'application/json',
  vcf: 'text/vcard',
  vcard: 'text/vcard',
  ics: 'text/calendar',
};

export function detectContentType(head: Buffer, fileName?: string): string {
  const extension = extensionOf(fileName);
  const sniffed = sniffBinary(head);
  if (sniffed === 'application/zip') return ZIP_BY_EXTENSION[extension] ?? sniffed;
  if (sniffed === 'video/mp4' && (extension === 'm4a' || extension === 'm4b')) return 'audio/mp4';
  if (sniffed === 'video/webm' && extension === 'weba') return 'audio/webm';
  if (sniffed === 'video/x-matroska' && extension === 'mka') return 'audio/x-matroska';
  if (sniffed) return sniffed;
  if (isText(head)) return TEXT_BY_EXTENSION[extension] ?? 'text/plain';
  return OCTET_STREAM;
}

/** How the inbox shows an attachment. Telegram and WhatsApp voice notes are Opus in OGG. */
export function attachmentKindOf(mime: string): AttachmentKind {
  const essence = mime.split(';')[0].trim().toLowerCase();
  // SVG can carry scripts: it is offered as a download, never previewed as an image.
  if (essence === 'image/svg+xml') return 'file';
  if (essence.startsWith('image/')) return 'image';
  if (essence.startsWith('video/')) return 'video';
  if (essence.startsWith('audio/') || essence === 'application/ogg') return 'voice';
  return 'file';
}

function sniffBinary(head: Buffer): string | undefined {
  if (startsWith(head, 0, '%PDF-')) return 'application/pdf';
  if (startsWithBytes(head, 0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWithBytes(head, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, 0, 'GIF87a') || startsWith(head, 0, 'GIF89a')) return 'image/gif';
  if (startsWith(head, 0, 'RIFF')) return riffType(head);
  if (startsWith(head, 4, 'ftyp')) return isoMediaType(head);
  if (startsWithBytes(head, 0, [0x1a, 0x45, 0xdf, 0xa3])) return matroskaType(head);
  if (startsWith(head, 0, 'OggS')) return head.subarray(0, 128).includes('\x80theora', 0, 'latin1') ? 'video/ogg' : 'audio/ogg';
  if (startsWith(head, 0, 'fLaC')) return 'audio/flac';
  if (startsWith(head, 0, '#!AMR')) return 'audio/amr';
  if (startsWith(head, 0, 'ID3')) return 'audio/mpeg';
  if (startsWith(head, 0, 'PK\x03\x04')) return zipType(head);
  if (startsWith(head, 0, 'PK\x05\x06')) return 'application/zip'; // an empty archive
  if (startsWithBytes(head, 0, [0x1f, 0x8b])) return 'application/gzip';
  if (startsWith(head, 0, 'Rar!\x1a\x07')) return 'application/vnd.rar';
  if (startsWithBytes(head, 0, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return 'application/x-7z-compressed';
  if (startsWith(head, 0, '{\\rtf')) return 'application/rtf';
  // A UTF-16 byte order mark before the frame-sync check: FF FE also reads as an MPEG header.
  if (startsWithBytes(head, 0, [0xff, 0xfe]) || startsWithBytes(head, 0, [0xfe, 0xff])) return undefined;
  if (isMpegAudioStream(head)) return 'audio/mpeg';
  if (isAdtsStream(head)) return 'audio/aac';
  return undefined;
}

function riffType(head: Buffer): string | undefined {
  if (startsWith(head, 8, 'WEBP')) return 'image/webp';
  if (startsWith(head, 8, 'WAVE')) return 'audio/wav';
  if (startsWith(head, 8, 'AVI ')) return 'video/x-msvideo';
  return undefined;
}

/** ISO base media (MP4, MOV, M4A, HEIF, 3GP): the `ftyp` box names a major brand and compatible ones. */
function isoMediaType(head: Buffer): string {
  const major = head.toString('latin1', 8, 12);
  const boxEnd = Math.min(head.length, Math.max(16, head.readUInt32BE(0)));
  const brands = [major];
  for (let offset = 16; offset + 4 <= boxEnd; offset += 4) brands.push(head.toString('latin1', offset, offset + 4));

  if (major === 'qt  ') return 'video/quicktime';
  if (major === 'M4A ' || major === 'M4B ' || major === 'M4P ') return 'audio/mp4';
  if (major.startsWith('3gp')) return 'video/3gpp';
  if (major.startsWith('3g2')) return 'video/3gpp2';
  if (major === 'avif' || major === 'avis') return 'image/avif';
  if (['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx'].includes(major)) return 'image/heic';
  // Generic HEIF brands: the compatible brands say which codec.
  if (major === 'mif1' || major === 'msf1') {
    if (brands.includes('avif')) return 'image/avif';
    if (brands.some((brand) => brand.startsWith('hei') || brand.startsWith('hev'))) return 'image/heic';
    return 'image/heif';
  }
  return 'video/mp4';
}

/** EBML header: the DocType element (id 0x4282) says "webm" or "matroska". */
function matroskaType(head: Buffer): string {
  const at = head.subarray(0, 64).indexOf(Buffer.from([0x42, 0x82]));
  if (at >= 0 && at + 3 <= head.length && (head[at + 2] & 0x80) !== 0) {
    const length = head[at + 2] & 0x7f;
    const docType = head.toString('latin1', at + 3, at + 3 + length);
    if (docType === 'webm') return 'video/webm';
  }
  return 'video/x-matroska';
}

/**
 * Office Open XML files are ZIPs whose entries live under word/, xl/ or ppt/; OpenDocument and
 * EPUB start with an uncompressed "mimetype" entry holding their type. Local file headers are
 * read where they appear in the head (signature PK\x03\x04, name length at 26, extra at 28).
 */
function zipType(head: Buffer): string {
  const signature = Buffer.from('PK\x03\x04', 'latin1');
  for (let at = head.indexOf(signature); at >= 0 && at + 30 <= head.length; at = head.indexOf(signature, at + 4)) {
    const nameLength = head.readUInt16LE(at + 26);
    const extraLength = head.readUInt16LE(at + 28);
    const name = head.toString('latin1', at + 30, at + 30 + nameLength);
    if (name.startsWith('word/')) return DOCX;
    if (name.startsWith('xl/')) return XLSX;
    if (name.startsWith('ppt/')) return PPTX;
    if (name === 'mimetype') {
      const start = at + 30 + nameLength + extraLength;
      const declared = head.toString('latin1', start, start + Math.min(head.readUInt32LE(at + 18), 100));
      if (/^application\/(vnd\.oasis\.opendocument\.[a-z.-]+|epub\+zip)$/.test(declared)) return declared;
    }
  }
  return 'application/zip';
}

// MPEG audio frame headers (ISO 11172-3 / 13818-3): kbit/s by [version group][layer][index].
const MPEG_BITRATES: Record<'v1' | 'v2', Record<1 | 2 | 3, number[]>> = {
  v1: {
    1: [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
    2: [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
    3: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  },
  v2: {
    1: [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
    2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    3: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  },
};
// Hz by version bits: MPEG 2.5, (reserved), MPEG 2, MPEG 1.
const MPEG_SAMPLE_RATES: readonly number[][] = [[11025, 12000, 8000], [], [22050, 24000, 16000], [44100, 48000, 32000]];

/** The frame length in bytes of a valid MPEG audio frame header at `at`, else undefined. */
function mpegFrameLength(head: Buffer, at: number): number | undefined {
  if (at + 4 > head.length || head[at] !== 0xff || (head[at + 1] & 0xe0) !== 0xe0) return undefined;
  const version = (head[at + 1] >> 3) & 3; // 0: MPEG 2.5, 1: reserved, 2: MPEG 2, 3: MPEG 1
  const layerBits = (head[at + 1] >> 1) & 3; // 0: reserved, 1: layer III, 2: layer II, 3: layer I
  const bitrateIndex = head[at + 2] >> 4;
  const sampleRateIndex = (head[at + 2] >> 2) & 3;
  const padding = (head[at + 2] >> 1) & 1;
  // Free-format (index 0) frames have no computable length; they are vanishingly rare.
  if (version === 1 || layerBits === 0 || bitrateIndex === 0 || bitrateIndex === 15 || sampleRateIndex === 3) return undefined;
  const layer = layerBits === 3 ? 1 : layerBits === 2 ? 2 : 3;
  const bitrate = MPEG_BITRATES[version === 3 ? 'v1' : 'v2'][layer][bitrateIndex] * 1000;
  const sampleRate = MPEG_SAMPLE_RATES[version][sampleRateIndex];
  if (layer === 1) return (Math.floor((12 * bitrate) / sampleRate) + padding) * 4;
  const samplesFactor = layer === 3 && version !== 3 ? 72 : 144;
  return Math.floor((samplesFactor * bitrate) / sampleRate) + padding;
}

/** Eleven set bits are easy to hit by chance, so a second frame must follow where the head reaches it. */
function isMpegAudioStream(head: Buffer): boolean {
  const length = mpegFrameLength(head, 0);
  if (length === undefined) return false;
  return length + 4 > head.length || mpegFrameLength(head, length) !== undefined;
}

/** AAC in ADTS frames (12-bit sync, layer 00), as some Android recorders save voice. */
function isAdtsStream(head: Buffer): boolean {
  const frameLength = (at: number): number | undefined => {
    if (at + 7 > head.length || head[at] !== 0xff || (head[at + 1] & 0xf6) !== 0xf0) return undefined;
    if (((head[at + 2] >> 2) & 0x0f) > 12) return undefined; // sampling frequency index
    const length = ((head[at + 3] & 0x03) << 11) | (head[at + 4] << 3) | (head[at + 5] >> 5);
    return length >= 7 ? length : undefined;
  };
  const length = frameLength(0);
  if (length === undefined) return false;
  return length + 7 > head.length || frameLength(length) !== undefined;
}

/**
 * Valid UTF-8 without NULs or other control bytes that never occur in text (tab, line breaks,
 * form feed and ESC do). A multi-byte character cut off by the end of the head is allowed. A
 * UTF-16 byte order mark also counts as text: Excel's "Unicode text" export is UTF-16 with one.
 */
function isText(head: Buffer): boolean {
  if (startsWithBytes(head, 0, [0xff, 0xfe]) || startsWithBytes(head, 0, [0xfe, 0xff])) return true;
  let i = startsWithBytes(head, 0, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (i < head.length) {
    const byte = head[i];
    if (byte < 0x80) {
      if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0b && byte !== 0x0c && byte !== 0x0d && byte !== 0x1b) return false;
      i += 1;
      continue;
    }
    const length = byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0) return false;
    // The second byte's range is narrower after E0, ED, F0 and F4 (no overlongs, surrogates or > U+10FFFF).
    const [low, high] = byte === 0xe0 ? [0xa0, 0xbf] : byte === 0xed ? [0x80, 0x9f] : byte === 0xf0 ? [0x90, 0xbf] : byte === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    for (let k = 1; k < length; k++) {
      if (i + k >= head.length) return true;
      const next = head[i + k];
      if (k === 1 ? next < low || next > high : next < 0x80 || next > 0xbf) return false;
    }
    i += length;
  }
  return true;
}

function extensionOf(fileName: string | undefined): string {
  const base = (fileName ?? '').split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

function startsWith(head: Buffer, offset: number, text: string): boolean {
  return head.length >= offset + text.length && head.toString('latin1', offset, offset + text.length) === text;
}

function startsWithBytes(head: Buffer, offset: number, bytes: readonly number[]): boolean {
  return head.length >= offset + bytes.length && bytes.every((byte, k) => head[offset + k] === byte);
}
