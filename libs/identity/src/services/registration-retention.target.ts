import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type PdCategoryId, type PlatformRetentionHolds, type RetentionBatchRecorder, type PlatformRetentionTarget, RetentionTargetRegistry } from '@perepiska/platform';
import { DataSource } from 'typeorm';
import { AuditService } from './audit.service';

export const REGISTRATION_DATA_TARGET = 'identity.registration-data';

/** Closed businesses whose period since closing has run out; one under a legal hold keeps everything. */
const DUE = `t.status = 'closed' AND t.closed_at < $1 AND ($2::uuid IS NULL OR t.id = $2) AND NOT (t.id = ANY($3::uuid[]))`;

/**
 * The registration data of deleted accounts (reference 004 §8: within 7 days of the deletion; the
 * period is the platform register's «Учётные записи», counted from the deletion): a closed
 * business's row with its requisites, and by cascade its roles, memberships, sessions, tokens,
 * invitations and every module's data of it; then the accounts of its employees that belong to
 * no other business (e-mail, name, password hash, second factor). Someone who also works for
 * another business keeps the account there. The audit log and the access journal keep their
 * entries, which carry ids, not requisites, for their own period.
 */
@Injectable()
export class RegistrationDataRetentionTarget implements PlatformRetentionTarget, OnModuleInit {
  readonly name = REGISTRATION_DATA_TARGET;
  readonly description = 'Регистрационные данные удалённых учётных записей: организация и учётные записи её сотрудников, не состоящих в других организациях (с организацией удаляются все её данные)';
  readonly register = 'platform';
  readonly trigger = 'account-deletion';
  readonly method = 'destroy';
  readonly categories: PdCategoryId[] = ['full-name', 'employee-account', 'credentials'];
  private readonly logger = new Logger('RegistrationRetention');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: RetentionTargetRegistry,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  /** Records: each due business, and each account that goes with it. */
  async count(tenantId: string | null, before: Date, holds: PlatformRetentionHolds): Promise<number> {
    const [row] = await this.dataSource.query<Array<{ n: number }>>(
      `WITH due AS (SELECT t.id FROM tenants t WHERE ${DUE})
       SELECT (SELECT count(*) FROM due)::int + (
         SELECT count(DISTINCT m.user_id) FROM memberships m
          WHERE m.tenant_id IN (SELECT id FROM due)
            AND NOT EXISTS (SELECT 1 FROM memberships o WHERE o.user_id = m.user_id AND o.tenant_id NOT IN (SELECT id FROM due)))::int AS n`,
      [before, tenantId, holds.tenantIds],
    );
    return row?.n ?? 0;
  }

  /** One business per batch: its cascade is one transaction; a crash midway leaves the rest for the next batch. */
  async purgeBatch(tenantId: string | null, before: Date, holds: PlatformRetentionHolds, _batchSize: number, record: RetentionBatchRecorder): Promise<number> {
    const records = await this.dataSource.transaction(async (manager) => {
      const [due] = await manager.query<Array<{ id: string }>>(`SELECT t.id FROM tenants t WHERE ${DUE} ORDER BY t.closed_at LIMIT 1 FOR UPDATE SKIP LOCKED`, [before, tenantId, holds.tenantIds]);
      if (!due) return 0;
      const members = await manager.query<Array<{ user_id: string }>>(`SELECT user_id FROM memberships WHERE tenant_id = $1`, [due.id]);
      // Memberships first: they reference the tenant's custom roles, which refuse to go while held.
      await manager.query(`DELETE FROM memberships WHERE tenant_id = $1`, [due.id]);
      await manager.query(`DELETE FROM tenants WHERE id = $1`, [due.id]);
      const [orphans] = await manager.query<[Array<{ id: string }>, number]>(
        `DELETE FROM users u WHERE u.id = ANY($1::uuid[]) AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id) RETURNING id`,
        [members.map((m) => m.user_id)],
      );
      await this.audit.record({ action: 'tenant.purged', tenantId: due.id, target: { type: 'tenant', id: due.id }, details: { accountsDeleted: orphans.length } }, manager);
      await record(manager, 1 + orphans.length);
      return 1 + orphans.length;
    });
    if (records) this.logger.log(`Purged a closed business account and ${records - 1} employee account(s)`);
    return records;
  }
}
