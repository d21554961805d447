import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type ErasureMethod } from '@perepiska/platform';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';

export interface RetentionLogEntry {
  at: string;
  type: string;
  details: Record<string, unknown>;
}

/** A target as the run found it when its turn came, before its first batch. */
export interface RetentionRunTarget {
  target: string;
  description: string;
  period: string | null;
  method: ErasureMethod;
  categories: string[];
  subjectCategories: string[];
  expired: number;
}

export interface UnfinishedRetentionRun {
  id: string;
  startedAt: Date;
  performedBy: { id: string | null; name: string };
  targets: RetentionRunTarget[];
  log: RetentionLogEntry[];
}

/** The advisory lock of a scope's runs: the business's ($1), or the platform's when $1 is null. */
const RUN_LOCK = `hashtextextended('retention-run:' || coalesce($1::text, 'platform'), 0)`;

// Indexable either way; the parameter stays $1 in both.
const whose = (tenantId: string | null) => (tenantId === null ? 'tenant_id IS NULL AND $1::uuid IS NULL' : 'tenant_id = $1::uuid');

/**
 * A retention run while it goes (order No. 179): its targets and its log, each batch's entry
 * written in the transaction that destroyed the batch. A run's rows go with its act; rows left
 * behind are a run that died, whose act the next run of the same scope writes from them.
 */
@Injectable()
export class RetentionRunsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One run of a scope at a time: a session lock on a connection of its own, which a crashed
   * process loses with its connection. Answers null when another run of the scope holds it.
   */
  async lock(tenantId: string | null): Promise<QueryRunner | null> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query(`SELECT pg_try_advisory_lock(${RUN_LOCK}) AS locked`, [tenantId])) as Array<{ locked: boolean }>;
      if (locked) return runner;
    } catch (error) {
      await runner.release();
      throw error;
    }
    await runner.release();
    return null;
  }

  async unlock(runner: QueryRunner, tenantId: string | null): Promise<void> {
    try {
      await runner.query(`SELECT pg_advisory_unlock(${RUN_LOCK})`, [tenantId]);
    } finally {
      await runner.release();
    }
  }

  async start(tenantId: string | null, startedAt: Date, performedBy: { id: string | null; name: string }, first: RetentionLogEntry): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const [{ id }] = await manager.query<Array<{ id: string }>>(`INSERT INTO retention_runs (tenant_id, started_at, performed_by, performed_by_name) VALUES ($1, $2, $3, $4) RETURNING id`, [
        tenantId,
        startedAt,
        performedBy.id,
        performedBy.name,
      ]);
      await this.append(manager, id, first);
      return id;
    });
  }

  async addTarget(runId: string, target: RetentionRunTarget): Promise<void> {
    await this.dataSource.query(`UPDATE retention_runs SET targets = targets || $2::jsonb WHERE id = $1`, [runId, JSON.stringify([target])]);
  }

  /** An entry of the run's log; a batch's in the transaction that destroyed it. */
  async append(manager: EntityManager | DataSource, runId: string, entry: RetentionLogEntry): Promise<void> {
    await manager.query(`INSERT INTO retention_run_log (run_id, at, type, details) VALUES ($1, $2, $3, $4::jsonb)`, [runId, entry.at, entry.type, JSON.stringify(entry.details)]);
  }

  /** The run is over: its act (when it wrote one, in the same transaction) holds what its rows held. */
  async finish(manager: EntityManager | DataSource, runId: string): Promise<void> {
    await manager.query(`DELETE FROM retention_runs WHERE id = $1`, [runId]);
  }

  /** Runs of the scope left behind by a run that died; called under the scope's lock, so none of them is still going. */
  async unfinished(tenantId: string | null): Promise<UnfinishedRetentionRun[]> {
    const runs = await this.dataSource.query<Array<{ id: string; startedAt: Date; performedById: string | null; performedByName: string; targets: RetentionRunTarget[] }>>(
      `SELECT id, started_at AS "startedAt", performed_by AS "performedById", performed_by_name AS "performedByName", targets FROM retention_runs WHERE ${whose(tenantId)} ORDER BY started_at`,
      [tenantId],
    );
    const found: UnfinishedRetentionRun[] = [];
    for (const run of runs) {
      const log = await this.dataSource.query<RetentionLogEntry[]>(
        `SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, type, details FROM retention_run_log WHERE run_id = $1 ORDER BY seq`,
        [run.id],
      );
      found.push({ id: run.id, startedAt: run.startedAt, performedBy: { id: run.performedById, name: run.performedByName }, targets: run.targets, log });
    }
    return found;
  }
}
