import type { ExportFormat, FindingSeverity, PdCategoryKind, RegisterLayer, RetentionRule, Taxonomy, TaxonomyItem } from './register.types';

type Translate = (key: string, values?: Record<string, unknown> | number, plural?: number) => string;

/*
 * The register in the user's words. The taxonomy's items carry their legal Russian wording from
 * the API; categories carry an English one too.
 */

/** An id's wording in a taxonomy list; an id this build does not know shows as it is. */
export function itemLabel(items: readonly TaxonomyItem[], id: string): string {
  return items.find((item) => item.id === id)?.ru ?? id;
}

export function categoryLabel(taxonomy: Taxonomy, id: string, locale: string): string {
  const category = taxonomy.categories.find((c) => c.id === id);
  if (!category) return id;
  return locale === 'en' ? category.en : category.ru;
}

export function categoryKind(taxonomy: Taxonomy, id: string): PdCategoryKind {
  return taxonomy.categories.find((c) => c.id === id)?.kind ?? 'ordinary';
}

/** «12 мес. с момента сбора». */
export function retentionSummary(rule: RetentionRule, taxonomy: Taxonomy, t: Translate): string {
  const period = t(`register.units.${rule.period.unit}`, { n: rule.period.amount }, rule.period.amount);
  return `${period} ${itemLabel(taxonomy.retentionTriggers, rule.trigger)}`;
}

export const SEVERITY_TONE: Record<FindingSeverity, 'danger' | 'warning' | 'neutral'> = { critical: 'danger', warning: 'warning', info: 'neutral' };

export type DueState = 'overdue' | 'soon' | 'later';

/** Days of warning before a due date turns amber. */
const SOON_DAYS = 3;

/** How close a `YYYY-MM-DD` due date is to `today` (same format): both are calendar days. */
export function dueState(dueDate: string, today: string): DueState {
  if (dueDate < today) return 'overdue';
  const days = (Date.parse(`${dueDate}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000;
  return days <= SOON_DAYS ? 'soon' : 'later';
}

const EXTENSIONS: Record<ExportFormat, string> = { xlsx: 'xlsx', csv: 'csv', pdf: 'pdf', json: 'json', 'notification-pdf': 'pdf', 'notification-md': 'md' };

/** `register-tenant-2026-12-01.xlsx`, `rkn-notification-2026-12-01.pdf`: what the saved file is called. */
export function exportFileName(format: ExportFormat, layer: RegisterLayer, day: string): string {
  const base = format.startsWith('notification-') ? 'rkn-notification' : `register-${layer}`;
  return `${base}-${day}.${EXTENSIONS[format]}`;
}
