import { isStorableText, storableText, unstorableTextPaths } from './storable-text';

describe('text Postgres can store', () => {
  it('refuses a NUL character and either half of a surrogate pair alone, and takes a whole pair', () => {
    expect(isStorableText('Розы 🌹 к 8 марта')).toBe(true);
    expect(isStorableText('a\u0000b')).toBe(false);
    expect(isStorableText('\ud83c')).toBe(false);
    expect(isStorableText('x\udf39')).toBe(false);
    expect(isStorableText('\udf39\ud83c')).toBe(false);
  });

  it('mends what it refuses the way a UTF-8 decoder would, and leaves the rest as it was', () => {
    expect(storableText('Роз\u0000ы \ud83c и \udf39 🌹')).toBe('Розы \ufffd и \ufffd 🌹');
    const fine = 'Здравствуйте';
    expect(storableText(fine)).toBe(fine);
  });

  it('names the path of every string it refuses, keys included, however deep the value', () => {
    expect(unstorableTextPaths({ messages: [{ text: 'ok', from: { name: 'Анна\u0000' } }, { text: '\ud800' }], 'bad\u0000key': 1 })).toEqual([
      'badkey',
      'messages.0.from.name',
      'messages.1.text',
    ]);
    let deep: unknown = 'a\u0000';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(unstorableTextPaths(deep)).toHaveLength(1);
    expect(unstorableTextPaths({ n: 1, flag: true, none: null, list: ['🌹'] })).toEqual([]);
  });
});
