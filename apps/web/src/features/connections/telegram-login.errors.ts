import type { LoginErrorCode } from './connections.types';
import { waitParts } from './telegram-login.format';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** Which input a login error is about, so it is shown under that input. */
export type LoginField = 'phone' | 'code' | 'password';

const FIELD_OF: Partial<Record<LoginErrorCode, LoginField>> = {
  'code-invalid': 'code',
  'code-expired': 'code',
  'password-invalid': 'password',
  'phone-invalid': 'phone',
  'phone-unregistered': 'phone',
  'phone-banned': 'phone',
};

export const loginErrorField = (code: LoginErrorCode): LoginField | null => FIELD_OF[code] ?? null;

/** "5 мин.", "40 с", "2 ч 10 мин.": abbreviations need no plural forms. */
export function formatWait(seconds: number, t: Translate): string {
  const parts = waitParts(seconds);
  if (parts.unit === 'seconds') return t('connections.telegram.wait.seconds', { n: parts.n });
  if (parts.unit === 'minutes') return t('connections.telegram.wait.minutes', { n: parts.n });
  return parts.m ? t('connections.telegram.wait.hoursMinutes', { h: parts.h, m: parts.m }) : t('connections.telegram.wait.hours', { h: parts.h });
}

/**
 * A login error in the user's language. The server's own message is English for the log and
 * the integrator; the screen says what happened and what to do next.
 */
export function loginErrorMessage(error: { code: LoginErrorCode }, retryAfterSeconds: number | null | undefined, t: Translate): string {
  if (error.code === 'flood-wait') {
    return retryAfterSeconds ? t('connections.telegram.errors.flood-wait', { time: formatWait(retryAfterSeconds, t) }) : t('connections.telegram.errors.floodWaitUnknown');
  }
  return t(`connections.telegram.errors.${error.code}`);
}
