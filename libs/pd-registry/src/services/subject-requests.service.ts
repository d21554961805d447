import { Injectable } from '@nestjs/common';
import { Clock, ConflictError, type ErasureReport, InvalidInputError, NotFoundError, type PersonalDataItem, PersonalDataSourceRegistry, type Principal, RefusedError, moscowDate } from '@perepiska/platform';
import JSZip from 'jszip';
import { renderRegisterPdf } from '../exports/register-pdf-document';
import { type ActivitySnapshot } from '../domain/processing-activity';
import {
  actionLabel,
  categoryLabel,
  databaseLocationText,
  legalBasisTexts,
  recipientText,
  retentionText,
  ruDate,
} from '../domain/register-view';
import { clockState, deadlineFor, extendDeadline, type SubjectRequestClock, type SubjectRequestDeadline, type SubjectRequestKind } from '../domain/subject-request-clock';
import { subjectLocatorOf } from '../domain/subject-locator';
import { DestructionActsRepository, type KeptRecord } from '../persistence/destruction-acts.repository';
import { type ForwardedFrom, type IdentityCheck, type RequestEventRow, type SubjectRequestChannel, type SubjectRequestRow, SubjectRequestsRepository } from '../persistence/subject-requests.repository';
import { IdentityCodesService } from './identity-codes.service';
import { RegisterMaintenance } from './register-maintenance.service';
import { RegisterService } from './register.service';

export interface SubjectRequestView {
  id: string;
  number: string;
  kind: SubjectRequestKind;
  status: SubjectRequestRow['status'];
  channel: SubjectRequestChannel;
  subject: { fullName: string; phone: string | null; email: string | null; contactId: string | null };
  details: string;
  receivedAt: string;
  deadline: Omit<SubjectRequestDeadline, 'extension' | 'note'> & { extension: SubjectRequestDeadline['extension'] | null; note: string | null };
  clock: SubjectRequestClock | null;
  identity: IdentityCheck | null;
  extensionNotice: { sentAt: string; reason: string } | null;
  closedAt: string | null;
  outcome: string | null;
  conversationId: string | null;
  /** Filed with the platform and forwarded here: its incoming reference and receipt. */
  forwarded: ForwardedFrom | null;
  events?: RequestEventRow[];
}

export interface NewRequestInput {
  kind: SubjectRequestKind;
  subject: { fullName: string; phone?: string; email?: string; contactId?: string };
  details: string;
  conversationId?: string;
  receivedAt?: Date;
}

/**
 * Data-subject requests (DSR-1..3): intake from the public form, the API and a conversation;
 * the statutory clock in working days; the identity check before anything is disclosed; the
 * extension with its motivated notice; the access package built from every module's
 * PersonalDataSource within the business only; the outcome. Every step is in the request's log.
 */
@Injectable()
export class SubjectRequestsService {
  constructor(
    private readonly requests: SubjectRequestsRepository,
    private readonly sources: PersonalDataSourceRegistry,
    private readonly register: RegisterService,
    private readonly maintenance: RegisterMaintenance,
    private readonly acts: DestructionActsRepository,
    private readonly clock: Clock,
    private readonly codes: IdentityCodesService,
  ) {}

  async list(principal: Principal, status: 'open' | 'closed' | 'all'): Promise<SubjectRequestView[]> {
    const now = this.clock.now();
    return (await this.requests.list(principal.tenantId, status)).map((row) => this.view(row, now));
  }

  async get(principal: Principal, id: string): Promise<SubjectRequestView> {
    const row = await this.found(principal.tenantId, id);
    return { ...this.view(row, this.clock.now()), events: await this.requests.events(principal.tenantId, id) };
  }

  async create(principal: Principal, input: NewRequestInput): Promise<SubjectRequestView> {
    let contactId = input.subject.contactId ?? null;
    if (contactId && !(await this.requests.contactExists(principal.tenantId, contactId))) throw new NotFoundError('Contact not found');
    if (input.conversationId) {
      const ofConversation = await this.requests.contactOfConversation(principal.tenantId, input.conversationId);
      if (ofConversation === undefined) throw new NotFoundError('Conversation not found');
      contactId ??= ofConversation;
    }
    const receivedAt = input.receivedAt ?? this.clock.now();
    if (receivedAt.getTime() > this.clock.now().getTime() + 60_000) throw new InvalidInputError('Validation failed: receivedAt', [{ field: 'receivedAt', messages: ['cannot be in the future'] }]);
    const id = await this.intake(principal.tenantId, { ...input, subject: { ...input.subject, contactId: contactId ?? undefined } }, input.conversationId ? 'conversation' : 'api', receivedAt, principal.userId ?? null);
    return this.get(principal, id);
  }

