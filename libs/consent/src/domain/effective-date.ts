/**
 * Reference 004 §11: a material change to a document takes effect no sooner than 14 days after
 * it is published (calendar days, counted from the instant of publication). A non-material
 * version takes effect at once or later, never before it was published.
 */
export const MATERIAL_NOTICE_DAYS = 14;
const DAY_MS = 86_400_000;
/** Clocks of the API and Postgres may differ slightly; the schema allows the same minute. */
const BACKDATING_TOLERANCE_MS = 60_000;

export function earliestEffectiveAt(publishedAt: Date, material: boolean): Date {
  return material ? new Date(publishedAt.getTime() + MATERIAL_NOTICE_DAYS * DAY_MS) : new Date(publishedAt.getTime() - BACKDATING_TOLERANCE_MS);
}

/** null when the date is allowed; otherwise why not, for the `effectiveAt` field. */
export function effectiveDateProblem(publishedAt: Date, effectiveAt: Date, material: boolean): string | null {
  if (Number.isNaN(effectiveAt.getTime())) return 'must be a date';
  if (effectiveAt.getTime() >= earliestEffectiveAt(publishedAt, material).getTime()) return null;
  return material
    ? `a material version takes effect no sooner than ${MATERIAL_NOTICE_DAYS} days after publication (not before ${earliestEffectiveAt(publishedAt, true).toISOString()})`
    : 'cannot be before the publication';
}
