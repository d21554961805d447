import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type PdCategoryId, type PlatformRetentionHolds, type RetentionBatchRecorder, type PlatformRetentionTarget, RetentionTargetRegistry } from '@perepiska/platform';
import { DataSource } from 'typeorm';

/** Entries whose period has run out; a business under a legal hold keeps its entries. Oldest first, a range of `<table>_age`. */
const EXPIRED = `created_at < $1 AND ($2::uuid IS NULL OR tenant_id = $2) AND (tenant_id IS NULL OR NOT (tenant_id = ANY($3::uuid[])))`;

/**
 * The platform's security journals (IAM-3, DSR-6) once the period its register sets for them has
 * run out since the entry was made (the platform's activity «Журнал аудита и журнал доступа»:
 * 3 years, reference 004 §8). The journals refuse every change; the one exception is this purge,
 * which the transaction declares (`perepiska.journal_retention`) to the journals' trigger.
 */
@Injectable()
abstract class JournalRetentionTarget implements PlatformRetentionTarget, OnModuleInit {
  abstract readonly name: string;
  abstract readonly description: string;
  protected abstract readonly table: 'access_journal' | 'audit_events';
  readonly register = 'platform';
  readonly trigger = 'collection';
  readonly method = 'destroy';
  readonly categories: PdCategoryId[] = ['usage-data', 'connection-data'];
  // Connection data is also declared for cookies, for 12 months: the journals' period is the journals' purpose's.
  readonly activities = ['platform.audit'];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: RetentionTargetRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async count(tenantId: string | null, before: Date, holds: PlatformRetentionHolds): Promise<number> {
    const [row] = await this.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM ${this.table} WHERE ${EXPIRED}`, [before, tenantId, holds.tenantIds]);
    return row?.n ?? 0;
  }

  async purgeBatch(tenantId: string | null, before: Date, holds: PlatformRetentionHolds, batchSize: number, record: RetentionBatchRecorder): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT set_config('perepiska.journal_retention', 'on', true)`);
      const [, deleted] = await manager.query<[unknown, number]>(
        `DELETE FROM ${this.table} WHERE id IN (SELECT id FROM ${this.table} WHERE ${EXPIRED} ORDER BY created_at LIMIT $4 FOR UPDATE SKIP LOCKED)`,
        [before, tenantId, holds.tenantIds, batchSize],
      );
      if (deleted) await record(manager, deleted);
      return deleted;
    });
  }
}

/** Who read which personal data, when and from where (reference 004 §6). */
@Injectable()
export class AccessJournalRetentionTarget extends JournalRetentionTarget {
  readonly name = 'identity.access-journal';
  readonly description = 'Записи журнала доступа к персональным данным';
  protected readonly table = 'access_journal';
}

/** Security events: sign-ins, changes of access, closing of businesses. */
@Injectable()
export class AuditLogRetentionTarget extends JournalRetentionTarget {
  readonly name = 'identity.audit-log';
  readonly description = 'Записи журнала аудита событий безопасности';
  protected readonly table = 'audit_events';
}
