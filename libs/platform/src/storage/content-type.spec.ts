import { randomBytes } from 'node:crypto';
import { attachmentKindOf, detectContentType } from './content-type';

const bytes = (...parts: Array<string | number[] | Buffer>): Buffer =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));
const u16le = (n: number) => [n & 0xff, n >> 8];
const u32le = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
const u32be = (n: number) => [n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];

/** A ZIP local file header (stored, sizes known) followed by its data. */
function zipEntry(name: string, data = ''): Buffer {
  return bytes('PK\x03\x04', [20, 0, 0, 0, 0, 0, 0, 0, 0, 0], u32le(0), u32le(data.length), u32le(data.length), u16le(name.length), u16le(0), name, data);
}

/** An ISO base media `ftyp` box: major brand, minor version, compatible brands. */
function ftyp(major: string, ...compatible: string[]): Buffer {
  return bytes(u32be(16 + 4 * compatible.length), 'ftyp', major, u32be(0), compatible.join(''), u32be(8), 'mdat');
}

/** An EBML header naming its DocType. */
function ebml(docType: string): Buffer {
  const body = bytes([0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01, 0x42, 0x82, 0x80 | docType.length], docType);
  return bytes([0x1a, 0x45, 0xdf, 0xa3, 0x80 | body.length], body);
}

/** An OGG page whose first packet begins with `packet`. */
function oggPage(packet: string): Buffer {
  return bytes('OggS', [0, 2], Array(8).fill(0), u32le(1), u32le(0), u32le(0), [1, packet.length], packet);
}

// MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, no padding: 144 * 128000 / 44100 = 417 bytes a frame.
const MP3_FRAME = bytes([0xff, 0xfb, 0x90, 0x00], Buffer.alloc(413));
// AAC-LC in ADTS, 44.1 kHz, stereo, frame length 16.
const ADTS_FRAME = bytes([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc], Buffer.alloc(9));

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
const contentTypesXml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

