import { Injectable, Logger } from '@nestjs/common';
import { InvalidInputError, Mailer, NotFoundError } from '@perepiska/platform';
import { type ForwardedRequestFacts, forwardedMail, forwardedNoticeToSubject } from '../domain/forwarded-request';
import { REMINDER_PERMISSION, REMINDER_ROLES } from '../domain/subject-request-reminders';
import { type SubjectRequestKind } from '../domain/subject-request-clock';
import { SubjectRequestsRepository } from '../persistence/subject-requests.repository';
import { SubjectRequestsService } from './subject-requests.service';

export interface ForwardInput {
  /** The business: its id, or its INN when only one active business has it. */
  business: string;
  kind: SubjectRequestKind;
  subject: { fullName: string; phone?: string; email?: string };
  details: string;
  /** The platform's incoming number of the letter. */
  reference: string;
  receivedAt: Date;
}

export interface ForwardResult extends ForwardedRequestFacts {
  letters: number;
  /** What the platform tells the person. */
  noticeToSubject: string;
}

/**
 * The platform's side of requests filed with it about a business's client (reference 001 §5.7):
 * it forwards each to the business, which is the operator, mails the business's people who
 * answer requests, gives the text to tell the person, and follows each to its outcome.
 */
@Injectable()
export class ForwardedRequestsService {
  private readonly logger = new Logger('ForwardedRequests');

  constructor(
    private readonly requests: SubjectRequestsRepository,
    private readonly subjectRequests: SubjectRequestsService,
    private readonly mailer: Mailer,
  ) {}

  async forward(input: ForwardInput): Promise<ForwardResult> {
    const reference = input.reference.trim();
    if (!reference) throw new InvalidInputError('Validation failed: reference', [{ field: 'reference', messages: ["the platform's incoming number is required"] }]);
    if (!input.subject.fullName.trim()) throw new InvalidInputError('Validation failed: subject.fullName', [{ field: 'subject.fullName', messages: ['is required'] }]);
    const businesses = await this.requests.businessesFor(input.business.trim());
    if (!businesses.length) throw new NotFoundError('Business not found');
    if (businesses.length > 1) {
      throw new InvalidInputError('Validation failed: business', [{ field: 'business', messages: [`${businesses.length} active businesses have this INN; give the id of one: ${businesses.map((b) => b.id).join(', ')}`] }]);
    }
    const [business] = businesses;
    const row = await this.subjectRequests.fileForwarded(business.id, { kind: input.kind, subject: input.subject, details: input.details }, { reference, receivedAt: input.receivedAt });
    const facts: ForwardedRequestFacts = { business: { name: business.name, inn: business.inn }, number: row.number, reference, deadline: row.deadline };
    const mail = forwardedMail(facts);
    const recipients = await this.requests.answerers(business.id, REMINDER_ROLES, REMINDER_PERMISSION);
    const letters = await this.mailer.sendEach(recipients.map((r) => r.email), mail);
    if (letters < recipients.length) this.logger.warn(`Forwarded request: ${recipients.length - letters} of ${recipients.length} e-mails were not sent`);
    await this.requests.transaction((manager) => this.requests.event(manager, business.id, row.id, 'forwarded-notified', null, { recipients: letters }));
    return { ...facts, letters, noticeToSubject: forwardedNoticeToSubject(facts) };
  }

  list(): ReturnType<SubjectRequestsRepository['forwardedList']> {
    return this.requests.forwardedList();
  }
}
