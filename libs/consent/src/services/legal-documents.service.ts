import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, ConflictError, ForbiddenError, InvalidInputError, NotFoundError, type Principal } from '@perepiska/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { textSha256 } from '../domain/canonical-text';
import { type DocumentKind, MAX_DOCUMENT_TEXT_LENGTH, PLATFORM_DOCUMENT_TITLES, type PlatformDocumentKind, type TenantDocumentKind } from '../domain/document-kinds';
import { effectiveDateProblem } from '../domain/effective-date';
import { type DiffLine, diffLines } from '../domain/line-diff';
import { type DocumentRow, LegalDocumentsRepository, type VersionWithText } from '../persistence/legal-documents.repository';
import { type DocumentView, type VersionView, versionView } from './legal-views';

export interface PublishInput {
  text: string;
  material: boolean;
  effectiveAt?: Date;
  summary?: string | null;
}

/** Who publishes the platform's documents: the operator of the service, from the command line. */
export const PLATFORM_PUBLISHER = 'platform-operator';

@Injectable()
export class LegalDocumentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly documents: LegalDocumentsRepository,
    private readonly clock: Clock,
  ) {}

  async list(tenantId: string): Promise<DocumentView[]> {
    const documents = await this.documents.listVisible(tenantId);
    const versions = await this.documents.currentAndUpcoming(documents.map((d) => d.id), this.clock.now());
    return documents.map((d) => {
      const { current, upcoming } = versions.get(d.id)!;
      return { id: d.id, kind: d.kind, title: d.title, scope: d.tenantId ? 'tenant' : 'platform', current: current && versionView(current), upcoming: upcoming && versionView(upcoming) };
    });
  }

  async versions(tenantId: string, documentId: string): Promise<VersionView[]> {
    await this.visibleDocument(tenantId, documentId);
    return (await this.documents.versions(documentId)).map((v) => versionView(v));
  }

  /** A business's own consent text for its clients; one document per kind. */
  async createTenantDocument(principal: Principal, kind: TenantDocumentKind, title: string): Promise<DocumentView> {
    const created = await this.documents.insertDocument(this.dataSource.manager, principal.tenantId, kind, title.trim());
    if (!created) throw new ConflictError(`This business already has a document of kind ${kind}`, { reason: 'document-kind-exists' });
    return { id: created.id, kind: created.kind, title: created.title, scope: 'tenant', current: null, upcoming: null };
  }

  /** Publishes a version of the business's own document; the platform's are not the business's to publish (404). */
  async publishTenantVersion(principal: Principal, documentId: string, input: PublishInput): Promise<VersionView> {
    const document = await this.visibleDocument(principal.tenantId, documentId);
    if (document.tenantId !== principal.tenantId) throw new NotFoundError('Document not found');
    const publisher = principal.userId ? `user:${principal.userId}` : `api-token:${principal.tokenId ?? 'unknown'}`;
    return this.dataSource.transaction((manager) => this.publish(manager, document, input, publisher));
  }

  /** The platform operator's publication (`main.js documents publish`): creates the document on its first version. */
  async publishPlatformVersion(kind: PlatformDocumentKind, input: PublishInput): Promise<VersionView> {
    return this.dataSource.transaction(async (manager) => {
      const document = (await this.documents.findPlatform(kind, manager)) ?? (await this.documents.insertDocument(manager, null, kind, PLATFORM_DOCUMENT_TITLES[kind])) ?? (await this.documents.findPlatform(kind, manager));
      if (!document) throw new Error(`platform document ${kind} could not be created`);
      return this.publish(manager, document, input, PLATFORM_PUBLISHER);
    });
  }

  /**
   * Publishes the shipped texts of the platform documents that have no version yet (version 1,
   * in force at once, not material). Idempotent and safe when several processes start at once.
   */
  async ensurePlatformDocuments(texts: ReadonlyArray<{ kind: PlatformDocumentKind; text: string }>): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('consent.platform-documents', 0))`);
      const published: string[] = [];
      for (const { kind, text } of texts) {
        const document = (await this.documents.findPlatform(kind, manager)) ?? (await this.documents.insertDocument(manager, null, kind, PLATFORM_DOCUMENT_TITLES[kind]));
        if (!document) continue;
        if ((await this.documents.lockForPublishing(manager, document.id)) > 0) continue;
        await this.publish(manager, document, { text, material: false }, PLATFORM_PUBLISHER);
        published.push(kind);
      }
      return published;
    });
  }

  /**
   * A version with its text: the platform's documents to anyone signed in (everyone is bound by
   * them and the notice banner links here), the business's own texts with consent.read.
   */
  async version(principal: Principal, versionId: string): Promise<VersionView> {
    const version = await this.visibleVersion(principal.tenantId, versionId);
    if (version.tenantId !== null && !principal.permissions.has('consent.read')) throw new ForbiddenError('Missing permission: consent.read');
    return versionView(version, true);
  }

  /** A platform document's version for anyone, signed in or not; a business's own text is not found here. */
  async publicVersion(versionId: string): Promise<VersionView> {
    const version = await this.documents.findPlatformVersion(versionId);
    if (!version) throw new NotFoundError('Document version not found');
    return versionView(version, true);
  }

  /** The version of a platform document in force now, with its text (the sign-up form and the cookie banner link to it). */
  async publicInForce(kind: PlatformDocumentKind): Promise<VersionView> {
    const document = await this.documents.findPlatform(kind);
    const current = document && (await this.documents.currentAndUpcoming([document.id], this.clock.now())).get(document.id)!.current;
    if (!current) throw new NotFoundError('Document not published yet');
    return this.publicVersion(current.id);
  }

  /** From `againstId`, or by default from the version before this one (nothing, for the first). */
  async diff(tenantId: string, versionId: string, againstId?: string): Promise<{ from: VersionView | null; to: VersionView; lines: DiffLine[] }> {
    const to = await this.visibleVersion(tenantId, versionId);
    const from = againstId ? await this.documents.findVersionVisible(tenantId, againstId) : await this.documents.findVersionByNumber(to.documentId, to.version - 1);
    if (againstId && (!from || from.documentId !== to.documentId)) {
      throw new InvalidInputError('Validation failed: against', [{ field: 'against', messages: ['must be another version of the same document'] }]);
    }
    return { from: from && versionView(from), to: versionView(to), lines: diffLines(from?.text ?? '', to.text) };
  }

  async visibleVersion(tenantId: string, versionId: string, manager?: EntityManager): Promise<VersionWithText> {
    const version = await this.documents.findVersionVisible(tenantId, versionId, manager);
    if (!version) throw new NotFoundError('Document version not found');
    return version;
  }

  private async visibleDocument(tenantId: string, documentId: string): Promise<DocumentRow> {
    const document = await this.documents.findVisible(tenantId, documentId);
    if (!document) throw new NotFoundError('Document not found');
    return document;
  }

  private async publish(manager: EntityManager, document: { id: string; kind: DocumentKind }, input: PublishInput, publishedBy: string): Promise<VersionView> {
    const publishedAt = this.clock.now();
    const effectiveAt = input.effectiveAt ?? publishedAt;
    const problem = effectiveDateProblem(publishedAt, effectiveAt, input.material);
    if (problem) throw new InvalidInputError('Validation failed: effectiveAt', [{ field: 'effectiveAt', messages: [problem] }]);
    if (!input.text.trim() || input.text.length > MAX_DOCUMENT_TEXT_LENGTH) {
      throw new InvalidInputError('Validation failed: text', [{ field: 'text', messages: [`must hold 1 to ${MAX_DOCUMENT_TEXT_LENGTH} characters`] }]);
    }
    const last = await this.documents.lockForPublishing(manager, document.id);
    const id = await this.documents.insertVersion(manager, {
      documentId: document.id,
      version: last + 1,
      text: input.text,
      textSha256: textSha256(input.text),
      material: input.material,
      summary: input.summary?.trim() || null,
      publishedAt,
      effectiveAt,
      publishedBy,
    });
    return versionView((await this.documents.findVersion(manager, id))!);
  }

  /** For the notices: the platform's versions not yet in force. */
  upcomingPlatformVersions() {
    return this.documents.upcomingPlatformVersions(this.clock.now());
  }
}
