import { canonicalText, textSha256 } from './canonical-text';

describe('canonical text and its hash', () => {
  it.each([
    ['CRLF and CR become LF', 'а\r\nб\rв', 'а\nб\nв\n'],
    ['trailing spaces and tabs are dropped', 'а  \nб\t', 'а\nб\n'],
    ['trailing blank lines collapse to one final newline', 'а\n\n\n', 'а\n'],
    ['a missing final newline is added', 'а', 'а\n'],
    ['decomposed Cyrillic is composed (NFC)', 'и\u0306', 'й\n'],
    ['leading indentation is kept', '  - пункт', '  - пункт\n'],
  ])('%s', (_name, input, expected) => {
    expect(canonicalText(input)).toBe(expected);
  });

  it('hashes texts that read the same alike, and any visible change differently', () => {
    expect(textSha256('Текст\r\n')).toBe(textSha256('Текст'));
    expect(textSha256('Текст')).not.toBe(textSha256('Текст.'));
    expect(textSha256('Текст')).toMatch(/^[0-9a-f]{64}$/);
  });
});
