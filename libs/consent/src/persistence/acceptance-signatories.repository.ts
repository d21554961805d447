import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

export interface SignedAcceptanceRow {
  id: string;
  seq: string;
  documentVersionId: string;
  versionSha256: string;
  method: string;
  warranties: string[];
  acceptedAt: Date;
  signatory: { fullName: string | null; email: string | null; ip: string | null; userAgent: string | null; erasedAt: Date | null } | null;
}

/**
 * An employee's acceptances as a data subject sees them, and the erasure of their personal
 * details (engineer A writes the ledger). The ledger row is never touched: its signatory_digest
 * keeps the chain verifiable once the details are gone.
 */
@Injectable()
export class AcceptanceSignatoriesRepository {
  ofSubject(manager: EntityManager, tenantId: string, userIds: string[], emails: string[]): Promise<SignedAcceptanceRow[]> {
    return manager.query<SignedAcceptanceRow[]>(
      `SELECT a.id, a.seq, a.document_version_id AS "documentVersionId", a.version_sha256 AS "versionSha256", a.method, a.warranties, a.accepted_at AS "acceptedAt",
              CASE WHEN s.acceptance_id IS NULL THEN NULL ELSE json_build_object('fullName', s.full_name, 'email', s.email, 'ip', s.ip, 'userAgent', s.user_agent, 'erasedAt', s.erased_at) END AS signatory
         FROM acceptances a LEFT JOIN acceptance_signatories s ON s.acceptance_id = a.id
        WHERE a.tenant_id = $1 AND (a.user_id = ANY($2::uuid[]) OR (s.erased_at IS NULL AND lower(s.email) = ANY($3::text[])))
        ORDER BY a.seq`,
      [tenantId, userIds, emails],
    );
  }

  async erase(manager: EntityManager, tenantId: string, acceptanceIds: string[]): Promise<number> {
    const [, count] = await manager.query<[unknown, number]>(
      `UPDATE acceptance_signatories SET full_name = NULL, email = NULL, ip = NULL, user_agent = NULL, salt = NULL, erased_at = now()
        WHERE tenant_id = $1 AND acceptance_id = ANY($2::uuid[]) AND erased_at IS NULL`,
      [tenantId, acceptanceIds],
    );
    return count;
  }
}
