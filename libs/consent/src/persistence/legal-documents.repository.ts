import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type DocumentKind } from '../domain/document-kinds';

export interface DocumentRow {
  id: string;
  tenantId: string | null;
  kind: DocumentKind;
  title: string;
}

export interface VersionRow {
  id: string;
  documentId: string;
  /** null for the platform's documents. */
  tenantId: string | null;
  kind: DocumentKind;
  version: number;
  textSha256: string;
  material: boolean;
  summary: string | null;
  publishedAt: Date;
  effectiveAt: Date;
}

export interface VersionWithText extends VersionRow {
  text: string;
}

export interface NewVersion {
  documentId: string;
  version: number;
  text: string;
  textSha256: string;
  material: boolean;
  summary: string | null;
  publishedAt: Date;
  effectiveAt: Date;
  publishedBy: string;
}

const DOCUMENT = `d.id, d.tenant_id AS "tenantId", d.kind, d.title`;
const VERSION = `v.id, v.document_id AS "documentId", d.tenant_id AS "tenantId", d.kind, v.version, v.text_sha256 AS "textSha256", v.material, v.summary,
  v.published_at AS "publishedAt", v.effective_at AS "effectiveAt"`;
/** Platform documents (tenant_id NULL) are visible to every business; a business's own only to it. */
const VISIBLE = `(d.tenant_id IS NULL OR d.tenant_id = $1)`;

