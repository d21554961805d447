import { describe, expect, it } from 'vitest';
import { createAppI18n, initialLocale } from './i18n';

const storage = (value: string | null) => ({ getItem: () => value });

describe('locale choice', () => {
  it.each([
    ['', null, 'ru'],
    ['', 'en', 'en'],
    ['?lang=en', null, 'en'],
    ['?lang=ru', 'en', 'ru'],
    ['?lang=de', 'xx', 'ru'],
  ])('search %j with saved %j gives %s', (search, saved, expected) => {
    expect(initialLocale(search, storage(saved))).toBe(expected);
  });

  it('has the same keys in Russian and English', () => {
    const { global } = createAppI18n('ru');
    const keys = (value: unknown, prefix = ''): string[] =>
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
        : [prefix];
    expect(keys(global.getLocaleMessage('en')).sort()).toEqual(keys(global.getLocaleMessage('ru')).sort());
  });

  it('declines Russian nouns after numbers', () => {
    const { global } = createAppI18n('ru');
    const count = (n: number) => global.t('api-tokens.list.permissionCount', n);
    expect([1, 2, 5, 11, 21, 22, 25, 112].map(count)).toEqual(['1 право', '2 права', '5 прав', '11 прав', '21 право', '22 права', '25 прав', '112 прав']);
    global.locale.value = 'en';
    expect([1, 3].map(count)).toEqual(['1 permission', '3 permissions']);
  });

  it('compiles every message (an unescaped @ or | breaks rendering)', () => {
    const { global } = createAppI18n('ru');
    for (const locale of ['ru', 'en'] as const) {
      global.locale.value = locale;
      expect(global.t('auth.login.emailPlaceholder')).toMatch(/^name@company\./);
      expect(global.t('auth.login.tooManyAttempts', { seconds: 30 })).toContain('30');
    }
  });
});
