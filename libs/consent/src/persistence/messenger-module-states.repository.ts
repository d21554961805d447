import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type MessengerModuleState } from '@perepiska/platform';
import { DataSource, type EntityManager } from 'typeorm';

export interface ModuleStateRow {
  tenantId: string;
  state: MessengerModuleState;
  acceptanceId: string | null;
  reason: string | null;
  changedAt: Date;
}

const COLUMNS = `tenant_id AS "tenantId", state, acceptance_id AS "acceptanceId", reason, changed_at AS "changedAt"`;

@Injectable()
export class MessengerModuleStatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** No row: the module was never turned on (off). `forUpdate` holds the row for the caller's transaction. */
  async find(tenantId: string, manager: EntityManager = this.dataSource.manager, forUpdate = false): Promise<ModuleStateRow | null> {
    const rows = await manager.query<ModuleStateRow[]>(`SELECT ${COLUMNS} FROM messenger_module_states WHERE tenant_id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [tenantId]);
    return rows[0] ?? null;
  }

  async save(manager: EntityManager, tenantId: string, state: MessengerModuleState, acceptanceId: string | null, reason: string, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO messenger_module_states (tenant_id, state, acceptance_id, reason, changed_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id) DO UPDATE SET state = EXCLUDED.state, acceptance_id = EXCLUDED.acceptance_id, reason = EXCLUDED.reason, changed_at = EXCLUDED.changed_at`,
      [tenantId, state, acceptanceId, reason, at],
    );
  }

  /** Businesses whose module is on, for the suspension sweep, in pages. */
  active(afterTenantId: string | null, limit: number): Promise<string[]> {
    return this.dataSource
      .query<Array<{ tenantId: string }>>(
        `SELECT tenant_id AS "tenantId" FROM messenger_module_states WHERE state = 'active' AND ($1::uuid IS NULL OR tenant_id > $1) ORDER BY tenant_id LIMIT $2`,
        [afterTenantId, limit],
      )
      .then((rows) => rows.map((r) => r.tenantId));
  }
}
