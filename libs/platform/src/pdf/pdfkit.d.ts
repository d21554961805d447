// pdfkit 0.20 ships no type declarations; this covers the part of its API the product's PDFs use.
declare module 'pdfkit' {
  interface PDFDocumentOptions {
    size?: string | [number, number];
    margin?: number;
    compress?: boolean;
    info?: Record<string, string | Date>;
    lang?: string;
    displayTitle?: boolean;
    bufferPages?: boolean;
  }
  interface TextOptions {
    width?: number;
    align?: 'left' | 'center' | 'right' | 'justify';
    paragraphGap?: number;
    lineGap?: number;
    continued?: boolean;
  }
  class PDFDocument {
    constructor(options?: PDFDocumentOptions);
    registerFont(name: string, src: string | Buffer): this;
    font(name: string): this;
    fontSize(size: number): this;
    fillColor(color: string): this;
    text(text: string, options?: TextOptions): this;
    text(text: string, x?: number, y?: number, options?: TextOptions): this;
    moveDown(lines?: number): this;
    addPage(): this;
    /** With `bufferPages`: go back to a page to write on it (page numbers once the count is known). */
    switchToPage(index: number): this;
    bufferedPageRange(): { start: number; count: number };
    end(): void;
    on(event: 'data', listener: (chunk: Buffer) => void): this;
    on(event: 'end', listener: () => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    readonly page: { width: number; height: number; margins: { left: number; right: number; top: number; bottom: number } };
  }
  export default PDFDocument;
}
