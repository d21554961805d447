import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, ConflictError, type Principal, RefusedError } from '@perepiska/platform';
import { DataSource } from 'typeorm';
import { isPlatformDocumentKind } from '../domain/document-kinds';
import { AcceptancesRepository } from '../persistence/acceptances.repository';
import { LegalDocumentsRepository } from '../persistence/legal-documents.repository';
import { AcceptanceLedger } from './acceptance-ledger.service';
import { LegalDocumentsService } from './legal-documents.service';
import { type AcceptanceView, type VersionView, acceptanceView, versionView } from './legal-views';
import { MODULE_AGREEMENT, MessengerModuleService } from './messenger-module.service';

export interface NoticeView {
  version: VersionView;
  document: { id: string; kind: string; title: string };
  acceptedByMe: boolean;
}

/** Accepting the platform's documents, and the notices of their upcoming versions (reference 004 §11). */
@Injectable()
export class AcceptancesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly documentsService: LegalDocumentsService,
    private readonly documents: LegalDocumentsRepository,
    private readonly acceptances: AcceptancesRepository,
    private readonly ledger: AcceptanceLedger,
    private readonly messengerModule: MessengerModuleService,
    private readonly clock: Clock,
  ) {}

  /**
   * An employee accepts a version of a platform document, the one in force or an upcoming one.
   * The module agreement is the business's (accepted by an owner or admin, with every warranty);
   * the others each employee accepts for themself.
   */
  async accept(principal: Principal, versionId: string, warranties: string[]): Promise<AcceptanceView> {
    const version = await this.documentsService.visibleVersion(principal.tenantId, versionId);
    if (version.kind === MODULE_AGREEMENT) return (await this.messengerModule.acceptAgreement(principal, version, warranties)).acceptance;
    if (!isPlatformDocumentKind(version.kind)) {
      throw new RefusedError('A business\'s own consent text is given by its clients, not accepted by its employees', { reason: 'not-a-platform-document' });
    }
    return this.dataSource.transaction(async (manager) => {
      const { current } = (await this.documents.currentAndUpcoming([version.documentId], this.clock.now())).get(version.documentId)!;
      const upcoming = new Date(version.effectiveAt).getTime() > this.clock.now().getTime();
      if (current?.id !== version.id && !upcoming) throw new RefusedError('This version has been replaced: accept the one in force', { reason: 'version-superseded' });
      await this.acceptances.lockChain(manager, principal.tenantId);
      if (principal.userId && (await this.acceptances.acceptedAmong(principal.tenantId, principal.userId, [version.id], [])).has(version.id)) {
        throw new ConflictError('You have already accepted this version', { reason: 'already-accepted' });
      }
      return acceptanceView(await this.ledger.append(manager, principal, version, []));
    });
  }

  /**
   * Upcoming versions the caller has yet to accept; seeing them is recorded. The module
   * agreement is shown only where the module is on and only to those who may accept it.
   */
  async notices(principal: Principal): Promise<NoticeView[]> {
    let upcoming = await this.documentsService.upcomingPlatformVersions();
    if (upcoming.some((v) => v.kind === MODULE_AGREEMENT)) {
      const relevant = principal.permissions.has('messenger-module.manage') && (await this.messengerModule.reconcile(principal.tenantId)).state !== 'off';
      if (!relevant) upcoming = upcoming.filter((v) => v.kind !== MODULE_AGREEMENT);
    }
    if (!principal.userId) return [];
    const accepted = await this.acceptances.acceptedAmong(principal.tenantId, principal.userId, upcoming.map((v) => v.id), [MODULE_AGREEMENT]);
    const pending = upcoming.filter((v) => !accepted.has(v.id));
    await this.documents.recordNoticeViews(principal.tenantId, principal.userId, pending.map((v) => v.id));
    return pending.map((v) => ({ version: versionView(v), document: { id: v.documentId, kind: v.kind, title: v.title }, acceptedByMe: false }));
  }
}
