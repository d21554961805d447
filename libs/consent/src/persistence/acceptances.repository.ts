import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AcceptanceRecord, type Signatory, type StoredAcceptance } from '../domain/acceptance-chain';
import { type DocumentKind } from '../domain/document-kinds';

export interface AcceptanceRow extends StoredAcceptance {
  kind: DocumentKind;
  version: number;
  documentId: string;
  erasedAt: Date | null;
}

const COLUMNS = `a.id, a.tenant_id AS "tenantId", a.seq::int AS seq, a.user_id AS "userId", a.document_version_id AS "documentVersionId",
  a.version_sha256 AS "versionSha256", a.warranties, a.method, a.accepted_at AS "acceptedAt", a.signatory_digest AS "signatoryDigest",
  a.prev_hash AS "prevHash", a.record_hash AS "recordHash", v.text_sha256 AS "currentVersionSha256", v.version, v.document_id AS "documentId", d.kind,
  s.erased_at AS "erasedAt", s.full_name AS "fullName", s.email, s.ip, s.user_agent AS "userAgent", s.salt, (s.acceptance_id IS NOT NULL) AS "hasSignatory"`;
const FROM = `acceptances a JOIN legal_document_versions v ON v.id = a.document_version_id JOIN legal_documents d ON d.id = v.document_id
  LEFT JOIN acceptance_signatories s ON s.acceptance_id = a.id`;

type Raw = Omit<AcceptanceRow, 'signatory'> & { fullName: string | null; email: string | null; ip: string | null; userAgent: string | null; salt: string | null; hasSignatory: boolean };

function toRow({ fullName, email, ip, userAgent, salt, hasSignatory, ...row }: Raw): AcceptanceRow {
  const erased = !hasSignatory || row.erasedAt !== null;
  return { ...row, signatory: erased ? null : { userId: row.userId, fullName, email, ip, userAgent, salt } };
}

@Injectable()
export class AcceptancesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Serialises appends to one business's chain for the rest of the transaction, so two
   * acceptances at the same moment take consecutive positions and each links to the other.
   */
  async lockChain(manager: EntityManager, tenantId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('consent.acceptances:' || $1, 0))`, [tenantId]);
  }

  async lastLink(manager: EntityManager, tenantId: string): Promise<{ seq: number; recordHash: string } | null> {
    const rows = await manager.query<Array<{ seq: number; recordHash: string }>>(
      `SELECT seq::int AS seq, record_hash AS "recordHash" FROM acceptances WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1`,
      [tenantId],
    );
    return rows[0] ?? null;
  }

  async insert(manager: EntityManager, record: AcceptanceRecord & { prevHash: string; recordHash: string }, signatory: Signatory): Promise<void> {
    await manager.query(
      `INSERT INTO acceptances (id, tenant_id, seq, user_id, document_version_id, version_sha256, warranties, method, accepted_at, signatory_digest, prev_hash, record_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11, $12)`,
      [record.id, record.tenantId, record.seq, record.userId, record.documentVersionId, record.versionSha256, JSON.stringify(record.warranties), record.method, record.acceptedAt, record.signatoryDigest, record.prevHash, record.recordHash],
    );
    await manager.query(
      `INSERT INTO acceptance_signatories (acceptance_id, tenant_id, full_name, email, ip, user_agent, salt) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [record.id, record.tenantId, signatory.fullName, signatory.email, signatory.ip, signatory.userAgent, signatory.salt],
    );
  }

  async find(tenantId: string, id: string, manager: EntityManager = this.dataSource.manager): Promise<AcceptanceRow | null> {
    const rows = await manager.query<Raw[]>(`SELECT ${COLUMNS} FROM ${FROM} WHERE a.tenant_id = $1 AND a.id = $2`, [tenantId, id]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** Newest first; `beforeSeq` is the cursor. */
  async page(tenantId: string, beforeSeq: number | null, limit: number): Promise<AcceptanceRow[]> {
    const rows = await this.dataSource.query<Raw[]>(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE a.tenant_id = $1 AND ($2::bigint IS NULL OR a.seq < $2) ORDER BY a.seq DESC LIMIT $3`,
      [tenantId, beforeSeq, limit],
    );
    return rows.map(toRow);
  }

  /** The chain in order, from after `afterSeq`, for verification. */
  async chain(tenantId: string, afterSeq: number, limit: number): Promise<AcceptanceRow[]> {
    const rows = await this.dataSource.query<Raw[]>(`SELECT ${COLUMNS} FROM ${FROM} WHERE a.tenant_id = $1 AND a.seq > $2 ORDER BY a.seq LIMIT $3`, [tenantId, afterSeq, limit]);
    return rows.map(toRow);
  }

  /** Version numbers of a document this business accepted (the module agreement is the business's, whoever signed). */
  async acceptedVersions(tenantId: string, documentId: string, manager: EntityManager = this.dataSource.manager): Promise<Set<number>> {
    const rows = await manager.query<Array<{ version: number }>>(
      `SELECT DISTINCT v.version FROM acceptances a JOIN legal_document_versions v ON v.id = a.document_version_id WHERE a.tenant_id = $1 AND v.document_id = $2`,
      [tenantId, documentId],
    );
    return new Set(rows.map((r) => r.version));
  }

  /** Of these versions, those accepted in this business by this user, or by anyone for the documents the business accepts as a whole. */
  async acceptedAmong(tenantId: string, userId: string, versionIds: string[], businessWideKinds: readonly DocumentKind[]): Promise<Set<string>> {
    if (!versionIds.length) return new Set();
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT DISTINCT a.document_version_id AS id FROM acceptances a JOIN legal_document_versions v ON v.id = a.document_version_id JOIN legal_documents d ON d.id = v.document_id
       WHERE a.tenant_id = $1 AND a.document_version_id = ANY($3::uuid[]) AND (a.user_id = $2 OR d.kind = ANY($4::text[]))`,
      [tenantId, userId, versionIds, businessWideKinds],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** The business on whose behalf the acceptance was given, as its requisites read now (absent once purged). */
  async business(tenantId: string): Promise<{ name: string | null; inn: string | null }> {
    const rows = await this.dataSource.query<Array<{ name: string; inn: string | null }>>(`SELECT name, inn FROM tenants WHERE id = $1`, [tenantId]);
    return rows[0] ?? { name: null, inn: null };
  }

  /** Who signs: the employee's name and e-mail as identity holds them now. */
  async person(userId: string): Promise<{ fullName: string | null; email: string | null }> {
    const rows = await this.dataSource.query<Array<{ fullName: string; email: string }>>(`SELECT full_name AS "fullName", email FROM users WHERE id = $1`, [userId]);
    return rows[0] ?? { fullName: null, email: null };
  }
}
