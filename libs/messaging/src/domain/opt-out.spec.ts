import { DEFAULT_OPT_OUT_KEYWORDS, isOptOut, withOptOutLine } from './opt-out';

describe('opt-out keywords', () => {
  it.each([
    ['стоп', true],
    ['СТОП', true],
    ['  Стоп!  ', true],
    ['отписаться.', true],
    ['Stop', true],
    ['стоп, я перепутал адрес', false],
    ['не стоп', false],
    ['', false],
    ['стопка', false],
  ])('"%s" → %s', (text, expected) => {
    expect(isOptOut(text, DEFAULT_OPT_OUT_KEYWORDS)).toBe(expected);
  });

  it('matches ё as е and the tenant\'s own keywords', () => {
    expect(isOptOut('Отпишитё', ['отпишите'])).toBe(true);
  });

  it('adds the opt-out line once', () => {
    const line = 'Ответьте «СТОП», чтобы отписаться.';
    const once = withOptOutLine('Здравствуйте!', line);
    expect(once).toBe(`Здравствуйте!\n\n${line}`);
    expect(withOptOutLine(once, line)).toBe(once);
  });
});
