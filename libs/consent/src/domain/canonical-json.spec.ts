import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it.each([
    ['sorts keys at every depth', { b: 1, a: { d: [1, { z: true, y: null }], c: 'x' } }, '{"a":{"c":"x","d":[1,{"y":null,"z":true}]},"b":1}'],
    ['drops undefined fields', { a: undefined, b: 2 }, '{"b":2}'],
    ['writes dates as ISO-8601 UTC', { at: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)) }, '{"at":"2026-01-02T03:04:05.006Z"}'],
    ['escapes strings as JSON does', { 'ключ': 'строка "в кавычках"\n' }, '{"ключ":"строка \\"в кавычках\\"\\n"}'],
    ['keeps array order', [3, 1, 2], '[3,1,2]'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('gives the same bytes whatever the insertion order', () => {
    expect(canonicalJson({ x: 1, y: { p: 1, q: 2 } })).toBe(canonicalJson({ y: { q: 2, p: 1 }, x: 1 }));
  });

  it.each([[Number.NaN], [Number.POSITIVE_INFINITY], [new Date('nope')]])('refuses %p', (value) => {
    expect(() => canonicalJson({ v: value })).toThrow(TypeError);
  });
});
