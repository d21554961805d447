import PDFDocument from 'pdfkit';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let font: Buffer | null = null;
function dejaVuSans(): Buffer {
  font ??= readFileSync(join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf'));
  return font;
}

/**
 * A PDF document set in DejaVu Sans — it covers Cyrillic, the PDF standard fonts do not — which is
 * embedded (subset) in the file; and its bytes, once the document is ended. Every PDF the product
 * writes (acceptance certificates, register exports, policies) starts here.
 */
export function cyrillicPdf(options: ConstructorParameters<typeof PDFDocument>[0]): { doc: PDFDocument; bytes: Promise<Buffer> } {
  const doc = new PDFDocument(options);
  const chunks: Buffer[] = [];
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', dejaVuSans());
  doc.font('body');
  return { doc, bytes };
}
