import { Logger } from '@nestjs/common';
import { type DataSource, type EntityManager, type EntitySubscriberInterface, type QueryRunner, type TransactionCommitEvent } from 'typeorm';
import { defineQueue, type QueuePort } from '../queue/queue.port';

/**
 * Domain events between modules (ARCHITECTURE.md rule 1), delivered through a transactional
 * outbox (rule 3): the event row commits with the change that caused it, a job dispatches it
 * after the commit, and a sweeper re-dispatches anything a lost job left behind. Every
 * subscriber runs at least once; each one's success is recorded, so a retry only re-runs the
 * subscribers that failed. Subscribers must be idempotent.
 */
export interface DomainEventDefinition<TPayload> {
  readonly name: string;
  readonly __payload?: TPayload;
}

export function defineEvent<TPayload>(name: string): DomainEventDefinition<TPayload> {
  if (!/^[a-z][a-z0-9-]*\.[A-Z][A-Za-z]+$/.test(name)) throw new Error(`Event name "${name}" must look like "module.SomethingHappened"`);
  return { name };
}

export type EventHandler<TPayload> = (payload: TPayload, meta: { eventId: string; occurredAt: Date }) => Promise<void>;

const DISPATCH = defineQueue<{ eventId: string }>('platform.outbox-dispatch');
const SWEEP = defineQueue<Record<string, never>>('platform.outbox-sweep');
const SWEEP_EVERY_MS = 30_000;
/** A row this old and not dispatched has lost its job. */
const STALE_AFTER_SECONDS = 30;
/** After this many failed dispatches an event waits for an operator (its last_error says why). */
const MAX_SWEPT_ATTEMPTS = 50;
const PENDING_KEY = 'perepiska.outbox';

interface OutboxRow {
  id: string;
  name: string;
  payload: unknown;
  handled_by: string[];
  created_at: Date;
}

export class DomainEvents implements EntitySubscriberInterface {
  private readonly logger = new Logger('DomainEvents');
  private readonly subscribers = new Map<string, Map<string, EventHandler<unknown>>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: QueuePort,
  ) {
    dataSource.subscribers.push(this);
  }

  /** Registers a named subscriber; the name records its success, so keep it stable. */
  subscribe<T>(event: DomainEventDefinition<T>, subscriber: string, handler: EventHandler<T>): void {
    const handlers = this.subscribers.get(event.name) ?? new Map<string, EventHandler<unknown>>();
    if (handlers.has(subscriber)) throw new Error(`${subscriber} subscribes to ${event.name} twice`);
    handlers.set(subscriber, handler as EventHandler<unknown>);
    this.subscribers.set(event.name, handlers);
  }

  /**
   * Records the event in the caller's transaction; it is dispatched once that transaction
   * commits (and not at all if it rolls back).
   */
  async publish<T>(manager: EntityManager, event: DomainEventDefinition<T>, payload: T): Promise<string> {
    const [row] = await manager.query<Array<{ id: string }>>('INSERT INTO outbox_events (name, payload) VALUES ($1, $2) RETURNING id', [event.name, JSON.stringify(payload)]);
    const id = String(row.id);
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) {
      const pending = (runner.data as Record<string, string[] | undefined>)[PENDING_KEY] ?? [];
      pending.push(id);
      (runner.data as Record<string, string[]>)[PENDING_KEY] = pending;
    } else {
      await this.enqueue(id);
    }
    return id;
  }

  /** Called by TypeORM when any transaction commits. */
  afterTransactionCommit(event: TransactionCommitEvent): void {
    const ids = this.takePending(event.queryRunner);
    for (const id of ids) {
      // A failed enqueue is not lost: the sweeper finds the row.
      this.enqueue(id).catch((error: Error) => this.logger.warn(`Event ${id} waits for the sweeper: ${error.message}`));
    }
  }

  afterTransactionRollback(event: { queryRunner: QueryRunner }): void {
    this.takePending(event.queryRunner);
  }

  /** Registers the dispatcher and the sweeper; called once at start-up. */
  async start(): Promise<void> {
    this.queue.process(DISPATCH, ({ eventId }) => this.dispatch(eventId), { concurrency: 4 });
    this.queue.process(SWEEP, async () => {
      await this.sweep();
    });
    await this.queue.schedule(SWEEP, {}, { everyMs: SWEEP_EVERY_MS });
  }

  /** Runs the subscribers that have not yet succeeded; a failure throws so the job is retried. */
  async dispatch(eventId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<OutboxRow[]>(
        'SELECT id, name, payload, handled_by, created_at FROM outbox_events WHERE id = $1 AND dispatched_at IS NULL FOR UPDATE SKIP LOCKED',
        [eventId],
      );
      if (!row) return; // done already, or another worker holds it
      const handled = new Set(row.handled_by);
      const failures: string[] = [];
      for (const [subscriber, handler] of this.subscribers.get(row.name) ?? []) {
        if (handled.has(subscriber)) continue;
        try {
          await handler(row.payload, { eventId: row.id, occurredAt: row.created_at });
          handled.add(subscriber);
        } catch (error) {
          failures.push(`${subscriber}: ${(error as Error).message}`);
        }
      }
      await manager.query(
        `UPDATE outbox_events SET handled_by = $2, attempts = attempts + 1, last_error = $3, dispatched_at = CASE WHEN $3::text IS NULL THEN now() END WHERE id = $1`,
        [row.id, [...handled], failures.length ? failures.join('; ').slice(0, 2000) : null],
      );
      if (failures.length) this.logger.warn(`Event ${row.name} ${row.id} is retried: ${failures.join('; ')}`);
    });
    const [left] = await this.dataSource.query<Array<{ last_error: string | null }>>('SELECT last_error FROM outbox_events WHERE id = $1', [eventId]);
    if (left?.last_error) throw new Error(`Event ${eventId} has failing subscribers`);
  }

  /** Re-dispatches events whose jobs were lost (Redis flushed, a crash between commit and enqueue). */
  async sweep(): Promise<number> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM outbox_events WHERE dispatched_at IS NULL AND attempts < $2 AND created_at < now() - make_interval(secs => $1) ORDER BY id LIMIT 500`,
      [STALE_AFTER_SECONDS, MAX_SWEPT_ATTEMPTS],
    );
    for (const row of rows) await this.enqueue(String(row.id), `sweep-${Date.now()}`);
    return rows.length;
  }

  private enqueue(id: string, attempt = 'first'): Promise<void> {
    return this.queue.enqueue(DISPATCH, { eventId: id }, { jobId: `${id}:${attempt}`, attempts: 8, backoffMs: 2000 });
  }

  private takePending(runner: QueryRunner): string[] {
    const data = runner.data as Record<string, string[] | undefined>;
    const ids = data[PENDING_KEY] ?? [];
    delete data[PENDING_KEY];
    return ids;
  }
}
