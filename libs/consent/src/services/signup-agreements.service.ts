import { Injectable } from '@nestjs/common';
import { type AgreementToAccept, Clock, InvalidInputError, type NewAccountSignatory, SignupAgreements } from '@perepiska/platform';
import { type EntityManager } from 'typeorm';
import { PLATFORM_DOCUMENT_TITLES, type PlatformDocumentKind } from '../domain/document-kinds';
import { LegalDocumentsRepository } from '../persistence/legal-documents.repository';
import { AcceptanceLedger, SIGNUP_ACCEPTANCE_METHOD } from './acceptance-ledger.service';

/** Accepted with the account: the terms of the service, and the policy the person acknowledges (152-FZ art. 18.1 part 2). */
export const SIGNUP_DOCUMENT_KINDS: PlatformDocumentKind[] = ['user-agreement', 'privacy-policy'];

/** Consent's side of the sign-up port: the versions in force, and their acceptance in the ledger. */
@Injectable()
export class ConsentSignupAgreements extends SignupAgreements {
  constructor(
    private readonly documents: LegalDocumentsRepository,
    private readonly ledger: AcceptanceLedger,
    private readonly clock: Clock,
  ) {
    super();
  }

  async toAccept(manager?: EntityManager): Promise<AgreementToAccept[]> {
    const found: AgreementToAccept[] = [];
    for (const kind of SIGNUP_DOCUMENT_KINDS) {
      const document = await this.documents.findPlatform(kind, manager);
      if (!document) continue;
      const { current } = (await this.documents.currentAndUpcoming([document.id], this.clock.now())).get(document.id)!;
      if (current) found.push({ kind, title: PLATFORM_DOCUMENT_TITLES[kind], versionId: current.id, version: current.version, textSha256: current.textSha256 });
    }
    return found;
  }

  async record(manager: EntityManager, signatory: NewAccountSignatory, acceptedVersionIds: string[]): Promise<void> {
    const required = await this.toAccept(manager);
    const given = new Set(acceptedVersionIds);
    const missing = required.filter((a) => !given.has(a.versionId));
    if (missing.length || given.size !== required.length) {
      const names = required.map((a) => `«${a.title}» (version ${a.version})`).join(', ');
      throw new InvalidInputError('Validation failed: acceptedVersionIds', [
        { field: 'acceptedVersionIds', messages: [`must be the versions in force of ${names}: reload the page and accept them`] },
      ]);
    }
    for (const agreement of required) {
      const version = await this.documents.findVersion(manager, agreement.versionId);
      await this.ledger.appendSigned(manager, signatory, version!, [], SIGNUP_ACCEPTANCE_METHOD);
    }
  }
}
