import { Injectable } from '@nestjs/common';
import { Clock, ConflictError, type Principal, PolicyPublisher, type PublishedPolicy } from '@perepiska/platform';
import { textSha256 } from '../domain/canonical-text';
import { type VersionRow, LegalDocumentsRepository } from '../persistence/legal-documents.repository';
import { LegalDocumentsService } from './legal-documents.service';

const KIND = 'client-privacy-policy';
const TITLE = 'Политика обработки персональных данных клиентов';

const published = (v: Pick<VersionRow, 'id' | 'documentId' | 'version' | 'textSha256'> & { publishedAt: Date | string; effectiveAt: Date | string }): PublishedPolicy => ({
  documentId: v.documentId,
  versionId: v.id,
  version: v.version,
  textSha256: v.textSha256,
  publishedAt: new Date(v.publishedAt).toISOString(),
  effectiveAt: new Date(v.effectiveAt).toISOString(),
});

/** The register's generated policy, published as the business's own document (created on its first version). */
@Injectable()
export class ClientPolicyPublisher extends PolicyPublisher {
  constructor(
    private readonly documents: LegalDocumentsRepository,
    private readonly service: LegalDocumentsService,
    private readonly clock: Clock,
  ) {
    super();
  }

  async current(tenantId: string): Promise<PublishedPolicy | null> {
    const document = await this.documents.findTenantDocument(tenantId, KIND);
    const current = document && (await this.documents.currentAndUpcoming([document.id], this.clock.now())).get(document.id)!.current;
    return current ? published(current) : null;
  }

  async publish(principal: Principal, text: string, options: { material: boolean; effectiveAt?: Date }): Promise<PublishedPolicy> {
    const current = await this.current(principal.tenantId);
    if (current?.textSha256 === textSha256(text)) throw new ConflictError('The policy in force already has this text', { reason: 'policy-unchanged', versionId: current.versionId });
    const document = (await this.documents.findTenantDocument(principal.tenantId, KIND)) ?? (await this.service.createTenantDocument(principal, KIND, TITLE));
    const version = await this.service.publishTenantVersion(principal, document.id, { text, material: options.material, effectiveAt: options.effectiveAt });
    return published(version);
  }
}
