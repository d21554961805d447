import PDFDocument from 'pdfkit';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** DejaVu Sans covers Cyrillic; the PDF's standard fonts do not. Embedded (subset) in every document. */
let font: Buffer | null = null;
function dejaVuSans(): Buffer {
  font ??= readFileSync(join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf'));
  return font;
}

/** What pdfkit's buffered pages add; libs/consent's typing of pdfkit does not declare it. */
interface BufferedPages {
  switchToPage(index: number): void;
  bufferedPageRange(): { start: number; count: number };
}

export interface RegisterPdfWriter {
  title(text: string, subtitle: string[]): void;
  heading(text: string): void;
  field(label: string, values: string[]): void;
  paragraph(text: string, options?: { bullet?: boolean }): void;
}

/**
 * A register document in PDF: A4, DejaVu Sans, the checksum of the register on the last page
 * (so a printed copy can be matched with the electronic one) and "Страница N из M" on every page.
 */
export function renderRegisterPdf(meta: { title: string; checksum: string; checksumLabel?: string; asOf: Date }, draw: (writer: RegisterPdfWriter) => void): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    bufferPages: true,
    lang: 'ru-RU',
    displayTitle: true,
    info: { Title: meta.title, Keywords: `register-sha256:${meta.checksum}`, Creator: 'Perepiska', CreationDate: meta.asOf },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', dejaVuSans());
  doc.font('body');

  draw({
    title: (text, subtitle) => {
      doc.fontSize(15).fillColor('#000000').text(text, { align: 'center' });
      for (const line of subtitle) doc.fontSize(10).text(line, { align: 'center' });
      doc.moveDown(0.8);
    },
    heading: (text) => doc.moveDown(0.6).fontSize(12).fillColor('#000000').text(text).moveDown(0.2),
    field: (label, values) => {
      doc.fontSize(8.5).fillColor('#555555').text(label).fillColor('#000000').fontSize(9.5);
      for (const value of values.length ? values : ['—']) doc.text(values.length > 1 ? `• ${value}` : value);
      doc.moveDown(0.25);
    },
    paragraph: (text, options = {}) => {
      doc.fontSize(10).fillColor('#000000').text(options.bullet ? `• ${text}` : text, { align: 'left' });
      doc.moveDown(0.3);
    },
  });

  doc.moveDown(1).fontSize(8.5).fillColor('#555555').text(`${meta.checksumLabel ?? 'Контрольная сумма реестра (SHA-256 канонического JSON)'}: ${meta.checksum}`).fillColor('#000000');

  // Page numbers are written once the page count is known.
  const pages = doc as unknown as BufferedPages;
  const { start, count } = pages.bufferedPageRange();
  for (let index = start; index < start + count; index += 1) {
    pages.switchToPage(index);
    const { margins, width, height } = doc.page;
    const bottom = margins.bottom;
    // Writing inside the bottom margin would otherwise make pdfkit open a new page.
    margins.bottom = 0;
    doc.fontSize(8).fillColor('#555555').text(`Страница ${index - start + 1} из ${count}`, margins.left, height - bottom / 2 - 4, { width: width - margins.left - margins.right, align: 'center' });
    margins.bottom = bottom;
  }
  doc.end();
  return done;
}
