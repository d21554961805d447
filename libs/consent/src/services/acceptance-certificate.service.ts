import { Injectable } from '@nestjs/common';
import { Clock } from '@perepiska/platform';
import { renderAcceptanceCertificate } from '../certificate/acceptance-certificate';
import { recordCanonicalJson } from '../domain/acceptance-chain';
import { MESSENGER_MODULE_WARRANTIES } from '../domain/warranties';
import { AcceptancesRepository } from '../persistence/acceptances.repository';
import { LegalDocumentsRepository } from '../persistence/legal-documents.repository';
import { AcceptanceLedger } from './acceptance-ledger.service';
import { acceptanceView } from './legal-views';

/** Assembles the acceptance certificate from the ledger row, the version it points at and the chain up to it. */
@Injectable()
export class AcceptanceCertificateService {
  constructor(
    private readonly ledger: AcceptanceLedger,
    private readonly acceptances: AcceptancesRepository,
    private readonly documents: LegalDocumentsRepository,
    private readonly clock: Clock,
  ) {}

  async render(tenantId: string, acceptanceId: string): Promise<{ fileName: string; pdf: Buffer }> {
    const row = await this.ledger.find(tenantId, acceptanceId);
    const version = (await this.documents.findVersionVisible(tenantId, row.documentVersionId))!;
    const document = (await this.documents.findVisible(tenantId, version.documentId))!;
    const pdf = await renderAcceptanceCertificate({
      acceptance: acceptanceView(row),
      recordJson: recordCanonicalJson(row),
      document: { title: document.title, kind: document.kind },
      version: { version: version.version, text: version.text, textSha256: version.textSha256, publishedAt: new Date(version.publishedAt).toISOString(), effectiveAt: new Date(version.effectiveAt).toISOString() },
      business: await this.acceptances.business(tenantId),
      warranties: MESSENGER_MODULE_WARRANTIES,
      chain: await this.ledger.verifyUpTo(tenantId, row.seq),
      issuedAt: this.clock.now(),
    });
    return { fileName: `acceptance-${row.seq}-${row.id}.pdf`, pdf };
  }
}