const fixtures: Array<[string, Buffer, string]> = [
  ['JPEG (JFIF)', bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF\0', [1, 1]), 'image/jpeg'],
  ['JPEG (Exif)', bytes([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x10], 'Exif\0\0'), 'image/jpeg'],
  ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], u32be(13), 'IHDR'), 'image/png'],
  ['GIF89a', bytes('GIF89a', [1, 0, 1, 0, 0, 0, 0]), 'image/gif'],
  ['GIF87a', bytes('GIF87a', [1, 0, 1, 0]), 'image/gif'],
  ['WebP', bytes('RIFF', u32le(26), 'WEBPVP8 ', u32le(10)), 'image/webp'],
  ['HEIC', ftyp('heic', 'mif1', 'heic'), 'image/heic'],
  ['HEIF with a HEVC compatible brand', ftyp('mif1', 'mif1', 'heic'), 'image/heic'],
  ['AVIF', ftyp('avif', 'avif', 'mif1'), 'image/avif'],
  ['PDF', bytes('%PDF-1.7\n%', [0xe2, 0xe3, 0xcf, 0xd3], '\n1 0 obj'), 'application/pdf'],
  ['ZIP', zipEntry('hello.txt', 'hello'), 'application/zip'],
  ['empty ZIP', bytes('PK\x05\x06', Buffer.alloc(18)), 'application/zip'],
  ['DOCX', bytes(zipEntry('[Content_Types].xml', contentTypesXml), zipEntry('_rels/.rels', '<Relationships/>'), zipEntry('word/document.xml')), DOCX],
  ['XLSX', bytes(zipEntry('[Content_Types].xml', contentTypesXml), zipEntry('xl/workbook.xml')), XLSX],
  ['PPTX', bytes(zipEntry('[Content_Types].xml', contentTypesXml), zipEntry('ppt/presentation.xml')), PPTX],
  ['ZIP with "word/" only inside a longer name', bytes(zipEntry('keyword/notes.txt', 'word/ is here')), 'application/zip'],
  ['ODT', bytes(zipEntry('mimetype', 'application/vnd.oasis.opendocument.text'), zipEntry('content.xml')), 'application/vnd.oasis.opendocument.text'],
  ['EPUB', bytes(zipEntry('mimetype', 'application/epub+zip')), 'application/epub+zip'],
  ['OGG Opus (a voice note)', oggPage('OpusHead\x01\x01'), 'audio/ogg'],
  ['OGG Vorbis', oggPage('\x01vorbis'), 'audio/ogg'],
  ['OGG Theora', oggPage('\x80theora'), 'video/ogg'],
  ['MP3 with an ID3 tag', bytes('ID3', [3, 0, 0, 0, 0, 0, 0x21]), 'audio/mpeg'],
  ['MP3 frames without a tag', bytes(MP3_FRAME, MP3_FRAME), 'audio/mpeg'],
  ['MP3, one frame header in a short head', bytes(MP3_FRAME.subarray(0, 64)), 'audio/mpeg'],
  ['AAC in ADTS frames', bytes(ADTS_FRAME, ADTS_FRAME), 'audio/aac'],
  ['M4A', ftyp('M4A ', 'M4A ', 'mp42', 'isom'), 'audio/mp4'],
  ['MP4', ftyp('isom', 'isom', 'iso2', 'avc1', 'mp41'), 'video/mp4'],
  ['MP4 (mp42)', ftyp('mp42', 'mp42', 'isom'), 'video/mp4'],
  ['MOV', ftyp('qt  ', 'qt  '), 'video/quicktime'],
  ['3GP', ftyp('3gp4', '3gp4', 'isom'), 'video/3gpp'],
  ['WebM', ebml('webm'), 'video/webm'],
  ['MKV', ebml('matroska'), 'video/x-matroska'],
  ['WAV', bytes('RIFF', u32le(36), 'WAVEfmt ', u32le(16)), 'audio/wav'],
  ['AVI', bytes('RIFF', u32le(36), 'AVI LIST'), 'video/x-msvideo'],
  ['FLAC', bytes('fLaC', [0, 0, 0, 0x22]), 'audio/flac'],
  ['AMR', bytes('#!AMR\n', [0x3c]), 'audio/amr'],
  ['gzip', bytes([0x1f, 0x8b, 0x08, 0x00]), 'application/gzip'],
  ['7z', bytes([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]), 'application/x-7z-compressed'],
  ['RAR', bytes('Rar!\x1a\x07\x01\x00'), 'application/vnd.rar'],
  ['RTF', bytes('{\\rtf1\\ansi'), 'application/rtf'],
  ['ASCII text', bytes('Hello, world\r\n\tindented\n'), 'text/plain'],
  ['Cyrillic UTF-8 text', Buffer.from('Здравствуйте! Заказ №42 готов.\n', 'utf8'), 'text/plain'],
  ['UTF-8 text with a BOM', bytes([0xef, 0xbb, 0xbf], Buffer.from('Имя;Телефон\n', 'utf8')), 'text/plain'],
  ['UTF-8 text cut inside a character', Buffer.from('Привет', 'utf8').subarray(0, 11), 'text/plain'],
  ['UTF-16LE text with a BOM', bytes([0xff, 0xfe], Buffer.from('Name\tPhone\n', 'utf16le')), 'text/plain'],
  ['an empty file', Buffer.alloc(0), 'text/plain'],
  ['text with a NUL', bytes('abc\0def'), 'application/octet-stream'],
  ['text with other control bytes', bytes('abc\x01\x02def'), 'application/octet-stream'],
  ['Latin-1, not UTF-8', bytes('caf', [0xe9], ' cr', [0xe8], 'me'), 'application/octet-stream'],
  ['an overlong UTF-8 encoding', bytes([0xc0, 0xaf]), 'application/octet-stream'],
  ['a UTF-8 encoded surrogate', bytes([0xed, 0xa0, 0x80]), 'application/octet-stream'],
  ['a frame-sync lookalike not followed by a second frame', bytes(MP3_FRAME, Buffer.alloc(8)), 'application/octet-stream'],
  ['an unknown binary', bytes([0x00, 0x01, 0x02, 0x03, 0xfe, 0xfd]), 'application/octet-stream'],
];

