import { addDays, startOfLocalDay, toDateInput } from '@/shared/format/date';
import { MATERIAL_NOTICE_DAYS } from './legal.types';

/**
 * The earliest day a material version published `now` may take effect: the first local day
 * that starts at or after now + 14 days (reference 004 §11). The form sends a day's start.
 */
export function earliestMaterialDay(now: Date): string {
  const limit = addDays(now, MATERIAL_NOTICE_DAYS);
  const sameDay = toDateInput(limit);
  return new Date(startOfLocalDay(sameDay)).getTime() >= limit.getTime() ? sameDay : toDateInput(addDays(limit, 1));
}

export type EffectiveDateProblem = 'required' | 'too-soon' | 'past' | null;

/** The form's own check of the effective day (`YYYY-MM-DD`, '' for "at once"); the API checks again. */
export function effectiveDateProblem(day: string, material: boolean, now: Date): EffectiveDateProblem {
  if (!day) return material ? 'required' : null;
  const start = new Date(startOfLocalDay(day)).getTime();
  if (material) return start < addDays(now, MATERIAL_NOTICE_DAYS).getTime() ? 'too-soon' : null;
  return day < toDateInput(now) ? 'past' : null;
}

/** What the API receives: a future day's start, or nothing (at once) for today or none. */
export function effectiveAtFor(day: string, now: Date): string | undefined {
  if (!day || day === toDateInput(now)) return undefined;
  return startOfLocalDay(day);
}

/** `3f9a…c21b`: enough of a hash to tell records apart; the whole one is copied. */
export function shortHash(hash: string): string {
  return hash.length > 12 ? `${hash.slice(0, 6)}…${hash.slice(-4)}` : hash;
}
