import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown } from './markdown';

describe('the legal-text Markdown reader', () => {
  it.each([
    ['plain', [{ kind: 'text', text: 'plain' }]],
    ['a **bold** word', [{ kind: 'text', text: 'a ' }, { kind: 'strong', children: [{ kind: 'text', text: 'bold' }] }, { kind: 'text', text: ' word' }]],
    ['*em* and __strong__', [{ kind: 'em', children: [{ kind: 'text', text: 'em' }] }, { kind: 'text', text: ' and ' }, { kind: 'strong', children: [{ kind: 'text', text: 'strong' }] }]],
    ['2 * 3 * 4', [{ kind: 'text', text: '2 * 3 * 4' }]],
    ['snake_case_name', [{ kind: 'text', text: 'snake_case_name' }]],
    ['<b>not html</b>', [{ kind: 'text', text: '<b>not html</b>' }]],
  ])('%j', (source, expected) => {
    expect(parseInline(source)).toEqual(expected);
  });

  it('reads headings, paragraphs joined across lines, and both kinds of list', () => {
    const blocks = parseMarkdown('# Соглашение\n\nПервая строка\nвторая строка.\n\n- один\n- два\n  продолжение\n1. первый\n2) второй\n## Раздел');
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'list', 'list', 'heading']);
    expect(blocks[1]).toEqual({ kind: 'paragraph', children: [{ kind: 'text', text: 'Первая строка вторая строка.' }] });
    expect(blocks[2]).toMatchObject({ ordered: false, items: [[{ text: 'один' }], [{ text: 'два продолжение' }]] });
    expect(blocks[3]).toMatchObject({ ordered: true, items: [[{ text: 'первый' }], [{ text: 'второй' }]] });
    expect(blocks[4]).toMatchObject({ kind: 'heading', level: 2 });
  });

  it('answers nothing for an empty text', () => {
    expect(parseMarkdown('\n  \n')).toEqual([]);
  });
});
