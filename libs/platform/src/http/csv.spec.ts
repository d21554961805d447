import { CSV_BOM, csvCell, csvLine } from './csv';

describe('CSV cells', () => {
  it.each([
    [null, ''],
    [undefined, ''],
    [42, '42'],
    ['Иван Петров', 'Иван Петров'],
    ['ООО "Шарики", Москва', '"ООО ""Шарики"", Москва"'],
    ['две\r\nстроки', '"две\r\nстроки"'],
    // A spreadsheet would run these as formulas: the leading quote keeps them text.
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+7 903 111-22-33', "'+7 903 111-22-33"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
  ])('%j is written as %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('ends a line with CRLF and starts a file with the BOM spreadsheets read as UTF-8', () => {
    expect(csvLine(['id', 'Имя', null])).toBe('id,Имя,\r\n');
    expect(Buffer.from(CSV_BOM, 'utf8')).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});
