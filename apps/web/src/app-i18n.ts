import { createAppI18n } from './i18n';

/** The application's i18n instance, shared by main.ts and the locale switcher. */
export const i18n = createAppI18n();
