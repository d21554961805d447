/**
 * The product's CSV files (journals, the client base): UTF-8 with a BOM so that spreadsheet
 * programs read the Cyrillic as UTF-8, "," between cells, CRLF between lines.
 */
export const CSV_BOM = '\uFEFF';

/** RFC 4180 quoting, and a leading quote on formula-like cells so a spreadsheet never runs them. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line of cells, with its CRLF. */
export function csvLine(cells: ReadonlyArray<string | number | null | undefined>): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