@Injectable()
export class LegalDocumentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  listVisible(tenantId: string): Promise<DocumentRow[]> {
    return this.dataSource.query<DocumentRow[]>(`SELECT ${DOCUMENT} FROM legal_documents d WHERE ${VISIBLE} ORDER BY d.tenant_id NULLS FIRST, d.kind`, [tenantId]);
  }

  async findVisible(tenantId: string, id: string): Promise<DocumentRow | null> {
    const rows = await this.dataSource.query<DocumentRow[]>(`SELECT ${DOCUMENT} FROM legal_documents d WHERE ${VISIBLE} AND d.id = $2`, [tenantId, id]);
    return rows[0] ?? null;
  }

  async findTenantDocument(tenantId: string, kind: DocumentKind, manager: EntityManager = this.dataSource.manager): Promise<DocumentRow | null> {
    const rows = await manager.query<DocumentRow[]>(`SELECT ${DOCUMENT} FROM legal_documents d WHERE d.tenant_id = $1 AND d.kind = $2`, [tenantId, kind]);
    return rows[0] ?? null;
  }

  async findPlatform(kind: DocumentKind, manager: EntityManager = this.dataSource.manager): Promise<DocumentRow | null> {
    const rows = await manager.query<DocumentRow[]>(`SELECT ${DOCUMENT} FROM legal_documents d WHERE d.tenant_id IS NULL AND d.kind = $1`, [kind]);
    return rows[0] ?? null;
  }

  /** null when the owner already has a document of the kind. */
  async insertDocument(manager: EntityManager, tenantId: string | null, kind: DocumentKind, title: string): Promise<DocumentRow | null> {
    const rows = await manager.query<DocumentRow[]>(
      `INSERT INTO legal_documents (tenant_id, kind, title) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING id, tenant_id AS "tenantId", kind, title`,
      [tenantId, kind, title],
    );
    return rows[0] ?? null;
  }

  /** Locks the document so two publications cannot take the same version number. */
  async lockForPublishing(manager: EntityManager, documentId: string): Promise<number> {
    await manager.query(`SELECT 1 FROM legal_documents WHERE id = $1 FOR UPDATE`, [documentId]);
    const [{ last }] = await manager.query<Array<{ last: number }>>(`SELECT coalesce(max(version), 0)::int AS last FROM legal_document_versions WHERE document_id = $1`, [documentId]);
    return last;
  }

  async insertVersion(manager: EntityManager, version: NewVersion): Promise<string> {
    const [row] = await manager.query<Array<{ id: string }>>(
      `INSERT INTO legal_document_versions (document_id, version, text, text_sha256, material, summary, published_at, effective_at, published_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [version.documentId, version.version, version.text, version.textSha256, version.material, version.summary, version.publishedAt, version.effectiveAt, version.publishedBy],
    );
    return row.id;
  }

  versions(documentId: string): Promise<VersionRow[]> {
    return this.dataSource.query<VersionRow[]>(`SELECT ${VERSION} FROM legal_document_versions v JOIN legal_documents d ON d.id = v.document_id WHERE v.document_id = $1 ORDER BY v.version DESC`, [documentId]);
  }

  async findVersionVisible(tenantId: string, versionId: string, manager: EntityManager = this.dataSource.manager): Promise<VersionWithText | null> {
    const rows = await manager.query<VersionWithText[]>(
      `SELECT ${VERSION}, v.text FROM legal_document_versions v JOIN legal_documents d ON d.id = v.document_id WHERE ${VISIBLE} AND v.id = $2`,
      [tenantId, versionId],
    );
    return rows[0] ?? null;
  }

  /** A version of one of the platform's documents, which anyone may read; null for a business's own. */
  async findPlatformVersion(versionId: string): Promise<VersionWithText | null> {
    const rows = await this.dataSource.query<VersionWithText[]>(
      `SELECT ${VERSION}, v.text FROM legal_document_versions v JOIN legal_documents d ON d.id = v.document_id WHERE d.tenant_id IS NULL AND v.id = $1`,
      [versionId],
    );
    return rows[0] ?? null;
  }

  /** Any version by id, whoever owns it: only for code that has just written it. */
  async findVersion(manager: EntityManager, versionId: string): Promise<VersionWithText | null> {
    const rows = await manager.query<VersionWithText[]>(`SELECT ${VERSION}, v.text FROM legal_document_versions v JOIN legal_documents d ON d.id = v.document_id WHERE v.id = $1`, [versionId]);
    return rows[0] ?? null;
  }

  async findVersionByNumber(documentId: string, version: number): Promise<VersionWithText | null> {
    const rows = await this.dataSource.query<VersionWithText[]>(`SELECT ${VERSION}, v.text FROM legal_document_versions v JOIN legal_documents d ON d.id = v.document_id WHERE v.document_id = $1 AND v.version = $2`, [documentId, version]);
    return rows[0] ?? null;
  }

  /** For each document: the version in force at `now` and the newest one published but not yet in force. */
  async currentAndUpcoming(documentIds: string[], now: Date): Promise<Map<string, { current: VersionRow | null; upcoming: VersionRow | null }>> {
    const rows = await this.dataSource.query<Array<VersionRow & { slot: 'current' | 'upcoming' }>>(
      `SELECT * FROM (
         SELECT DISTINCT ON (v.document_id, v.effective_at > $2) ${VERSION}, CASE WHEN v.effective_at > $2 THEN 'upcoming' ELSE 'current' END AS slot
         FROM legal_document_versions v JOIN legal_documents d ON d.id = v.document_id
         WHERE v.document_id = ANY($1::uuid[])
         ORDER BY v.document_id, v.effective_at > $2, v.effective_at DESC, v.version DESC
       ) x`,
      [documentIds, now],
    );
    const result = new Map<string, { current: VersionRow | null; upcoming: VersionRow | null }>(documentIds.map((id) => [id, { current: null, upcoming: null }]));
    for (const { slot, ...version } of rows) result.get(version.documentId)![slot] = version;
    return result;
  }

  /** Every version of the document with what decides suspension: its number, materiality and date. */
  versionTimeline(documentId: string): Promise<Array<{ id: string; version: number; material: boolean; effectiveAt: Date }>> {
    return this.dataSource.query(`SELECT id, version, material, effective_at AS "effectiveAt" FROM legal_document_versions WHERE document_id = $1 ORDER BY version`, [documentId]);
  }

  /** The platform's versions published and not yet in force (reference 004 §11: the notice period). */
  upcomingPlatformVersions(now: Date): Promise<Array<VersionRow & { title: string }>> {
    return this.dataSource.query(
      `SELECT ${VERSION}, d.title FROM legal_document_versions v JOIN legal_documents d ON d.id = v.document_id
       WHERE d.tenant_id IS NULL AND v.effective_at > $1 AND v.published_at <= $1 ORDER BY v.effective_at, d.kind`,
      [now],
    );
  }

  async recordNoticeViews(tenantId: string, userId: string, versionIds: string[]): Promise<void> {
    if (!versionIds.length) return;
    await this.dataSource.query(
      `INSERT INTO notice_views (tenant_id, user_id, document_version_id) SELECT $1, $2, unnest($3::uuid[]) ON CONFLICT DO NOTHING`,
      [tenantId, userId, versionIds],
    );
  }
}
