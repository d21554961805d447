import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InvalidInputError, NotFoundError, type Principal, anonymiseIp } from '@perepiska/platform';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { type ConsentPurpose } from '../domain/consent-purposes';
import { checkShownTexts } from '../domain/shown-texts';
import { ConsentDirectoryRepository } from '../persistence/consent-directory.repository';
import { ConsentTextsRepository } from '../persistence/consent-texts.repository';
import { SubjectConsentsRepository } from '../persistence/subject-consents.repository';
import { CONSENT_OPTIONS, type ConsentOptions } from '../consent.options';
import { ConsentLinkSigner } from './consent-link.signer';

export interface PublicConsentPage {
  business: { name: string };
  texts: Array<{ purpose: ConsentPurpose; versionId: string; version: number; text: string; textSha256: string }>;
  /** True when the page was opened by a genuine personal link: the consent goes to that client's card. */
  personal: boolean;
}

export interface ConsentLink {
  link: string;
  url: string;
  expiresAt: Date;
}

export interface PublicConsentSubmission {
  fullName: string;
  phone?: string;
  email?: string;
  /** The signed personal link the page was opened by, if any. */
  link?: string;
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
 *
 * The general page (no link) records a consent that belongs to no client card: what a visitor
 * types proves nothing about whose card it is. A personal link, signed for one card of one
 * business, attaches the consent to that card.
 */
@Injectable()
export class PublicConsentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consents: SubjectConsentsRepository,
    private readonly texts: ConsentTextsRepository,
    private readonly directory: ConsentDirectoryRepository,
    private readonly signer: ConsentLinkSigner,
    @Inject(CONSENT_OPTIONS) private readonly options: ConsentOptions,
  ) {}

  /** A personal link to the public page for one of the tenant's clients (404 for another tenant's card). */
  async linkFor(principal: Principal, contactId: string): Promise<ConsentLink> {
    if (!(await this.directory.contactExists(principal.tenantId, contactId))) throw new NotFoundError('Contact not found');
    const { link, expiresAt } = this.signer.sign(principal.tenantId, contactId);
    const url = `${this.options.publicUrl.replace(/\/+$/, '')}/consent/${principal.tenantId}?link=${encodeURIComponent(link)}`;
    return { link, url, expiresAt };
  }

  async page(tenantId: string, link?: string): Promise<PublicConsentPage> {
    const name = await this.directory.activeTenantName(tenantId);
    if (!name) throw new NotFoundError('Business not found');
    if (link !== undefined) await this.contactOfLink(tenantId, link);
    const texts = await this.texts.current(tenantId);
    return {
      business: { name },
      texts: texts.map((t) => ({ purpose: t.purpose, versionId: t.versionId, version: t.version, text: t.text, textSha256: t.textSha256 })),
      personal: link !== undefined,
    };
  }

  async submit(tenantId: string, submission: PublicConsentSubmission, meta: SubmissionMeta): Promise<{ receiptId: string }> {
    if (!(await this.directory.activeTenantName(tenantId))) throw new NotFoundError('Business not found');
    const contactId = submission.link !== undefined ? await this.contactOfLink(tenantId, submission.link) : null;
    const phoneDigits = submission.phone ? submission.phone.replace(/\D/g, '') : undefined;
    const email = submission.email?.trim().toLowerCase();
    if (!contactId && !phoneDigits && !email) {
      throw new InvalidInputError('Validation failed: phone', [{ field: 'phone', messages: ['a phone number or an e-mail is required, so the business knows whose consent it is'] }]);
    }
    const shown = checkShownTexts(submission.purposes, submission.versionIds, await this.texts.current(tenantId));
    if (!shown.ok) throw new InvalidInputError(`Validation failed: ${shown.field}`, [{ field: shown.field, messages: [shown.message] }]);

    const receiptId = randomUUID();
    await this.dataSource.transaction(async (manager) => {
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
          proof: { receiptId, shown: shown.texts.map((t) => ({ purpose: t.purpose, versionId: t.versionId, textSha256: t.textSha256 })), matchedBy: contactId ? 'link' : null },
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

  /** The client card a link names: a forged, expired or foreign link, or a deleted card, is a 400 on `link`. */
  private async contactOfLink(tenantId: string, link: string): Promise<string> {
    const claims = this.signer.verify(link);
    const invalid = (message: string) => new InvalidInputError('Validation failed: link', [{ field: 'link', messages: [message] }]);
    if (!claims || claims.tenantId !== tenantId) throw invalid('is not a valid consent link of this business; ask the business for a new one');
    if (!(await this.directory.contactExists(tenantId, claims.contactId))) throw invalid('names a client card that no longer exists');
    return claims.contactId;
  }
}
