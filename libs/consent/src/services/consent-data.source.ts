import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type BlockInstruction,
  type ErasureMethod,
  type ErasureReport,
  type FieldCorrection,
  InvalidInputError,
  ObjectStorage,
  type PersonalDataItem,
  type PersonalDataSource,
  PersonalDataSourceRegistry,
  type SubjectLocator,
} from '@perepiska/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { AcceptanceSignatoriesRepository } from '../persistence/acceptance-signatories.repository';
import { ConsentDirectoryRepository } from '../persistence/consent-directory.repository';
import { type ConsentRow, SubjectConsentsRepository } from '../persistence/subject-consents.repository';

const RECTIFIABLE: Record<string, 'full_name' | 'phone' | 'email'> = { fullName: 'full_name', phone: 'phone', email: 'email' };

/**
 * Consents and acceptances as a data subject's records (152-FZ art. 14, 20, 21): a client's
 * consents and withdrawals and what they typed into the public form; an employee's acceptances
 * of the platform's documents. Erasure depersonalises and never destroys: the ledgers are the
 * proof the law requires the business to keep (152-FZ art. 9 part 3 — the operator proves the
 * consent; 63-FZ art. 5 — the simple electronic signature), so the version hash, the time and the
 * purpose stay while name, phone, e-mail, IP, user agent and proof files go.
 */
@Injectable()
export class ConsentDataSource implements PersonalDataSource, OnModuleInit {
  readonly name = 'consent.records';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: PersonalDataSourceRegistry,
    private readonly consents: SubjectConsentsRepository,
    private readonly signatories: AcceptanceSignatoriesRepository,
    private readonly directory: ConsentDirectoryRepository,
    private readonly storage: ObjectStorage,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async find(subject: SubjectLocator): Promise<PersonalDataItem[]> {
    const manager = this.dataSource.manager;
    const items: PersonalDataItem[] = (await this.consentsOf(manager, subject)).map((c) => ({
      source: this.name,
      category: 'consents',
      recordId: c.id,
      fields: {
        purpose: c.purpose,
        action: c.action,
        source: c.source,
        channel: c.channel,
        documentVersionId: c.documentVersionId,
        versionSha256: c.versionSha256,
        ipAnonymised: c.ipAnonymised,
        userAgent: c.userAgent,
        proofFile: c.proof.file ? { fileName: c.proof.file.fileName, sha256: c.proof.file.sha256 } : null,
        submitter: c.submitter && !c.submitter.erasedAt ? { fullName: c.submitter.fullName, phone: c.submitter.phone, email: c.submitter.email } : null,
      },
      collectedAt: new Date(c.at),
    }));
    for (const a of await this.acceptancesOf(manager, subject)) {
      items.push({
        source: this.name,
        category: 'acceptances',
        recordId: a.id,
        fields: {
          documentVersionId: a.documentVersionId,
          versionSha256: a.versionSha256,
          method: a.method,
          warranties: a.warranties,
          signatory: a.signatory && !a.signatory.erasedAt ? { fullName: a.signatory.fullName, email: a.signatory.email, ip: a.signatory.ip, userAgent: a.signatory.userAgent } : null,
        },
        collectedAt: new Date(a.acceptedAt),
      });
    }
    return items;
  }

  /** Only what the person typed into the public form; a signed acceptance is evidence as it was signed. */
  async rectify(subject: SubjectLocator, corrections: FieldCorrection[]): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const ids = new Set((await this.consentsOf(manager, subject)).filter((c) => c.submitter && !c.submitter.erasedAt).map((c) => c.id));
      let changed = 0;
      for (const correction of corrections) {
        const column = RECTIFIABLE[correction.field];
        if (!column || !ids.has(correction.recordId) || (correction.value !== null && typeof correction.value !== 'string')) {
          throw new InvalidInputError(`Validation failed: ${correction.field}`, [{ field: correction.field, messages: ['cannot be corrected here'] }]);
        }
        changed += await this.consents.rectifySubmitter(manager, subject.tenantId, correction.recordId, column, correction.value);
      }
      return changed;
    });
  }

  /** The records are kept only as proof and are not otherwise processed: nothing to block. */
  block(_subject: SubjectLocator, _instruction: BlockInstruction): Promise<number> {
    return Promise.resolve(0);
  }

  unblock(_subject: SubjectLocator): Promise<number> {
    return Promise.resolve(0);
  }

  /** Always depersonalises, whatever was asked: destroying the ledger would destroy the proof the law requires. */
  async erase(subject: SubjectLocator, _method: ErasureMethod): Promise<ErasureReport> {
    const { keys, consents, acceptances } = await this.dataSource.transaction(async (manager) => {
      const rows = await this.consentsOf(manager, subject);
      const consentCount = await this.consents.markErased(manager, subject.tenantId, rows.map((r) => r.id));
      const signed = await this.acceptancesOf(manager, subject);
      const acceptanceCount = await this.signatories.erase(manager, subject.tenantId, signed.map((a) => a.id));
      return { keys: rows.filter((r) => r.proofStorageKey && !r.submitter?.erasedAt).map((r) => r.proofStorageKey!), consents: consentCount, acceptances: acceptanceCount };
    });
    // After the commit: a proof marked erased is no longer served even if deleting its file fails now.
    for (const key of keys) await this.storage.delete(key);
    const categories = [...(consents ? ['consents'] : []), ...(acceptances ? ['acceptances'] : [])];
    return { source: this.name, method: 'depersonalise', records: consents + acceptances, categories };
  }

  private async consentsOf(manager: EntityManager, subject: SubjectLocator): Promise<ConsentRow[]> {
    const phones = (subject.phones ?? []).map((p) => p.replace(/\D/g, '')).filter(Boolean);
    const emails = (subject.emails ?? []).map((e) => e.trim().toLowerCase());
    const contactIds = [...new Set([...(subject.contactIds ?? []), ...(await this.directory.contactsOfSubject(manager, subject.tenantId, phones, emails))])];
    return this.consents.ofSubject(manager, subject.tenantId, contactIds, phones, emails);
  }

  private acceptancesOf(manager: EntityManager, subject: SubjectLocator) {
    return this.signatories.ofSubject(manager, subject.tenantId, subject.userIds ?? [], (subject.emails ?? []).map((e) => e.trim().toLowerCase()));
  }
}
