import { inflateSync } from 'node:zlib';

/**
 * Reads the text of a PDF written by pdfkit with an embedded font, for tests: inflates the
 * streams, maps the glyph ids of every TJ string through the font's ToUnicode CMap. Enough for
 * our own certificates and register exports (one font); not a general PDF parser.
 */
export function extractPdfText(pdf: Buffer): string {
  const streams = pdfStreams(pdf);
  const glyphs = new Map<number, string>();
  for (const stream of streams.filter((s) => s.includes('beginbfrange'))) {
    for (const range of stream.matchAll(/<([0-9a-f]{4})> <([0-9a-f]{4})> \[([^\]]*)\]/gi)) {
      const start = parseInt(range[1], 16);
      const targets = [...range[3].matchAll(/<([0-9a-f ]+)>/gi)].map((m) => String.fromCharCode(...m[1].trim().split(/\s+/).map((h) => parseInt(h, 16))));
      targets.forEach((text, i) => glyphs.set(start + i, text));
    }
  }
  const lines: string[] = [];
  for (const stream of streams) {
    for (const op of stream.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      const hex = [...op[1].matchAll(/<([0-9a-f]*)>/gi)].map((m) => m[1]).join('');
      let line = '';
      for (let i = 0; i + 4 <= hex.length; i += 4) line += glyphs.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\uFFFD';
      lines.push(line);
    }
  }
  return lines.join('\n');
}

function pdfStreams(pdf: Buffer): string[] {
  const out: string[] = [];
  const raw = pdf.toString('latin1');
  let at = 0;
  for (;;) {
    const start = raw.indexOf('stream\n', at);
    if (start < 0) break;
    const end = raw.indexOf('\nendstream', start);
    if (end < 0) break;
    const body = pdf.subarray(start + 'stream\n'.length, end);
    const header = raw.slice(raw.lastIndexOf(' obj', start), start);
    try {
      out.push((/FlateDecode/.test(header) ? inflateSync(body) : body).toString('latin1'));
    } catch {
      // Font programs and images are not text; skip what does not inflate.
    }
    at = end + '\nendstream'.length;
  }
  return out;
}