  /** The form a business publishes: no sign-in; the person gets the number and the date the answer is due. */
  async createPublic(tenantId: string, input: { kind: SubjectRequestKind; fullName: string; phone?: string; email?: string; details: string }): Promise<{ number: string; receivedOn: string; due: string; article: string }> {
    if (!(await this.requests.activeTenantName(tenantId))) throw new NotFoundError('Business not found');
    const id = await this.intake(tenantId, { kind: input.kind, subject: { fullName: input.fullName, phone: input.phone, email: input.email }, details: input.details }, 'public-form', this.clock.now(), null, 'phone');
    const row = (await this.requests.find(tenantId, id))!;
    return { number: row.number, receivedOn: row.deadline.receivedOn, due: row.deadline.due, article: row.deadline.article };
  }

  async publicPage(tenantId: string): Promise<{ business: { name: string } }> {
    const name = await this.requests.activeTenantName(tenantId);
    if (!name) throw new NotFoundError('Business not found');
    return { business: { name } };
  }

  /**
   * Records the identity check. For `one-time-code` the evidence is the code the person told
   * back: it is judged against the one sent (a failed attempt is recorded, then refused) and the
   * check records where the code went, never the code.
   */
  async verifyIdentity(principal: Principal, id: string, input: { method: IdentityCheck['method']; evidence: string }): Promise<SubjectRequestView> {
    const refusal = await this.requests.transaction(async (manager) => {
      const row = await this.locked(manager, principal.tenantId, id);
      if (row.identity) throw new ConflictError('The identity is already checked', { reason: 'already-verified' });
      let evidence = input.evidence.trim();
      const details: Record<string, unknown> = { method: input.method };
      if (input.method === 'one-time-code') {
        const judged = await this.codes.check(manager, row, evidence, principal.userId ?? null);
        if (judged instanceof RefusedError) return judged;
        evidence = judged.evidence;
        details.channel = judged.channel;
      }
      const identity: IdentityCheck = {
        method: input.method,
        evidence,
        verifiedAt: this.clock.now().toISOString(),
        verifiedBy: principal.userId ? { id: principal.userId, name: await this.requests.userName(principal.userId) } : null,
      };
      await this.requests.update(manager, principal.tenantId, id, { identity, status: 'in-progress' });
      await this.requests.event(manager, principal.tenantId, id, 'identity-verified', principal.userId ?? null, details);
      return null;
    });
    if (refusal) throw refusal;
    return this.get(principal, id);
  }

  /** Once, for the kinds the law lets extend, with the motivated notice sent to the person (art. 14 part 3). */
  async extend(principal: Principal, id: string, reason: string): Promise<SubjectRequestView> {
    await this.requests.transaction(async (manager) => {
      const row = await this.locked(manager, principal.tenantId, id);
      const now = this.clock.now();
      const deadline = extendDeadline(row.deadline, now);
      const extensionNotice = { sentAt: now.toISOString(), reason: reason.trim() };
      await this.requests.update(manager, principal.tenantId, id, { deadline, extensionNotice });
      await this.requests.event(manager, principal.tenantId, id, 'extended', principal.userId ?? null, { from: row.deadline.due, to: deadline.due, reason: extensionNotice.reason });
    });
    return this.get(principal, id);
  }

  async close(principal: Principal, id: string, outcome: 'fulfilled' | 'refused', note: string): Promise<SubjectRequestView> {
    await this.requests.transaction(async (manager) => {
      await this.locked(manager, principal.tenantId, id);
      await this.requests.update(manager, principal.tenantId, id, { status: outcome, closedAt: this.clock.now(), outcome: note.trim() });
      await this.requests.event(manager, principal.tenantId, id, 'closed', principal.userId ?? null, { outcome });
    });
    return this.get(principal, id);
  }

