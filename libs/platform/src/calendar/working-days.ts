import calendarData from './production-calendar-ru.json';

/**
 * The Russian production calendar and the period arithmetic the statutory clocks use.
 *
 * Civil Code art. 191: a period starts on the day after the event that begins it, so the day a
 * request is received never counts. Art. 193: a period in calendar days that ends on a
 * non-working day ends on the next working day. A period in working days counts only the
 * working days of the production calendar.
 *
 * Dates are ISO local dates ("2026-11-23") in Moscow time, where Russian deadlines are counted.
 */
export type LocalDate = string;

interface YearCalendar {
  nonWorking: string[];
  workingWeekends: string[];
  shortened: string[];
}

export class CalendarRangeError extends Error {}

const years = new Map<number, { nonWorking: Set<string>; workingWeekends: Set<string> }>();
for (const [key, value] of Object.entries(calendarData)) {
  if (!/^\d{4}$/.test(key)) continue;
  const year = value as YearCalendar;
  years.set(Number(key), { nonWorking: new Set(year.nonWorking), workingWeekends: new Set(year.workingWeekends) });
}

export const CALENDAR_SOURCE: string = calendarData.source;
export const CALENDAR_YEARS: readonly number[] = [...years.keys()].sort();

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MOSCOW_OFFSET_MS = 3 * 60 * 60 * 1000; // UTC+3 all year round since 26.10.2014

function parse(date: LocalDate): Date {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`"${date}" is not an ISO date (YYYY-MM-DD)`);
  const parsed = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (format(parsed) !== date) throw new RangeError(`"${date}" is not a valid calendar date`);
  return parsed;
}

function format(date: Date): LocalDate {
  return date.toISOString().slice(0, 10);
}

function nextDay(date: LocalDate): LocalDate {
  const d = parse(date);
  d.setUTCDate(d.getUTCDate() + 1);
  return format(d);
}

export function isWorkingDay(date: LocalDate): boolean {
  const year = years.get(Number(date.slice(0, 4)));
  const weekday = parse(date).getUTCDay();
  if (!year) {
    throw new CalendarRangeError(
      `The production calendar covers ${CALENDAR_YEARS.join(', ')}; ${date.slice(0, 4)} is not loaded`,
    );
  }
  if (year.workingWeekends.has(date)) return true;
  if (year.nonWorking.has(date)) return false;
  return weekday !== 0 && weekday !== 6;
}

/** The date on which a period of `days` working days that begins with `event` ends. */
export function addWorkingDays(event: LocalDate, days: number): LocalDate {
  if (!Number.isInteger(days) || days < 1) throw new RangeError('days must be a positive whole number');
  let date = event;
  let counted = 0;
  while (counted < days) {
    date = nextDay(date);
    if (isWorkingDay(date)) counted += 1;
  }
  return date;
}

/** The date on which a period of `days` calendar days that begins with `event` ends (art. 193). */
export function addCalendarDays(event: LocalDate, days: number): LocalDate {
  if (!Number.isInteger(days) || days < 1) throw new RangeError('days must be a positive whole number');
  const d = parse(event);
  d.setUTCDate(d.getUTCDate() + days);
  let date = format(d);
  while (!isWorkingDay(date)) date = nextDay(date);
  return date;
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: LocalDate, to: LocalDate): number {
  let count = 0;
  for (let date = nextDay(from); date <= to; date = nextDay(date)) {
    if (isWorkingDay(date)) count += 1;
  }
  return count;
}

export function moscowDate(instant: Date): LocalDate {
  return format(new Date(instant.getTime() + MOSCOW_OFFSET_MS));
}
