import { cyrillicPdf } from '@perepiska/platform';

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
  const { doc, bytes } = cyrillicPdf({
    size: 'A4',
    margin: 50,
    bufferPages: true,
    lang: 'ru-RU',
    displayTitle: true,
    info: { Title: meta.title, Keywords: `register-sha256:${meta.checksum}`, Creator: 'Perepiska', CreationDate: meta.asOf },
  });

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
  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index += 1) {
    doc.switchToPage(index);
    const { margins, width, height } = doc.page;
    const bottom = margins.bottom;
    // Writing inside the bottom margin would otherwise make pdfkit open a new page.
    margins.bottom = 0;
    doc.fontSize(8).fillColor('#555555').text(`Страница ${index - start + 1} из ${count}`, margins.left, height - bottom / 2 - 4, { width: width - margins.left - margins.right, align: 'center' });
    margins.bottom = bottom;
  }
  doc.end();
  return bytes;
}
