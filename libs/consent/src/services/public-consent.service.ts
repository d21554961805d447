import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InvalidInputError, NotFoundError, anonymiseIp } from '@perepiska/platform';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { type ConsentPurpose } from '../domain/consent-purposes';
import { checkShownTexts } from '../domain/shown-texts';
import { ConsentDirectoryRepository } from '../persistence/consent-directory.repository';
import { ConsentTextsRepository } from '../persistence/consent-texts.repository';
import { SubjectConsentsRepository } from '../persistence/subject-consents.repository';

export interface PublicConsentPage {
  business: { name: string };
  texts: Array<{ purpose: ConsentPurpose; versionId: string; version: number; text: string; textSha256: string }>;
}

export interface PublicConsentSubmission {
  fullName: string;
  phone?: string;
  email?: string;
  messengerHandle?: string;
  purposes: ConsentPurpose[];
  versionIds: string[];
}

export interface SubmissionMeta {
  ip?: string;
  userAgent?: string;
}

/**
 * The page a business sends its clients (issue 6): it shows the business's consent texts in
 * effect and records what the person ticked, with the exact versions and hashes shown, the time,
 * an anonymised IP and the user agent as the proof.
 */
@Injectable()
export class PublicConsentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consents: SubjectConsentsRepository,
    private readonly texts: ConsentTextsRepository,
    private readonly directory: ConsentDirectoryRepository,
  ) {}

  async page(tenantId: string): Promise<PublicConsentPage> {
    const name = await this.directory.activeTenantName(tenantId);
    if (!name) throw new NotFoundError('Business not found');
    const texts = await this.texts.current(tenantId);
    return { business: { name }, texts: texts.map((t) => ({ purpose: t.purpose, versionId: t.versionId, version: t.version, text: t.text, textSha256: t.textSha256 })) };
  }

  async submit(tenantId: string, submission: PublicConsentSubmission, meta: SubmissionMeta): Promise<{ receiptId: string }> {
    if (!(await this.directory.activeTenantName(tenantId))) throw new NotFoundError('Business not found');
    const phoneDigits = submission.phone ? submission.phone.replace(/\D/g, '') : undefined;
    const email = submission.email?.trim().toLowerCase();
    if (!phoneDigits && !email) {
      throw new InvalidInputError('Validation failed: phone', [{ field: 'phone', messages: ['a phone number or an e-mail is required, so the business knows whose consent it is'] }]);
    }
    const shown = checkShownTexts(submission.purposes, submission.versionIds, await this.texts.current(tenantId));
    if (!shown.ok) throw new InvalidInputError(`Validation failed: ${shown.field}`, [{ field: shown.field, messages: [shown.message] }]);

    const receiptId = randomUUID();
    const username = submission.messengerHandle?.trim().replace(/^@/, '').toLowerCase() || undefined;
    await this.dataSource.transaction(async (manager) => {
      // The record belongs to a client card only when exactly one card carries what they typed.
      const matches = await this.directory.contactsMatching(tenantId, { phoneDigits, email, username }, manager);
      const contactId = matches.length === 1 ? matches[0] : null;
      for (const text of shown.texts) {
        await this.consents.insert(manager, {
          tenantId,
          contactId,
          purpose: text.purpose,
          action: 'given',
          source: 'public-form',
          documentVersionId: text.versionId,
          versionSha256: text.textSha256,
          channel: 'public-page',
          proof: { receiptId, shown: shown.texts.map((t) => ({ purpose: t.purpose, versionId: t.versionId, textSha256: t.textSha256 })), matchedBy: contactId ? 'details' : null },
          proofStorageKey: null,
          recordedBy: null,
          ipAnonymised: anonymiseIp(meta.ip) ?? null,
          userAgent: meta.userAgent?.slice(0, 500) ?? null,
          submitter: { fullName: submission.fullName.trim(), phone: submission.phone?.trim() ?? null, email: email ?? null },
        });
      }
    });
    return { receiptId };
  }
}
