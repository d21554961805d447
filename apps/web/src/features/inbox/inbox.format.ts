type Translate = (key: string, values?: Record<string, unknown>) => string;

const sameDay = (a: Date, b: Date) => a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

function yesterdayOf(now: Date): Date {
  const day = new Date(now);
  day.setDate(day.getDate() - 1);
  return day;
}

/** `14:32`: when a message was written, in the user's time zone. */
export function formatTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/**
 * The list's "when": «сейчас», «5 мин» within the hour, the time today, «вчера», the day and
 * month this year, the full date before.
 */
export function formatListTime(iso: string, locale: string, t: Translate, now = new Date()): string {
  const at = new Date(iso);
  const minutes = Math.floor((now.getTime() - at.getTime()) / 60_000);
  if (minutes < 1) return t('inbox.time.now');
  if (minutes < 60) return t('inbox.time.minutes', { n: minutes });
  if (sameDay(at, now)) return formatTime(iso, locale);
  if (sameDay(at, yesterdayOf(now))) return t('inbox.time.yesterday');
  if (at.getFullYear() === now.getFullYear()) return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }).format(at);
  return new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(at);
}

/** The local calendar day of an instant, to group a history by day. */
export function dayKey(iso: string): string {
  const at = new Date(iso);
  return `${at.getFullYear()}-${at.getMonth() + 1}-${at.getDate()}`;
}

/** A day separator's words: «Сегодня», «Вчера», «12 марта» or «12 марта 2025». */
export function formatDayLabel(iso: string, locale: string, t: Translate, now = new Date()): string {
  const at = new Date(iso);
  if (sameDay(at, now)) return t('inbox.time.today');
  if (sameDay(at, yesterdayOf(now))) return t('inbox.time.yesterdayDay');
  const options: Intl.DateTimeFormatOptions = at.getFullYear() === now.getFullYear() ? { day: 'numeric', month: 'long' } : { day: 'numeric', month: 'long', year: 'numeric' };
  return new Intl.DateTimeFormat(locale, options).format(at);
}

/** `1,4 МБ`: the size of an attachment, in the units the user's language writes. */
export function formatFileSize(bytes: number, t: Translate, locale: string): string {
  const number = (value: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: value < 10 ? 1 : 0 }).format(value);
  if (bytes < 1024) return t('inbox.size.bytes', { n: bytes });
  if (bytes < 1024 * 1024) return t('inbox.size.kb', { n: number(bytes / 1024) });
  return t('inbox.size.mb', { n: number(bytes / 1024 / 1024) });
}
