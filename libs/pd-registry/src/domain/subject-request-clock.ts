import { RefusedError, addCalendarDays, addWorkingDays, moscowDate, workingDaysBetween, type LocalDate } from '@perepiska/platform';

/**
 * The statutory clocks of data-subject requests. The periods live in one table below so that a
 * lawyer can review them in one sitting; everything else only counts days on the production
 * calendar (Civil Code art. 191, 193: the day of receipt never counts, and a calendar-day period
 * that ends on a non-working day ends on the next working day).
 */
export type SubjectRequestPeriodUnit = 'working-days' | 'calendar-days' | 'immediately';

export interface SubjectRequestPeriod {
  amount: number;
  unit: SubjectRequestPeriodUnit;
}

/** A once-only extension the law allows when the operator sends the subject a motivated notice. */
export interface SubjectRequestExtensionRule {
  amount: 5;
  unit: 'working-days';
  article: string;
}

interface SubjectRequestRule {
  id: string;
  /** For the queue and the answer to the subject, in Russian. */
  ru: string;
  period: SubjectRequestPeriod;
  article: string;
  extension?: SubjectRequestExtensionRule;
  note?: string;
}

export const SUBJECT_REQUEST_KINDS = [
  {
    id: 'access',
    ru: 'Запрос сведений, касающихся обработки персональных данных, и самих персональных данных',
    period: { amount: 10, unit: 'working-days' },
    article: 'ст. 14 ч. 3, ст. 20 ч. 1–2 152-ФЗ',
    extension: { amount: 5, unit: 'working-days', article: 'ст. 14 ч. 3 152-ФЗ' },
  },
  {
    id: 'rectification',
    ru: 'Требование об уточнении персональных данных',
    period: { amount: 7, unit: 'working-days' },
    article: 'ст. 21 ч. 2, ст. 20 ч. 3 152-ФЗ',
    note: 'Срок исчисляется со дня представления сведений, подтверждающих неточность персональных данных; после уточнения блокирование снимается.',
  },
  {
    id: 'blocking',
    ru: 'Обращение о неточности персональных данных (блокирование на период проверки)',
    period: { amount: 0, unit: 'immediately' },
    article: 'ст. 21 ч. 1 152-ФЗ',
    note: 'Персональные данные блокируются с момента обращения на весь период проверки.',
  },
  {
    id: 'deletion',
    ru: 'Требование об уничтожении неправомерно обрабатываемых персональных данных',
    period: { amount: 3, unit: 'working-days' },
    article: 'ст. 21 ч. 3 152-ФЗ',
    note: 'В указанный срок прекращается неправомерная обработка; если обеспечить её правомерность невозможно, персональные данные уничтожаются в срок, не превышающий десяти рабочих дней с даты выявления неправомерной обработки, о чём уведомляется субъект.',
  },
  {
    id: 'consent-withdrawal',
    ru: 'Отзыв согласия на обработку персональных данных',
    period: { amount: 30, unit: 'calendar-days' },
    article: 'ст. 21 ч. 4–5 152-ФЗ',
    note: 'Персональные данные уничтожаются, если у оператора нет иного законного основания для их обработки; срок, окончание которого приходится на нерабочий день, истекает в ближайший следующий рабочий день (ст. 193 ГК РФ).',
  },
  {
    id: 'objection-to-advertising',
    ru: 'Требование о прекращении распространения рекламы',
    period: { amount: 0, unit: 'immediately' },
    article: 'ст. 18 ч. 1 38-ФЗ',
    note: 'Распространение рекламы в адрес лица прекращается немедленно после получения требования.',
  },
  {
    id: 'stop-processing',
    ru: 'Требование о прекращении обработки персональных данных',
    period: { amount: 10, unit: 'working-days' },
    article: 'ст. 21 ч. 5.1 152-ФЗ',
    extension: { amount: 5, unit: 'working-days', article: 'ст. 21 ч. 5.1 152-ФЗ' },
  },
] as const satisfies readonly SubjectRequestRule[];

export type SubjectRequestKind = (typeof SUBJECT_REQUEST_KINDS)[number]['id'];

export interface AppliedExtension extends SubjectRequestExtensionRule {
  /** The due date before the extension; the motivated notice must be sent by then. */
  originalDue: LocalDate;
}

export interface SubjectRequestDeadline {
  kind: SubjectRequestKind;
  /** The Moscow date of receipt; the period starts the day after it. */
  receivedOn: LocalDate;
  due: LocalDate;
  period: SubjectRequestPeriod;
  article: string;
  /** The law lets this kind's period be extended once. */
  extendable: boolean;
  /** Present once the period has been extended. */
  extension?: AppliedExtension;
  note?: string;
}

