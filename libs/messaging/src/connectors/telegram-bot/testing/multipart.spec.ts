import { multipartBoundary, parseMultipart } from './multipart';

/** The body exactly as Node's fetch (undici) writes a FormData, so the fake reads what the client sends. */
async function encode(form: FormData): Promise<{ body: Buffer; contentType: string }> {
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { body: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type')! };
}

describe('the fake Bot API\'s multipart reader', () => {
  it('reads fields and a binary file as fetch sends them, byte for byte and under a UTF-8 name', async () => {
    const bytes = Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x2d, 0x2d, 0x0d, 0x0a, 0x89, 0x50]);
    const form = new FormData();
    form.append('chat_id', '-1001234');
    form.append('caption', 'Счёт "за май"\r\nвторая строка');
    form.append('document', new Blob([bytes], { type: 'application/pdf' }), 'счёт "5".pdf');
    const { body, contentType } = await encode(form);
    const parts = parseMultipart(body, multipartBoundary(contentType)!);
    expect(parts.map((p) => ({ name: p.name, fileName: p.fileName, contentType: p.contentType, text: p.fileName ? null : p.data.toString('utf8') }))).toEqual([
      { name: 'chat_id', fileName: null, contentType: null, text: '-1001234' },
      { name: 'caption', fileName: null, contentType: null, text: 'Счёт "за май"\r\nвторая строка' },
      { name: 'document', fileName: 'счёт "5".pdf', contentType: 'application/pdf', text: null },
    ]);
    expect(parts[2].data.equals(bytes)).toBe(true);
  });

  it.each([
    ['multipart/form-data; boundary=abc', 'abc'],
    ['multipart/form-data; boundary="a b;c"', 'a b;c'],
    ['Multipart/Form-Data;boundary=xyz; charset=utf-8', 'xyz'],
    ['application/json', null],
    ['multipart/form-data', null],
  ])('finds the boundary in %s', (contentType, boundary) => {
    expect(multipartBoundary(contentType)).toBe(boundary);
  });

  it('reads RFC 5987 file names', () => {
    const body = Buffer.from(['--b', 'Content-Disposition: form-data; name="photo"; filename="x.jpg"; filename*=UTF-8\'\'%D1%84%D0%BE%D1%82%D0%BE.jpg', 'Content-Type: image/jpeg', '', 'JPEG', '--b--', ''].join('\r\n'));
    expect(parseMultipart(body, 'b')).toEqual([{ name: 'photo', fileName: 'фото.jpg', contentType: 'image/jpeg', data: Buffer.from('JPEG') }]);
  });

  it.each([
    ['no boundary at all', 'hello'],
    ['an unterminated part', '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue'],
    ['a part without a name', '--b\r\nContent-Disposition: form-data\r\n\r\nvalue\r\n--b--'],
    ['headers that never end', '--b\r\nContent-Disposition: form-data; name="a"'],
  ])('refuses %s', (_name, text) => {
    expect(() => parseMultipart(Buffer.from(text), 'b')).toThrow();
  });
});
