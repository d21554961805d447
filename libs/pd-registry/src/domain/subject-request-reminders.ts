import { type MailMessage } from '@perepiska/platform';
import { ruDate } from './register-view';
import { SUBJECT_REQUEST_KINDS, type SubjectRequestClock, type SubjectRequestDeadline } from './subject-request-clock';

/**
 * Reminders before a subject request's statutory deadline (DSR-2): the people who answer
 * requests are told once when a request comes within two working days of its due date, once on
 * the due date and once when it is overdue. Identity owns the roles and pd-registry cannot import
 * it (module boundaries), so the built-in roles granting `subject-requests.manage` are named here.
 */
export const REMINDER_ROLES = ['owner', 'admin', 'compliance-officer'] as const;
export const REMINDER_PERMISSION = 'subject-requests.manage';

export type ReminderStage = Exclude<SubjectRequestClock['state'], 'on-time'>;

/** The stage a request is reminded of at this clock, or null while it is on time. */
export function reminderStage(clock: SubjectRequestClock): ReminderStage | null {
  return clock.state === 'on-time' ? null : clock.state;
}

export interface DueRequest {
  number: string;
  deadline: SubjectRequestDeadline;
  clock: SubjectRequestClock;
}

const STAGE_TEXT: Record<ReminderStage, (clock: SubjectRequestClock) => string> = {
  'due-soon': (clock) => `осталось рабочих дней: ${clock.workingDaysLeft}`,
  'due-today': () => 'срок истекает сегодня',
  overdue: () => 'срок истёк',
};

/**
 * One letter to one employee listing the business's requests that reached a new stage. The
 * subjects' names and contacts are personal data and stay in the app: the letter names the
 * request by its number, kind, due date and the article that sets it.
 */
export function reminderMail(tenantName: string, requests: DueRequest[]): Pick<MailMessage, 'subject' | 'text'> {
  const overdue = requests.filter((r) => r.clock.state === 'overdue').length;
  const lines = requests.map((r) => {
    const kind = SUBJECT_REQUEST_KINDS.find((k) => k.id === r.deadline.kind)?.ru ?? r.deadline.kind;
    return `— № ${r.number}: ${kind}. Ответ до ${ruDate(r.deadline.due)} (${r.deadline.article}), ${STAGE_TEXT[reminderStage(r.clock)!](r.clock)}.`;
  });
  return {
    subject: overdue ? `${tenantName}: просрочены запросы субъектов персональных данных (${overdue})` : `${tenantName}: подходит срок ответа на запросы субъектов персональных данных`,
    text: [
      'Здравствуйте!',
      '',
      `В организации «${tenantName}» есть запросы субъектов персональных данных, срок ответа на которые подходит или истёк:`,
      '',
      ...lines,
      '',
      'Откройте раздел «Запросы субъектов» в «Переписке», чтобы ответить.',
    ].join('\n'),
  };
}
