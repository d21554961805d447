import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export interface TeamRow {
  id: string;
  name: string;
  memberIds: string[];
  createdAt: Date;
}

const COLUMNS = `t.id, t.name, t.created_at AS "createdAt",
  coalesce((SELECT array_agg(tm.membership_id ORDER BY tm.membership_id) FROM team_members tm WHERE tm.team_id = t.id), '{}') AS "memberIds"`;

@Injectable()
export class TeamsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(tenantId: string): Promise<TeamRow[]> {
    return this.dataSource.query<TeamRow[]>(`SELECT ${COLUMNS} FROM teams t WHERE t.tenant_id = $1 ORDER BY lower(t.name)`, [tenantId]);
  }

  async find(tenantId: string, id: string): Promise<TeamRow | null> {
    const rows = await this.dataSource.query<TeamRow[]>(`SELECT ${COLUMNS} FROM teams t WHERE t.tenant_id = $1 AND t.id = $2`, [tenantId, id]);
    return rows[0] ?? null;
  }

  /** null when the name is taken. */
  async insert(manager: EntityManager, tenantId: string, name: string): Promise<string | null> {
    const rows = await manager.query<Array<{ id: string }>>(`INSERT INTO teams (tenant_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id`, [tenantId, name]);
    return rows[0]?.id ?? null;
  }

  async rename(manager: EntityManager, id: string, name: string): Promise<boolean> {
    const taken = await manager.query<unknown[]>(`SELECT 1 FROM teams a JOIN teams b ON b.tenant_id = a.tenant_id AND lower(b.name) = lower($2) AND b.id <> a.id WHERE a.id = $1`, [id, name]);
    if (taken.length) return false;
    await manager.query(`UPDATE teams SET name = $2 WHERE id = $1`, [id, name]);
    return true;
  }

  async setMembers(manager: EntityManager, tenantId: string, id: string, membershipIds: string[]): Promise<void> {
    await manager.query(`DELETE FROM team_members WHERE team_id = $1`, [id]);
    await manager.query(`INSERT INTO team_members (team_id, membership_id, tenant_id) SELECT $1, m.id, $2 FROM memberships m WHERE m.tenant_id = $2 AND m.id = ANY($3::uuid[])`, [id, tenantId, membershipIds]);
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const [, count] = await this.dataSource.query<[unknown, number]>(`DELETE FROM teams WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
    return count > 0;
  }
}