export type ExtensionRefusal = 'not-extendable' | 'already-extended' | 'notice-after-deadline';

const REFUSAL_MESSAGES: Record<ExtensionRefusal, string> = {
  'not-extendable': 'The law does not allow this period to be extended',
  'already-extended': 'The period has already been extended once',
  'notice-after-deadline': 'The motivated notice was sent after the period had run out',
};

export class DeadlineExtensionRefusedError extends RefusedError {
  constructor(readonly reason: ExtensionRefusal) {
    super(REFUSAL_MESSAGES[reason], { reason });
  }
}

function ruleFor(kind: SubjectRequestKind): SubjectRequestRule {
  const rule: SubjectRequestRule | undefined = SUBJECT_REQUEST_KINDS.find((candidate) => candidate.id === kind);
  if (!rule) throw new RangeError(`Unknown subject request kind "${kind}"`);
  return rule;
}

/** A request that arrives at 23:30 UTC on 31 December is received on 1 January in Moscow. */
function toLocalDate(moment: Date | LocalDate): LocalDate {
  return moment instanceof Date ? moscowDate(moment) : moment;
}

function dueDate(receivedOn: LocalDate, period: SubjectRequestPeriod): LocalDate {
  switch (period.unit) {
    case 'working-days':
      return addWorkingDays(receivedOn, period.amount);
    case 'calendar-days':
      return addCalendarDays(receivedOn, period.amount);
    case 'immediately':
      return receivedOn;
  }
}

function applyExtension(deadline: SubjectRequestDeadline): SubjectRequestDeadline {
  const { extension } = ruleFor(deadline.kind);
  if (!extension) throw new DeadlineExtensionRefusedError('not-extendable');
  if (deadline.extension) throw new DeadlineExtensionRefusedError('already-extended');
  return {
    ...deadline,
    due: addWorkingDays(deadline.due, extension.amount),
    extension: { ...extension, originalDue: deadline.due },
  };
}

/**
 * The date by which the operator must act on a request of `kind`. `extended` restores a
 * deadline already extended with a motivated notice (the notice itself is checked by
 * `extendDeadline`).
 */
export function deadlineFor(kind: SubjectRequestKind, receivedAt: Date | LocalDate, options: { extended?: boolean } = {}): SubjectRequestDeadline {
  const rule = ruleFor(kind);
  const receivedOn = toLocalDate(receivedAt);
  const deadline: SubjectRequestDeadline = {
    kind,
    receivedOn,
    due: dueDate(receivedOn, rule.period),
    period: { ...rule.period },
    article: rule.article,
    extendable: rule.extension !== undefined,
    ...(rule.note ? { note: rule.note } : {}),
  };
  return options.extended ? applyExtension(deadline) : deadline;
}

/**
 * Extends the period once by 5 working days counted from the original due date. The law ties
 * the extension to a motivated notice sent to the subject, so a notice sent after the period
 * has run out cannot extend it.
 */
export function extendDeadline(deadline: SubjectRequestDeadline, noticeSentAt: Date | LocalDate): SubjectRequestDeadline {
  const extended = applyExtension(deadline);
  if (toLocalDate(noticeSentAt) > deadline.due) throw new DeadlineExtensionRefusedError('notice-after-deadline');
  return extended;
}

export type SubjectRequestClockState = 'on-time' | 'due-soon' | 'due-today' | 'overdue';

export interface SubjectRequestClock {
  state: SubjectRequestClockState;
  /** Working days after today up to and including the due date; 0 on the due date and after it. */
  workingDaysLeft: number;
}

/** Within this many working days of the due date a request is flagged for a reminder. */
export const DUE_SOON_WORKING_DAYS = 2;

/** Where a request stands on its clock at `now`, for the queue and the reminders. */
export function clockState(deadline: SubjectRequestDeadline, now: Date): SubjectRequestClock {
  const today = moscowDate(now);
  if (today > deadline.due) return { state: 'overdue', workingDaysLeft: 0 };
  if (today === deadline.due) return { state: 'due-today', workingDaysLeft: 0 };
  const workingDaysLeft = workingDaysBetween(today, deadline.due);
  return { state: workingDaysLeft <= DUE_SOON_WORKING_DAYS ? 'due-soon' : 'on-time', workingDaysLeft };
}
