import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { QueuePort, defineQueue } from '@perepiska/platform';
import { DataSource } from 'typeorm';
import { AuditService } from '../services/audit.service';

export const TENANT_PURGE_QUEUE = defineQueue<Record<string, never>>('identity.tenant-purge');
const EVERY_MS = 60 * 60 * 1000;

/**
 * Purges closed businesses whose grace has run out (reference 004 §8): the tenant row with its
 * requisites, and by cascade its roles, memberships, sessions, tokens and invitations; then the
 * accounts of its employees that belong to no other business. The audit log and the access
 * journal keep their rows (they are evidence and carry ids, not requisites).
 */
@Injectable()
export class TenantPurgeProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('TenantPurge');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: QueuePort,
    private readonly audit: AuditService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.queue.process(TENANT_PURGE_QUEUE, async () => {
      await this.purgeDue();
    });
    await this.queue.schedule(TENANT_PURGE_QUEUE, {}, { everyMs: EVERY_MS });
  }

  /** Idempotent: a crash midway leaves the remaining tenants for the next run. */
  async purgeDue(now = new Date()): Promise<string[]> {
    const due = await this.dataSource.query<Array<{ id: string }>>(`SELECT id FROM tenants WHERE status = 'closed' AND purge_after <= $1 ORDER BY purge_after LIMIT 100`, [now]);
    const purged: string[] = [];
    for (const { id } of due) {
      await this.dataSource.transaction(async (manager) => {
        const members = await manager.query<Array<{ user_id: string }>>(`SELECT user_id FROM memberships WHERE tenant_id = $1`, [id]);
        // Memberships first: they reference the tenant's custom roles, which refuse to go while held.
        await manager.query(`DELETE FROM memberships WHERE tenant_id = $1`, [id]);
        const [, deleted] = await manager.query<[unknown, number]>(`DELETE FROM tenants WHERE id = $1 AND status = 'closed'`, [id]);
        if (!deleted) return;
        const [orphans] = await manager.query<[Array<{ id: string }>, number]>(
          `DELETE FROM users u WHERE u.id = ANY($1::uuid[]) AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id) RETURNING id`,
          [members.map((m) => m.user_id)],
        );
        await this.audit.record({ action: 'tenant.purged', tenantId: id, target: { type: 'tenant', id }, details: { accountsDeleted: orphans.length } }, manager);
        purged.push(id);
      });
    }
    if (purged.length) this.logger.log(`Purged ${purged.length} closed business account(s)`);
    return purged;
  }
}
