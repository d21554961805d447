import { ApiRequestError } from '@/shared/api/client';
import { formatShortDate, startOfLocalDay } from '@/shared/format/date';
import type { ClockState, SubjectRequest, SubjectRequestPeriod, SubjectRequestStatus } from './subject-requests.types';

type Translate = (key: string, values?: Record<string, unknown> | number, plural?: number) => string;
type Has = (key: string) => boolean;
type Tone = 'success' | 'neutral' | 'danger' | 'warning' | 'info';

/** An overdue request is a breach already; one due today or within two working days needs doing now. */
export const CLOCK_TONE: Record<ClockState, Tone> = { overdue: 'danger', 'due-today': 'warning', 'due-soon': 'warning', 'on-time': 'neutral' };

export const STATUS_TONE: Record<SubjectRequestStatus, Tone> = { received: 'info', 'in-progress': 'info', fulfilled: 'success', refused: 'neutral' };

/** Where a request stands in the queue: its clock's state, or `closed` once answered. */
export function queueState(request: SubjectRequest): ClockState | 'closed' {
  return request.clock?.state ?? 'closed';
}

/** Earliest due date first; of two due the same day, the one received first. */
export function queueOrder(requests: readonly SubjectRequest[]): SubjectRequest[] {
  return [...requests].sort((a, b) => a.deadline.due.localeCompare(b.deadline.due) || a.receivedAt.localeCompare(b.receivedAt));
}

/** `15.12.2026` for a Moscow calendar day (`YYYY-MM-DD`), read as that day wherever the browser is. */
export function formatDay(day: string | null | undefined, locale: string): string {
  return day ? formatShortDate(startOfLocalDay(day), locale) : '';
}

/** «10 рабочих дней», «30 календарных дней», «немедленно». */
export function periodLabel(period: SubjectRequestPeriod, t: Translate): string {
  if (period.unit === 'immediately') return t('subject-requests.period.immediately');
  return t(`subject-requests.period.${period.unit}`, { n: period.amount }, period.amount);
}

/** «Срок ответа — 10 рабочих дней (ст. 14 ч. 3, ст. 20 ч. 1–2 152-ФЗ)», «Срок ответа — немедленно (ст. 18 ч. 1 38-ФЗ)». */
export function termLabel(period: SubjectRequestPeriod, article: string, t: Translate): string {
  if (period.unit === 'immediately') return t('subject-requests.termImmediately', { article });
  return t('subject-requests.term', { period: periodLabel(period, t), article });
}

/** The kind in the user's words; a kind this build does not know shows as it is. */
export function kindLabel(kind: string, t: Translate, te: Has, form: 'short' | 'title' = 'short'): string {
  const key = `subject-requests.kinds.${kind}.${form}`;
  return te(key) ? t(key) : kind;
}

/** «Личность подтверждена» for `identity-verified`; an event this build does not know shows as it is. */
export function eventLabel(type: string, t: Translate, te: Has): string {
  const key = `subject-requests.events.${type}`;
  return te(key) ? t(key) : type;
}

/** What the downloaded access package is called on the employee's disk. */
export function accessPackageFileName(number: string): string {
  return `subject-data-${number}.zip`;
}

/** `destruction-act-2026-0001.pdf` for act «АУ-2026-0001»: the file name stays in Latin letters. */
export function destructionActFileName(number: string): string {
  return `destruction-act-${number.replace(/^\p{Script=Cyrillic}+-/u, '')}.pdf`;
}

/** A category of personal data in the user's words; a category this build does not know shows as its id. */
export function pdCategoryLabel(id: string, t: Translate, te: Has): string {
  const key = `subject-requests.pdCategories.${id}`;
  return te(key) ? t(key) : id;
}

/** The form a business publishes for its clients' requests. */
export function publicFormUrl(origin: string, tenantId: string): string {
  return `${origin}/requests/${encodeURIComponent(tenantId)}`;
}

/**
 * The moment of receipt to send for a request received on an earlier day (`YYYY-MM-DD`): noon
 * in Moscow (UTC+3 all year), so the API, which counts the day of receipt in Moscow time, lands
 * on the day picked. Today is left to the API ("now"), which refuses a moment in the future.
 */
export function receivedAtFor(day: string, today: string): string | undefined {
  return day && day < today ? `${day}T09:00:00.000Z` : undefined;
}

/** The `details.reason` of a refused action (422, 409), if the API gave one. */
export function refusalReason(caught: unknown): string | null {
  if (!(caught instanceof ApiRequestError) || (caught.status !== 422 && caught.status !== 409)) return null;
  const details = caught.body?.details as { reason?: unknown } | undefined;
  return typeof details?.reason === 'string' ? details.reason : null;
}
