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

  /**
   * The active employees of an open business holding one of the built-in roles, or a custom role
   * with the permission, with their e-mail addresses and the business's name (one row each).
   */
  withRoleOrPermission(tenantId: string, builtinRoles: readonly string[], permission: string): Promise<Array<{ email: string; tenantName: string }>> {
    return this.dataSource.query(
      `SELECT u.email, t.name AS "tenantName"
         FROM memberships m
         JOIN users u ON u.id = m.user_id
         JOIN tenants t ON t.id = m.tenant_id AND t.status = 'active'
         LEFT JOIN roles r ON r.id = m.custom_role_id
        WHERE m.tenant_id = $1 AND m.status = 'active'
          AND (m.builtin_role = ANY($2::text[]) OR $3 = ANY(r.permissions))
        ORDER BY m.created_at, m.id`,
      [tenantId, builtinRoles, permission],
    );
  }

  async isActive(tenantId: string, membershipId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM memberships WHERE id = $1 AND tenant_id = $2 AND status = 'active'`, [membershipId, tenantId]);
    return rows.length > 0;
  }
}
