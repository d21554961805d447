import { type DiffLine, diffLines } from './line-diff';

const s = (text: string): DiffLine => ({ op: 'same', text });
const add = (text: string): DiffLine => ({ op: 'added', text });
const del = (text: string): DiffLine => ({ op: 'removed', text });

/** Applying the diff to `from` must give `to`: the property every correct diff has. */
function apply(lines: DiffLine[]): { from: string[]; to: string[] } {
  return { from: lines.filter((l) => l.op !== 'added').map((l) => l.text), to: lines.filter((l) => l.op !== 'removed').map((l) => l.text) };
}

describe('diffLines', () => {
  it.each<[string, string, string, DiffLine[]]>([
    ['identical texts', 'а\nб\n', 'а\nб\n', [s('а'), s('б')]],
    ['a line added in the middle', 'а\nв', 'а\nб\nв', [s('а'), add('б'), s('в')]],
    ['a line removed', 'а\nб\nв', 'а\nв', [s('а'), del('б'), s('в')]],
    ['a line changed', '1. Срок — 10 дней.\nКонец', '1. Срок — 14 дней.\nКонец', [del('1. Срок — 10 дней.'), add('1. Срок — 14 дней.'), s('Конец')]],
    ['from nothing', '', 'а\nб', [add('а'), add('б')]],
    ['to nothing', 'а', '', [del('а')]],
    ['both empty', '', '', []],
    ['line ends do not count as changes', 'а\r\nб', 'а\nб', [s('а'), s('б')]],
  ])('%s', (_name, from, to, expected) => {
    expect(diffLines(from, to)).toEqual(expected);
  });

  it('finds a minimal script on reordered lines', () => {
    const lines = diffLines('a\nb\nc\na\nb\nb\na', 'c\nb\na\nb\na\nc');
    expect(apply(lines)).toEqual({ from: 'a b c a b b a'.split(' '), to: 'c b a b a c'.split(' ') });
    // Myers' classic example: 5 edits are the minimum.
    expect(lines.filter((l) => l.op !== 'same')).toHaveLength(5);
  });

  it('round-trips random edits of a long document', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const from = Array.from({ length: 3000 }, (_, i) => `Пункт ${i}: ${Math.floor(random() * 5)}`);
    const to = from.flatMap((line) => (random() < 0.01 ? [] : random() < 0.01 ? [line, 'Новый пункт'] : [line]));
    const lines = diffLines(from.join('\n'), to.join('\n'));
    expect(apply(lines)).toEqual({ from, to });
  });
});
