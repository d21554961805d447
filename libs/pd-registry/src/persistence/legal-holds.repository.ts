import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type RetentionHolds } from '@perepiska/platform';
import { DataSource } from 'typeorm';

export interface LegalHoldRow {
  id: string;
  scope: 'tenant' | 'contact' | 'conversation';
  targetId: string | null;
  reason: string;
  createdBy: string | null;
  createdAt: Date;
  releasedAt: Date | null;
}

const COLUMNS = `h.id, h.scope, h.target_id AS "targetId", h.reason, u.full_name AS "createdBy", h.created_at AS "createdAt", h.released_at AS "releasedAt"`;

@Injectable()
export class LegalHoldsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(tenantId: string): Promise<LegalHoldRow[]> {
    return this.dataSource.query<LegalHoldRow[]>(`SELECT ${COLUMNS} FROM legal_holds h LEFT JOIN users u ON u.id = h.created_by WHERE h.tenant_id = $1 ORDER BY h.released_at IS NOT NULL, h.created_at DESC`, [tenantId]);
  }

  async insert(tenantId: string, scope: LegalHoldRow['scope'], targetId: string | null, reason: string, userId: string | null): Promise<string> {
    const [{ id }] = await this.dataSource.query<Array<{ id: string }>>(`INSERT INTO legal_holds (tenant_id, scope, target_id, reason, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
      tenantId,
      scope,
      targetId,
      reason,
      userId,
    ]);
    return id;
  }

  async release(tenantId: string, id: string, userId: string | null): Promise<boolean> {
    const [, count] = await this.dataSource.query<[unknown, number]>(`UPDATE legal_holds SET released_at = now(), released_by = $3 WHERE tenant_id = $1 AND id = $2 AND released_at IS NULL`, [tenantId, id, userId]);
    return count > 0;
  }

  async find(tenantId: string, id: string): Promise<LegalHoldRow | null> {
    const [row] = await this.dataSource.query<LegalHoldRow[]>(`SELECT ${COLUMNS} FROM legal_holds h LEFT JOIN users u ON u.id = h.created_by WHERE h.tenant_id = $1 AND h.id = $2`, [tenantId, id]);
    return row ?? null;
  }

  /** What the business's active holds keep out of a purge. */
  async active(tenantId: string): Promise<RetentionHolds> {
    const rows = await this.dataSource.query<Array<{ scope: LegalHoldRow['scope']; targetId: string | null }>>(
      `SELECT scope, target_id AS "targetId" FROM legal_holds WHERE tenant_id = $1 AND released_at IS NULL`,
      [tenantId],
    );
    return {
      tenant: rows.some((r) => r.scope === 'tenant'),
      contactIds: rows.filter((r) => r.scope === 'contact').map((r) => r.targetId!),
      conversationIds: rows.filter((r) => r.scope === 'conversation').map((r) => r.targetId!),
    };
  }

  /** The businesses with any active hold: the platform's purges keep their data whole. */
  async tenantsUnderHold(): Promise<string[]> {
    return (await this.dataSource.query<Array<{ id: string }>>(`SELECT DISTINCT tenant_id AS id FROM legal_holds WHERE released_at IS NULL`)).map((r) => r.id);
  }

  /** Whether the target is the business's own (a wrong tenant's id is a 404). */
  async targetExists(tenantId: string, scope: 'contact' | 'conversation', id: string): Promise<boolean> {
    const table = scope === 'contact' ? 'contacts' : 'conversations';
    return (await this.dataSource.query<unknown[]>(`SELECT 1 FROM ${table} WHERE tenant_id = $1 AND id = $2`, [tenantId, id])).length > 0;
  }

  /** The businesses whose registers have activities: the scheduled purge visits them. */
  async tenantsWithRegister(): Promise<string[]> {
    return (await this.dataSource.query<Array<{ id: string }>>(`SELECT DISTINCT a.tenant_id AS id FROM register_activities a JOIN tenants t ON t.id = a.tenant_id AND t.status = 'active'`)).map((r) => r.id);
  }
}
