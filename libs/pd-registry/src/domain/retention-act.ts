import { subjectLabel } from './register-view';

/**
 * What an act of destruction (Roskomnadzor order No. 179) says of a scheduled run: why the data
 * went, whose it was, and what the run left, each derived from the run's plan so the act can
 * never claim a period the register does not set.
 */

/** One target of a run: what the plan found, what went and what a legal hold kept. */
export interface RetentionOutcome {
  /** What one record is ("Содержание сообщений и вложения"). */
  description: string;
  /** The applied rule's period, "12 месяцев с момента сбора"; null when the register sets none. */
  period: string | null;
  /** Records whose period had run out when the run began, outside the holds. */
  expired: number;
  destroyed: number;
  /** Records whose period had run out but a legal hold kept. */
  held: number;
}

export interface KeptByRun {
  what: string;
  why: string;
}

/** The act's reason: the register's periods that ran out, per kind of data destroyed. */
export function retentionReason(outcomes: RetentionOutcome[]): string {
  const destroyed = outcomes.filter((o) => o.destroyed > 0).map((o) => `${o.description} — ${o.period ?? 'срок не установлен'}`);
  return `Истечение срока хранения, установленного реестром процессов обработки персональных данных: ${destroyed.join('; ')}`;
}

/**
 * What the run left: the data whose period has not run out for any record (with the period),
 * the data the register sets no period for, and what legal holds kept.
 */
export function keptByRun(outcomes: RetentionOutcome[]): KeptByRun[] {
  const kept: KeptByRun[] = [];
  for (const outcome of outcomes) {
    if (outcome.period === null) kept.push({ what: outcome.description, why: 'реестр процессов обработки не устанавливает срок хранения этих данных' });
    else if (outcome.expired === 0 && outcome.destroyed === 0 && outcome.held === 0) kept.push({ what: outcome.description, why: `срок хранения по реестру процессов обработки (${outcome.period}) не истёк` });
  }
  for (const outcome of outcomes.filter((o) => o.held > 0)) {
    kept.push({ what: `${outcome.description}: ${outcome.held} ${records(outcome.held)} с истёкшим сроком хранения`, why: 'действует удержание (legal hold) на организацию, клиента или диалог' });
  }
  return kept;
}

/** For a scheduled run the act names the categories of subjects, not a person. */
export function subjectCategoriesText(subjectCategories: string[]): string | null {
  if (!subjectCategories.length) return null;
  return `Категории субъектов: ${[...new Set(subjectCategories)].map(subjectLabel).join(', ')}`;
}

function records(n: number): string {
  const last = n % 10;
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 14) return 'записей';
  return last === 1 ? 'запись' : last >= 2 && last <= 4 ? 'записи' : 'записей';
}