describe('detectContentType', () => {
  it.each(fixtures.map(([name, head, expected]) => [name, expected, head] as const))('%s → %s', (_name, expected, head) => {
    expect(detectContentType(head)).toBe(expected);
  });

  it.each<[string, Buffer, string, string]>([
    ['text named .csv', Buffer.from('name,phone\nИван,+79990000000\n', 'utf8'), 'clients.csv', 'text/csv'],
    ['UTF-16 text named .csv (Excel "Unicode text")', bytes([0xff, 0xfe], Buffer.from('a\tb\n', 'utf16le')), 'export.CSV', 'text/csv'],
    ['text named .tsv', bytes('a\tb\n'), 'x.tsv', 'text/tab-separated-values'],
    ['text named .json', bytes('{"a":1}'), 'data.json', 'application/json'],
    ['text named .vcf', bytes('BEGIN:VCARD\r\nVERSION:3.0\r\n'), 'contact.vcf', 'text/vcard'],
    ['text named .md', bytes('# Title\n'), 'README.md', 'text/markdown'],
    ['text named .html stays plain text', bytes('<script>alert(1)</script>'), 'page.html', 'text/plain'],
    ['text named .svg stays plain text', bytes('<svg onload="alert(1)"/>'), 'logo.svg', 'text/plain'],
    ['text named .jpg stays plain text', bytes('not a picture'), 'photo.jpg', 'text/plain'],
    ['PDF named .jpg stays a PDF', bytes('%PDF-1.4\n'), 'photo.jpg', 'application/pdf'],
    ['JPEG named .pdf stays a JPEG', bytes([0xff, 0xd8, 0xff, 0xdb]), 'invoice.pdf', 'image/jpeg'],
    ['ZIP with no Office entry in the head, named .docx', zipEntry('[Content_Types].xml', contentTypesXml), 'Договор.docx', DOCX],
    ['ZIP named .xlsx in a Windows path', zipEntry('docProps/app.xml'), 'C:\\Users\\me\\report.XLSX', XLSX],
    ['plain ZIP named .docx.exe stays a ZIP', zipEntry('a.txt'), 'invoice.docx.exe', 'application/zip'],
    ['DOCX named .zip stays a DOCX', bytes(zipEntry('word/document.xml')), 'archive.zip', DOCX],
    ['generic MP4 named .m4a', ftyp('isom', 'isom', 'mp42'), 'voice.m4a', 'audio/mp4'],
    ['WebM named .weba', ebml('webm'), 'voice.weba', 'audio/webm'],
    ['binary named .csv stays binary', bytes([0x00, 0x01, 0x02]), 'data.csv', 'application/octet-stream'],
    ['a name without an extension changes nothing', bytes('text'), 'csv', 'text/plain'],
  ])('%s', (_name, head, fileName, expected) => {
    expect(detectContentType(head, fileName)).toBe(expected);
  });

  it('never throws on truncated or random heads', () => {
    for (const [, head] of fixtures) {
      for (let length = 0; length <= head.length; length++) {
        expect(() => detectContentType(head.subarray(0, length), 'x.docx')).not.toThrow();
      }
    }
    for (let i = 0; i < 200; i++) expect(typeof detectContentType(randomBytes(i % 64))).toBe('string');
    // An ftyp box claiming to be far longer than the head.
    expect(detectContentType(bytes(u32be(0xffffffff), 'ftypheic'))).toBe('image/heic');
  });
});

describe('attachmentKindOf', () => {
  it.each<[string, ReturnType<typeof attachmentKindOf>]>([
    ['image/jpeg', 'image'],
    ['image/heic', 'image'],
    ['IMAGE/PNG', 'image'],
    ['image/svg+xml', 'file'],
    ['video/mp4', 'video'],
    ['video/quicktime', 'video'],
    ['audio/ogg', 'voice'],
    ['audio/ogg; codecs=opus', 'voice'],
    ['application/ogg', 'voice'],
    ['audio/mpeg', 'voice'],
    ['audio/mp4', 'voice'],
    ['application/pdf', 'file'],
    [DOCX, 'file'],
    ['text/plain', 'file'],
    ['application/octet-stream', 'file'],
    ['', 'file'],
  ])('%s → %s', (mime, kind) => {
    expect(attachmentKindOf(mime)).toBe(kind);
  });
});
