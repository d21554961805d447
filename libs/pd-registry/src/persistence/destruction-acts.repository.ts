import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type ErasureReport } from '@perepiska/platform';
import { DataSource, type EntityManager } from 'typeorm';

export interface KeptRecord {
  what: string;
  why: string;
}

export interface DestructionActRow {
  id: string;
  /** Whose act: the business's (it is the operator of its clients' data), or the platform's own. */
  layer: 'tenant' | 'platform';
  number: string;
  requestId: string | null;
  reason: string;
  subjectName: string | null;
  categories: string[];
  reports: ErasureReport[];
  kept: KeptRecord[];
  log: Array<{ at: string; type: string; details: Record<string, unknown> }>;
  performedBy: string | null;
  performedAt: Date;
  keepUntil: string;
}

// Indexable either way (IS NOT DISTINCT FROM is not); the parameter stays $1 in both.
const whose = (tenantId: string | null) => (tenantId === null ? 'tenant_id IS NULL AND $1::uuid IS NULL' : 'tenant_id = $1::uuid');

const COLUMNS = `id, CASE WHEN tenant_id IS NULL THEN 'platform' ELSE 'tenant' END AS layer, number, request_id AS "requestId", reason, subject_name AS "subjectName", categories, reports, kept, log,
  performed_by_name AS "performedBy", performed_at AS "performedAt", to_char(keep_until, 'YYYY-MM-DD') AS "keepUntil"`;

/**
 * Acts of destruction, one business at a time, or the platform's own (no business: the platform
 * is the operator); numbered per business, or for the platform, and year (АУ-2026-0001).
 */
@Injectable()
export class DestructionActsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(
    manager: EntityManager,
    act: Omit<DestructionActRow, 'id' | 'layer' | 'number' | 'performedAt' | 'keepUntil' | 'performedBy'> & { tenantId: string | null; performedBy: { id: string | null; name: string } | null },
  ): Promise<{ id: string; number: string }> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('destruction-acts:' || coalesce($1::text, 'platform'), 0))`, [act.tenantId]);
    const [{ n, year }] = await manager.query<Array<{ n: number; year: string }>>(
      `SELECT count(*)::int + 1 AS n, to_char(now() AT TIME ZONE 'Europe/Moscow', 'YYYY') AS year FROM destruction_acts
        WHERE ${whose(act.tenantId)} AND number LIKE 'АУ-' || to_char(now() AT TIME ZONE 'Europe/Moscow', 'YYYY') || '-%'`,
      [act.tenantId],
    );
    const number = `АУ-${year}-${String(n).padStart(4, '0')}`;
    const [{ id }] = await manager.query<Array<{ id: string }>>(
      `INSERT INTO destruction_acts (tenant_id, number, request_id, reason, subject_name, categories, reports, kept, log, performed_by, performed_by_name, keep_until)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9::jsonb, $10, $11, ((now() AT TIME ZONE 'Europe/Moscow')::date + interval '3 years')::date) RETURNING id`,
      [
        act.tenantId,
        number,
        act.requestId,
        act.reason,
        act.subjectName,
        act.categories,
        JSON.stringify(act.reports),
        JSON.stringify(act.kept),
        JSON.stringify(act.log),
        act.performedBy?.id ?? null,
        act.performedBy?.name ?? null,
      ],
    );
    return { id, number };
  }

  /** A business's act, or the platform's with `tenantId` null. */
  async find(tenantId: string | null, id: string): Promise<DestructionActRow | null> {
    const [row] = await this.dataSource.query<DestructionActRow[]>(`SELECT ${COLUMNS} FROM destruction_acts WHERE ${whose(tenantId)} AND id = $2`, [tenantId, id]);
    return row ?? null;
  }

  list(tenantId: string | null): Promise<DestructionActRow[]> {
    return this.dataSource.query<DestructionActRow[]>(`SELECT ${COLUMNS} FROM destruction_acts WHERE ${whose(tenantId)} ORDER BY performed_at DESC LIMIT 500`, [tenantId]);
  }
}
