import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createAppI18n } from '@/i18n';
import VersionDiffView from './VersionDiffView.vue';

const render = (lines: Array<{ op: 'same' | 'added' | 'removed'; text: string }>) => mount(VersionDiffView, { props: { lines }, global: { plugins: [createAppI18n('ru')] } });

describe('the version diff', () => {
  it('styles each line by what happened to it and counts the changes', () => {
    const wrapper = render([
      { op: 'same', text: '# Согласие' },
      { op: 'removed', text: 'Срок — 1 год.' },
      { op: 'added', text: 'Срок — 3 года.' },
      { op: 'added', text: '<b>не разметка</b>' },
    ]);
    const lines = wrapper.findAll('[data-testid=diff-line]');
    expect(lines.map((l) => [l.attributes('data-op'), l.classes().find((c) => c.startsWith('diff-')), l.find('.mark').text()])).toEqual([
      ['same', 'diff-same', ''],
      ['removed', 'diff-removed', '−'],
      ['added', 'diff-added', '+'],
      ['added', 'diff-added', '+'],
    ]);
    expect(lines[3].find('.text').text()).toBe('<b>не разметка</b>');
    expect(lines[3].find('b').exists()).toBe(false);
    expect(wrapper.find('[data-testid=diff-legend]').text()).toContain('2 добавлено, 1 удалено');
  });

  it('says when nothing changed', () => {
    expect(render([{ op: 'same', text: 'Текст' }]).text()).toContain('Тексты редакций совпадают.');
  });
});
