import { createI18n } from 'vue-i18n';

/**
 * Russian first, English on request (STYLE.md §13). Each feature keeps its own locale file,
 * `locales/<lang>/<feature>.json`, addressed as `feature.key`.
 */
export const LOCALES = ['ru', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'ru';
const STORAGE_KEY = 'perepiska.locale';

type Messages = Record<string, Record<string, unknown>>;

const files = import.meta.glob<Record<string, unknown>>('./locales/*/*.json', { eager: true, import: 'default' });

function messagesFor(locale: Locale): Messages {
  const messages: Messages = {};
  for (const [path, content] of Object.entries(files)) {
    const match = /\.\/locales\/(\w+)\/([\w-]+)\.json$/.exec(path);
    const [, fileLocale, feature] = match ?? [];
    if (feature && fileLocale === locale) messages[feature] = content;
  }
  return messages;
}

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** `?lang=en` wins, then the user's saved choice, then Russian. */
export function initialLocale(search = window.location.search, storage: Pick<Storage, 'getItem'> = window.localStorage): Locale {
  const fromQuery = new URLSearchParams(search).get('lang');
  if (isLocale(fromQuery)) return fromQuery;
  const saved = storage.getItem(STORAGE_KEY);
  return isLocale(saved) ? saved : DEFAULT_LOCALE;
}

/**
 * Russian nouns take three forms after a number: 1, 21 право; 2–4, 22 права; 0, 5–20, 25 прав.
 * Messages list them in that order: `{n} право | {n} права | {n} прав`.
 */
export function russianPlural(choice: number, choicesLength: number): number {
  const n = Math.abs(choice);
  const lastTwo = n % 100;
  const last = n % 10;
  const form = lastTwo >= 11 && lastTwo <= 14 ? 2 : last === 1 ? 0 : last >= 2 && last <= 4 ? 1 : 2;
  return Math.min(form, choicesLength - 1);
}

export function createAppI18n(locale: Locale = initialLocale()) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    pluralRules: { ru: russianPlural },
    messages: { ru: messagesFor('ru'), en: messagesFor('en') },
  });
}

export type AppI18n = ReturnType<typeof createAppI18n>;

export function setLocale(i18n: AppI18n, locale: Locale): void {
  i18n.global.locale.value = locale;
  window.localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}