  /**
   * Everything the business holds on the person (art. 14 part 7): the data from every module's
   * source, found within this business only, with the purposes, bases, recipients, storage place
   * and retention terms from its register; JSON and a readable Russian PDF in one ZIP.
   */
  async accessPackage(principal: Principal, id: string): Promise<{ fileName: string; body: Buffer }> {
    const row = await this.found(principal.tenantId, id);
    if (!row.identity) throw new RefusedError('Check the person\'s identity before disclosing anything', { reason: 'identity-not-verified' });
    const items = await this.dataOf(row);
    const snapshot = await this.register.snapshot(principal, 'tenant');
    const generatedAt = this.clock.now();
    const processing = snapshot.activities.map((a) => this.processingOf(a));
    const document = {
      request: { number: row.number, kind: row.kind, receivedOn: row.deadline.receivedOn },
      operator: { name: snapshot.operator.name, inn: snapshot.operator.inn, address: snapshot.operator.address, email: snapshot.operator.email, phone: snapshot.operator.phone },
      subject: { fullName: row.fullName, phone: row.phone, email: row.email },
      generatedAt: generatedAt.toISOString(),
      data: items.map((item) => ({ source: item.source, category: item.category, categoryLabel: categoryLabel(item.category as never), recordId: item.recordId, collectedAt: item.collectedAt ?? null, fields: item.fields })),
      processing,
    };
    const pdf = await renderRegisterPdf({ title: 'Сведения об обработке персональных данных', checksum: row.number, checksumLabel: 'Номер запроса', asOf: generatedAt }, (writer) => {
      writer.title('Сведения об обработке персональных данных', [`${snapshot.operator.name}, ИНН ${snapshot.operator.inn}`, `по запросу № ${row.number} от ${ruDate(row.deadline.receivedOn)}`, `субъект: ${row.fullName}`]);
      writer.heading('Обрабатываемые персональные данные');
      if (!items.length) writer.paragraph('Персональные данные субъекта в системе не найдены.');
      for (const item of items) writer.field(`${categoryLabel(item.category as never)} (${item.source})`, Object.entries(item.fields).map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`));
      writer.heading('Цели, основания, сроки и получатели (ч. 7 ст. 14 152-ФЗ)');
      for (const activity of processing) {
        writer.field(activity.name, [`Цель: ${activity.purpose}`, ...activity.legalBases.map((b) => `Основание: ${b}`), `Действия: ${activity.actions.join(', ')}`, ...activity.retention.map((r) => `Срок хранения: ${r}`), ...activity.recipients.map((r) => `Получатель: ${r}`), `Место хранения: ${activity.storage}`]);
      }
      writer.heading('Как реализовать права');
      writer.paragraph('Вы вправе требовать уточнения, блокирования или уничтожения персональных данных, отозвать согласие и обжаловать действия оператора в Роскомнадзор или в суд (ст. 14, 17, 21 152-ФЗ).');
    });
    const zip = new JSZip();
    zip.file('data.json', JSON.stringify(document, null, 2));
    zip.file('data.pdf', pdf);
    const body = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    await this.requests.transaction((manager) => this.requests.event(manager, principal.tenantId, id, 'access-package', principal.userId ?? null, { items: items.length }));
    // ASCII for the header: the number without its Cyrillic prefix (ЗПД-2026-0007 → 2026-0007).
    return { fileName: `subject-data-${row.number.split('-').slice(1).join('-')}.zip`, body };
  }

  /**
   * Fulfils a deletion or a withdrawal of consent: every module destroys what it holds on the
   * person in this business (or depersonalises what a law makes it keep), and the act of
   * destruction records it all (order No. 179). The request itself stays as proof of the answer.
   */
  async erase(principal: Principal, id: string): Promise<{ actId: string; number: string }> {
    const row = await this.found(principal.tenantId, id);
    if (row.closedAt) throw new ConflictError('The request is closed', { reason: 'closed' });
    if (!row.identity) throw new RefusedError('Check the person\'s identity before destroying anything', { reason: 'identity-not-verified' });
    if (row.kind !== 'deletion' && row.kind !== 'consent-withdrawal') throw new RefusedError('Only a deletion request or a withdrawal of consent destroys data', { reason: 'not-a-destruction-request' });
    const locator = this.locatorOf(row);
    const reports: ErasureReport[] = [];
    for (const source of this.sources.list()) reports.push(await source.erase(locator, 'destroy'));
    const kept: KeptRecord[] = [
      ...reports
        .filter((r) => r.method === 'depersonalise' && r.records > 0)
        .map((r) => ({ what: `${r.source}: ${r.categories.join(', ')} — без сведений, позволяющих определить субъекта`, why: 'подтверждение согласий и акцептов (ч. 3 ст. 9 152-ФЗ, ст. 5 63-ФЗ)' })),
      { what: `Запрос № ${row.number} и ответ на него (ФИО и контакт заявителя)`, why: 'подтверждение исполнения запроса, хранится 3 года (ст. 14, 21 152-ФЗ, приказ Роскомнадзора № 179)' },
    ];
    const performer = principal.userId ? { id: principal.userId, name: await this.requests.userName(principal.userId) } : null;
    const events = await this.requests.events(principal.tenantId, id);
    return this.requests.transaction(async (manager) => {
      await this.locked(manager, principal.tenantId, id);
      const act = await this.acts.insert(manager, {
        tenantId: principal.tenantId,
        requestId: id,
        reason: `Запрос субъекта № ${row.number} (${row.kind === 'deletion' ? 'требование об уничтожении' : 'отзыв согласия'}) от ${ruDate(row.deadline.receivedOn)}`,
        subjectName: row.fullName,
        categories: [...new Set(reports.flatMap((r) => r.categories))],
        reports,
        kept,
        log: [...events].reverse().map((e) => ({ at: new Date(e.at).toISOString(), type: e.type, details: e.details })),
        performedBy: performer,
      });
      await this.requests.event(manager, principal.tenantId, id, 'destroyed', principal.userId ?? null, { act: act.number, records: reports.reduce((n, r) => n + r.records, 0) });
      await this.requests.update(manager, principal.tenantId, id, { status: 'fulfilled', closedAt: this.clock.now(), outcome: `Персональные данные уничтожены, акт № ${act.number}` });
      return { actId: act.id, number: act.number };
    });
  }

  /**
   * Blocks the person's data in every module (art. 21 part 1: at once on a claim of inaccuracy or
   * unlawful processing): a blocked client gets no messages until unblocked. Unblocking ends it.
   */
  async block(principal: Principal, id: string, reason: string, blocked: boolean): Promise<SubjectRequestView> {
    const row = await this.found(principal.tenantId, id);
    if (row.closedAt) throw new ConflictError('The request is closed', { reason: 'closed' });
    if (!row.identity) throw new RefusedError('Check the person\'s identity before blocking their data', { reason: 'identity-not-verified' });
    const locator = this.locatorOf(row);
    let records = 0;
    for (const source of this.sources.list()) records += blocked ? await source.block(locator, { reason: reason.trim() }) : await source.unblock(locator);
    await this.requests.transaction((manager) => this.requests.event(manager, principal.tenantId, id, blocked ? 'blocked' : 'unblocked', principal.userId ?? null, { records, reason: reason.trim() }));
    return this.get(principal, id);
  }

  /** What every module holds on the person, to choose what to correct; only after the identity check. */
  async subjectData(principal: Principal, id: string): Promise<PersonalDataItem[]> {
    const row = await this.found(principal.tenantId, id);
    if (!row.identity) throw new RefusedError('Check the person\'s identity before disclosing anything', { reason: 'identity-not-verified' });
    return this.dataOf(row);
  }

  /** What every module holds on the request's subject, within its business only. */
  private async dataOf(row: SubjectRequestRow): Promise<PersonalDataItem[]> {
    const items: PersonalDataItem[] = [];
    for (const source of this.sources.list()) items.push(...(await source.find(this.locatorOf(row))));
    return items;
  }

  /**
   * Corrects named fields in the modules that hold them (art. 21 part 2: within 7 working days
   * of the proof). Each source refuses what it cannot correct, naming the field.
   */
  async rectify(principal: Principal, id: string, corrections: Array<{ source: string; recordId: string; field: string; value: string }>): Promise<SubjectRequestView> {
    const row = await this.found(principal.tenantId, id);
    if (row.closedAt) throw new ConflictError('The request is closed', { reason: 'closed' });
    if (!row.identity) throw new RefusedError('Check the person\'s identity before correcting their data', { reason: 'identity-not-verified' });
    const sources = new Map(this.sources.list().map((s) => [s.name, s]));
    const unknown = corrections.find((c) => !sources.has(c.source));
    if (unknown) throw new InvalidInputError('Validation failed: corrections', [{ field: 'corrections', messages: [`no module ${unknown.source}`] }]);
    let changed = 0;
    for (const [name, source] of sources) {
      const mine = corrections.filter((c) => c.source === name).map(({ recordId, field, value }) => ({ recordId, field, value }));
      if (mine.length) changed += await source.rectify(this.locatorOf(row), mine);
    }
    await this.requests.transaction((manager) =>
      this.requests.event(manager, principal.tenantId, id, 'rectified', principal.userId ?? null, { records: changed, fields: corrections.map((c) => `${c.source}:${c.field}`) }),
    );
    return this.get(principal, id);
  }

  private locatorOf(row: SubjectRequestRow) {
    return subjectLocatorOf(row);
  }

  private processingOf(activity: ActivitySnapshot) {
    const { data } = activity;
    return {
      name: data.name,
      purpose: data.purpose,
      legalBases: legalBasisTexts(data),
      categories: data.categories.map(categoryLabel),
      actions: data.actions.map(actionLabel),
      retention: data.retention.map(retentionText),
      recipients: data.recipients.map(recipientText),
      storage: databaseLocationText(data),
    };
  }

  /**
   * A request the platform received and forwards to the business (reference 001 §5.7): filed in
   * the business's queue like any other, its clock from the platform's receipt. The platform's
   * own path (`main.js subject-requests forward`), never an HTTP caller's.
   */
  async fileForwarded(tenantId: string, input: Omit<NewRequestInput, 'conversationId' | 'receivedAt'>, forwarded: { reference: string; receivedAt: Date }): Promise<SubjectRequestRow> {
    const now = this.clock.now();
    if (forwarded.receivedAt.getTime() > now.getTime() + 60_000) throw new InvalidInputError('Validation failed: receivedAt', [{ field: 'receivedAt', messages: ['cannot be in the future'] }]);
    const id = await this.intake(tenantId, input, 'platform', forwarded.receivedAt, null, 'subject.phone', {
      reference: forwarded.reference,
      receivedAt: forwarded.receivedAt.toISOString(),
      forwardedAt: now.toISOString(),
    });
    return (await this.requests.find(tenantId, id))!;
  }

  private async intake(
    tenantId: string,
    input: NewRequestInput,
    channel: SubjectRequestChannel,
    receivedAt: Date,
    createdBy: string | null,
    contactField = 'subject.phone',
    forwarded?: ForwardedFrom,
  ): Promise<string> {
    const phone = input.subject.phone?.trim() || null;
    const email = input.subject.email?.trim().toLowerCase() || null;
    if (!phone && !email && !input.subject.contactId) {
      throw new InvalidInputError(`Validation failed: ${contactField}`, [{ field: contactField, messages: ['a phone number or an e-mail is required to find the data and to answer'] }]);
    }
    const deadline = deadlineFor(input.kind, receivedAt);
    const id = await this.requests.transaction((manager) =>
      this.requests.insert(manager, {
        tenantId,
        kind: input.kind,
        channel,
        fullName: input.subject.fullName.trim(),
        phone,
        email,
        contactId: input.subject.contactId ?? null,
        conversationId: input.conversationId ?? null,
        details: input.details.trim(),
        receivedAt,
        deadline,
        createdBy,
        forwarded,
      }),
    );
    await this.maintenance.keepSubjectRequestsActivity(tenantId, moscowDate(receivedAt));
    return id;
  }

  private view(row: SubjectRequestRow, now: Date): SubjectRequestView {
    return {
      id: row.id,
      number: row.number,
      kind: row.kind,
      status: row.status,
      channel: row.channel,
      subject: { fullName: row.fullName, phone: row.phone, email: row.email, contactId: row.contactId },
      details: row.details,
      receivedAt: new Date(row.receivedAt).toISOString(),
      deadline: { ...row.deadline, extension: row.deadline.extension ?? null, note: row.deadline.note ?? null },
      clock: row.closedAt ? null : clockState(row.deadline, now),
      identity: row.identity,
      extensionNotice: row.extensionNotice,
      closedAt: row.closedAt ? new Date(row.closedAt).toISOString() : null,
      outcome: row.outcome,
      conversationId: row.conversationId,
      forwarded: row.forwarded,
    };
  }

  private async found(tenantId: string, id: string): Promise<SubjectRequestRow> {
    const row = await this.requests.find(tenantId, id);
    if (!row) throw new NotFoundError('Request not found');
    return row;
  }

  private async locked(manager: Parameters<SubjectRequestsRepository['lock']>[0], tenantId: string, id: string): Promise<SubjectRequestRow> {
    const row = await this.requests.lock(manager, tenantId, id);
    if (!row) throw new NotFoundError('Request not found');
    if (row.closedAt) throw new ConflictError('The request is closed', { reason: 'closed' });
    return row;
  }
}
