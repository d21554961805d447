import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Clock, Mailer, QueuePort, defineQueue } from '@perepiska/platform';
import { clockState } from '../domain/subject-request-clock';
import { type DueRequest, REMINDER_PERMISSION, REMINDER_ROLES, reminderMail, reminderStage } from '../domain/subject-request-reminders';
import { SubjectRequestsRepository } from '../persistence/subject-requests.repository';

export const SUBJECT_REQUEST_REMINDERS_QUEUE = defineQueue<Record<string, never>>('pd-registry.subject-request-reminders');
const EVERY_MS = 3 * 3600_000;

/**
 * Tells the people who answer subject requests, by e-mail, that a deadline is near, here or past
 * (DSR-2). Each stage of each request is mailed once: the sent stage is an event in the request's
 * log, written after the letters go, so a crash before it means one more letter, never none.
 */
@Injectable()
export class SubjectRequestRemindersService implements OnApplicationBootstrap {
  private readonly logger = new Logger('SubjectRequestReminders');

  constructor(
    private readonly requests: SubjectRequestsRepository,
    private readonly mailer: Mailer,
    private readonly queue: QueuePort,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.queue.process(SUBJECT_REQUEST_REMINDERS_QUEUE, () => this.run(null).then(() => undefined));
    await this.queue.schedule(SUBJECT_REQUEST_REMINDERS_QUEUE, {}, { everyMs: EVERY_MS });
  }

  /**
   * One pass over every business, or over one (`tenantId`); answers how many requests were
   * reminded and how many letters went.
   */
  async run(tenantId: string | null = null): Promise<{ requests: number; letters: number }> {
    const now = this.clock.now();
    const due = new Map<string, Array<DueRequest & { id: string }>>();
    for (const row of await this.requests.openWithReminders(tenantId)) {
      const clock = clockState(row.deadline, now);
      const stage = reminderStage(clock);
      if (!stage || row.reminded.includes(stage)) continue;
      const business = due.get(row.tenantId) ?? due.set(row.tenantId, []).get(row.tenantId)!;
      business.push({ id: row.id, number: row.number, deadline: row.deadline, clock });
    }
    let reminded = 0;
    let letters = 0;
    for (const [businessId, requests] of due) {
      const recipients = await this.requests.answerers(businessId, REMINDER_ROLES, REMINDER_PERMISSION);
      if (!recipients.length) continue;
      const mail = reminderMail(recipients[0].tenantName, requests);
      const sent = await this.mailer.sendEach(recipients.map((r) => r.email), mail);
      letters += sent;
      // The addresses are personal data: only counts are logged.
      if (sent < recipients.length) this.logger.warn(`Subject request reminders: ${recipients.length - sent} of ${recipients.length} e-mails were not sent`);
      if (!sent) continue;
      await this.requests.transaction(async (manager) => {
        for (const request of requests) await this.requests.event(manager, businessId, request.id, 'reminder-sent', null, { stage: reminderStage(request.clock), due: request.deadline.due, recipients: sent });
      });
      reminded += requests.length;
    }
    return { requests: reminded, letters };
  }
}
