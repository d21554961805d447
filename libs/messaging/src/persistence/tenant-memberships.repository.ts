import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The business's employees as messaging refers to them: by membership id, within one tenant. */
@Injectable()
export class TenantMembershipsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** How many of the ids are employees of the tenant (a foreign id counts for nothing). */
  async count(tenantId: string, membershipIds: string[]): Promise<number> {
    const [row] = await this.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM memberships WHERE tenant_id = $1 AND id = ANY($2::uuid[])`, [tenantId, membershipIds]);
    return row.n;
  }

  async isActive(tenantId: string, membershipId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM memberships WHERE id = $1 AND tenant_id = $2 AND status = 'active'`, [membershipId, tenantId]);
    return rows.length > 0;
  }
}
