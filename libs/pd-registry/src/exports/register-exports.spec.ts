import ExcelJS from 'exceljs';
import { canonicalJson, REGISTER_COLUMNS, registerRows, sha256Hex } from '../domain/register-view';
import { extractPdfText } from '@perepiska/platform';
import { sampleSnapshot } from '../testing/sample-register';
import {
  notificationDraft,
  notificationDraftMarkdown,
  notificationDraftPdf,
  registerChecksum,
  registerCsv,
  registerJson,
  registerPdf,
  registerXlsx,
  XLSX_HEADER_ROW,
} from './register-exports';

/** RFC 4180 with ";" as the separator: quoted cells may hold separators, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ';') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else {
      cell += ch;
    }
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

const snapshot = sampleSnapshot();
const messengerPurpose = 'Ведение переписки ООО «Шарики» с клиентами и потенциальными клиентами в мессенджерах, ответы на обращения';

describe('registerJson', () => {
  it('carries a checksum that the canonical JSON of the rest reproduces', () => {
    const exported = registerJson(snapshot);
    const parsed = JSON.parse(exported.body.toString('utf8')) as Record<string, unknown>;
    const { checksum, ...rest } = parsed;
    expect(checksum).toBe(sha256Hex(canonicalJson(rest)));
    expect(checksum).toBe(registerChecksum(snapshot));
    expect(exported.sha256).toBe(sha256Hex(exported.body));
    expect(exported.fileName).toBe(`register-platform-2026-12-01-${String(checksum).slice(0, 12)}.json`);
    expect(exported.contentType).toBe('application/json; charset=utf-8');
  });

  it('states the as-of date, sorts activities by name and resolves labels beside ids', () => {
    const parsed = JSON.parse(registerJson(snapshot).body.toString('utf8')) as {
      asOf: string;
      asOfDate: string;
      activities: Array<{ name: string; categories: Array<{ id: string; ru: string }>; legalBases: Array<{ clause: string; ru: string }> }>;
    };
    expect(parsed.asOf).toBe('2026-12-01T09:00:00.000Z');
    expect(parsed.asOfDate).toBe('2026-12-01');
    const names = parsed.activities.map((a) => a.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'ru')));
    const messenger = parsed.activities.find((a) => a.name === 'Обработка сообщений клиентов в мессенджерах');
    expect(messenger?.categories[0]).toEqual({ id: 'full-name', kind: 'ordinary', ru: 'Фамилия, имя, отчество или отображаемое имя' });
    expect(messenger?.legalBases[0]).toMatchObject({ clause: '5', ru: expect.stringContaining('исполнение договора') });
  });

  it('is the same bytes whatever order the activities come in, and changes when the data does', () => {
    const reversed = sampleSnapshot({ activities: [...snapshot.activities].reverse() });
    expect(registerJson(reversed).body.equals(registerJson(snapshot).body)).toBe(true);
    const [first, ...others] = snapshot.activities;
    const changed = sampleSnapshot({ activities: [{ ...first, data: { ...first.data, purpose: 'Другая цель' } }, ...others] });
    expect(registerChecksum(changed)).not.toBe(registerChecksum(snapshot));
  });
});

describe('registerCsv', () => {
  const exported = registerCsv(snapshot);
  const text = exported.body.toString('utf8');

  it('starts with a BOM, separates with ";", ends lines with CRLF and names the file by date and body hash', () => {
    expect(exported.body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const outsideQuotes = text.replace(/"[^"]*"/g, '');
    expect(outsideQuotes).toMatch(/\r\n$/);
    expect(outsideQuotes).not.toMatch(/[^\r]\n/);
    expect(exported.sha256).toBe(sha256Hex(exported.body));
    expect(exported.fileName).toBe(`register-platform-2026-12-01-${exported.sha256.slice(0, 12)}.csv`);
    expect(exported.fileName).toMatch(/^[\x20-\x7e]+$/);
  });

  it('parses back to the header and one row per activity, with multi-values joined by "; "', () => {
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual(REGISTER_COLUMNS.map((c) => c.header));
    expect(rows[0].slice(1, 3)).toEqual(['Цель обработки', 'Категории персональных данных']);
    expect(rows.slice(1)).toEqual(registerRows(snapshot));
    expect(rows).toHaveLength(snapshot.activities.length + 1);
    const messenger = rows.find((row) => row[1] === messengerPurpose);
    expect(messenger?.[3]).toBe('Клиенты и их представители; Потенциальные клиенты');
  });

  it('quotes a cell holding quotes, separators or line breaks', () => {
    const [first, ...others] = snapshot.activities;
    const tricky = sampleSnapshot({ activities: [{ ...first, data: { ...first.data, name: 'Имя; с "кавычками"\r\nи переносом' } }, ...others] });
    const rows = parseCsv(registerCsv(tricky).body.toString('utf8').slice(1));
    expect(rows.map((row) => row[0])).toContain('Имя; с "кавычками"\r\nи переносом');
  });
});

describe('registerXlsx', () => {
  it('reads back with the same rows as the CSV and the checksum on "Сведения"', async () => {
    const generatedAt = new Date('2026-12-01T10:00:00.000Z');
    const exported = await registerXlsx(snapshot, { generatedAt });
    expect(exported.sha256).toBe(sha256Hex(exported.body));
    expect(exported.fileName).toBe(`register-platform-2026-12-01-${registerChecksum(snapshot).slice(0, 12)}.xlsx`);

    const workbook = new ExcelJS.Workbook();
    // exceljs types its input as an ArrayBuffer-like "Buffer" of its own; a Node Buffer is what it reads.
    await workbook.xlsx.load(exported.body as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Реестр');
    if (!sheet) throw new Error('no sheet "Реестр"');
    const text = (row: number, column: number) => sheet.getRow(row).getCell(column).text;
    expect(text(1, 1)).toBe('Реестр процессов обработки персональных данных');
    expect(text(2, 1)).toBe('По состоянию на 01.12.2026');
    expect(text(3, 1)).toContain('Общество с ограниченной ответственностью «Переписка»');
    expect(REGISTER_COLUMNS.map((_, i) => text(XLSX_HEADER_ROW, i + 1))).toEqual(REGISTER_COLUMNS.map((c) => c.header));
    const rows = registerRows(snapshot).map((_, r) => REGISTER_COLUMNS.map((__, c) => text(XLSX_HEADER_ROW + 1 + r, c + 1)));
    expect(rows).toEqual(registerRows(snapshot));
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: XLSX_HEADER_ROW });
    expect(sheet.getColumn(2).width).toBe(45);
    expect(sheet.getRow(XLSX_HEADER_ROW + 1).getCell(2).alignment).toMatchObject({ wrapText: true });

    const about = workbook.getWorksheet('Сведения');
    const values = new Map<string, string>();
    about?.eachRow((row) => values.set(row.getCell(1).text, row.getCell(2).text));
    expect(values.get('По состоянию на')).toBe('01.12.2026');
    expect(values.get('Сформирован (UTC)')).toBe(generatedAt.toISOString());
    const { checksum } = JSON.parse(registerJson(snapshot).body.toString('utf8')) as { checksum: string };
    expect(values.get('Контрольная сумма (SHA-256 канонического JSON реестра)')).toBe(checksum);
  });
});

describe('registerPdf', () => {
  it('is a PDF with the Cyrillic title, purpose, as-of date, page numbers and the checksum', async () => {
    const exported = await registerPdf(snapshot);
    expect(exported.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(exported.contentType).toBe('application/pdf');
    const text = extractPdfText(exported.body).replace(/\s+/g, ' ');
    expect(text).toContain('Реестр процессов обработки персональных данных');
    expect(text).toContain('по состоянию на 01.12.2026');
    expect(text).toContain('Ведение переписки ООО «Шарики»');
    expect(text).toContain('Место нахождения базы данных');
    expect(text).toContain('Страница 1 из');
    // The checksum closes the document, after the last activity.
    const lastActivity = [...snapshot.activities].map((a) => a.data.name).sort((a, b) => a.localeCompare(b, 'ru')).at(-1) ?? '';
    expect(text.indexOf(registerChecksum(snapshot))).toBeGreaterThan(text.indexOf(lastActivity));
  });
});

describe('the notification draft', () => {
  const markdown = notificationDraftMarkdown(snapshot);

  it('lists the items of art. 22 part 3 in their order, items 2–6 for each purpose', () => {
    const items = [...markdown.matchAll(/^#+ (\d+(?:\.\d+)?)\. /gm)].map((m) => m[1]);
    const purposes = snapshot.activities.length;
    expect(items).toEqual(['1', ...Array.from({ length: purposes }, () => ['2', '3', '4', '5', '6']).flat(), '7', '7.1', '8', '9', '10', '10.1', '11']);
    expect(markdown).toContain('по состоянию на 01.12.2026');
    expect(markdown).toContain(messengerPurpose);
    expect(markdown).toContain('Трансграничная передача персональных данных не осуществляется');
    expect(markdown).toContain('Шифровальные (криптографические) средства: AES-256-GCM');
    expect(markdown).toContain('privacy@perepiska.ru');
    expect(markdown).toContain(registerChecksum(snapshot));
  });

  it('lists each purpose\'s countries when there is a cross-border transfer', () => {
    const [first, ...others] = snapshot.activities;
    const abroad = sampleSnapshot({ activities: [{ ...first, data: { ...first.data, crossBorder: { transfers: true, countries: ['KZ'] } } }, ...others] });
    expect(notificationDraftMarkdown(abroad)).toContain('осуществляется: Казахстан (KZ)');
  });

  it('comes as a Markdown file and as a PDF holding the same Cyrillic text', async () => {
    const md = notificationDraft(snapshot);
    expect(md.body.toString('utf8')).toBe(markdown);
    expect(md.fileName).toMatch(/^notification-draft-platform-2026-12-01-[0-9a-f]{12}\.md$/);
    const pdf = await notificationDraftPdf(snapshot);
    const text = extractPdfText(pdf.body).replace(/\s+/g, ' ');
    expect(text).toContain('Уведомление об обработке персональных данных');
    expect(text).toContain('по состоянию на 01.12.2026');
    expect(text).toContain('Ведение переписки ООО «Шарики»');
    expect(text).toContain(registerChecksum(snapshot));
    expect(pdf.fileName).toMatch(/^notification-draft-platform-2026-12-01-[0-9a-f]{12}\.pdf$/);
  });
});
