import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type ConsentPurpose, purposeOfKind, textKindOf } from '../domain/consent-purposes';

export interface ConsentTextRow {
  purpose: ConsentPurpose;
  versionId: string;
  version: number;
  text: string;
  textSha256: string;
  effectiveAt: Date;
}

/**
 * Reads the business's published consent texts (engineer A's `legal_documents` and versions) as
 * the consent ledger needs them: the version in effect now for each purpose, or one named version.
 */
@Injectable()
export class ConsentTextsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The version in effect now of each of the tenant's consent texts. */
  async current(tenantId: string): Promise<ConsentTextRow[]> {
    const rows = await this.dataSource.query<Array<Omit<ConsentTextRow, 'purpose'> & { kind: string }>>(
      `SELECT DISTINCT ON (d.kind) d.kind, v.id AS "versionId", v.version, v.text, v.text_sha256 AS "textSha256", v.effective_at AS "effectiveAt"
         FROM legal_documents d JOIN legal_document_versions v ON v.document_id = d.id
        WHERE d.tenant_id = $1 AND d.kind IN ('consent-processing', 'consent-advertising', 'consent-distribution') AND v.effective_at <= now()
        ORDER BY d.kind, v.effective_at DESC, v.version DESC`,
      [tenantId],
    );
    return rows.map(({ kind, ...row }) => ({ ...row, purpose: purposeOfKind(kind)! }));
  }

  /** A version of the tenant's text for this purpose that has taken effect; null for anything else. */
  async version(tenantId: string, purpose: ConsentPurpose, versionId: string): Promise<ConsentTextRow | null> {
    const [row] = await this.dataSource.query<Array<Omit<ConsentTextRow, 'purpose'>>>(
      `SELECT v.id AS "versionId", v.version, v.text, v.text_sha256 AS "textSha256", v.effective_at AS "effectiveAt"
         FROM legal_document_versions v JOIN legal_documents d ON d.id = v.document_id
        WHERE v.id = $2 AND d.tenant_id = $1 AND d.kind = $3 AND v.effective_at <= now()`,
      [tenantId, versionId, textKindOf(purpose)],
    );
    return row ? { ...row, purpose } : null;
  }

  /** The platform's cookie policy in effect, which a cookie choice refers to. */
  async currentCookiePolicy(): Promise<string | null> {
    const [row] = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT v.id FROM legal_documents d JOIN legal_document_versions v ON v.document_id = d.id
        WHERE d.tenant_id IS NULL AND d.kind = 'cookie-policy' AND v.effective_at <= now() ORDER BY v.effective_at DESC, v.version DESC LIMIT 1`,
    );
    return row?.id ?? null;
  }
}
