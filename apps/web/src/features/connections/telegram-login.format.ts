/**
 * Pure rules of the Telegram login screens: what a phone number must look like before it is
 * sent, and how long a wait reads.
 */

/** Spaces, dashes, dots and brackets are how people write numbers; Telegram wants digits. */
export function normalisePhone(input: string): string {
  const compact = input.trim().replace(/[\s().-]/g, '');
  return compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
}

export type PhoneProblem = 'required' | 'trunk-prefix' | 'format';

/**
 * ITU-T E.164: a `+`, the country code (never 0) and at most 15 digits in all. A Russian
 * number written with the domestic `8` is the usual mistake: it gets its own message.
 */
export function phoneProblem(input: string): PhoneProblem | null {
  const phone = normalisePhone(input);
  if (!phone) return 'required';
  if (/^\+[1-9]\d{7,14}$/.test(phone)) return null;
  if (/^8\d{10}$/.test(phone)) return 'trunk-prefix';
  return 'format';
}

export type WaitParts = { unit: 'seconds'; n: number } | { unit: 'minutes'; n: number } | { unit: 'hours'; h: number; m: number };

/** Rounded up: waiting a little longer than asked is harmless, trying too early is refused again. */
export function waitParts(seconds: number): WaitParts {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return { unit: 'seconds', n: s };
  const minutes = Math.ceil(s / 60);
  if (minutes < 60) return { unit: 'minutes', n: minutes };
  return { unit: 'hours', h: Math.floor(minutes / 60), m: minutes % 60 };
}

/** Whole seconds from `nowMs` until `iso`, never negative. */
export function secondsUntil(iso: string | null, nowMs: number): number {
  if (!iso) return 0;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? 0 : Math.max(0, Math.ceil((at - nowMs) / 1000));
}
