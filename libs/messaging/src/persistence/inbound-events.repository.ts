import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export interface StoredFileRef {
  storageKey: string;
  fileName: string;
  mimeType: string;
  kind: 'image' | 'file' | 'voice' | 'video';
  size: number;
  sha256: string;
}

export interface MessageEventPayload {
  chat: { id: string; kind: 'private' | 'group' | 'channel'; title?: string };
  from: { id: string; displayName: string; username?: string; phone?: string };
  text?: string;
  attachments: StoredFileRef[];
  sentAt?: string;
}

export interface StatusEventPayload {
  externalMessageId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  at?: string;
  reason?: string;
}

export interface NewInboundEvent {
  kind: 'message' | 'status';
  externalId: string;
  payload: MessageEventPayload | StatusEventPayload;
}

export interface PendingEvent {
  id: string;
  kind: 'message' | 'status';
  externalId: string;
  payload: MessageEventPayload | StatusEventPayload;
  attempts: number;
}

export interface StoredEvent {
  id: string;
  duplicate: boolean;
}

/** How many inbound inserts one process keeps in flight before further calls wait to share one (see `store`). */
const STORE_STATEMENTS = 2;
/** At most this many events in one shared insert (a single call may bring more; it then goes alone). */
const STORE_ROWS = 1_000;

interface WaitingStore {
  tenantId: string;
  connectionId: string;
  events: NewInboundEvent[];
  resolve: (results: StoredEvent[]) => void;
  reject: (error: unknown) => void;
}

/** The inbox of events from messengers (ARCHITECTURE.md rule 3): stored before acknowledged. */
@Injectable()
export class InboundEventsRepository {
  private readonly waiting: WaitingStore[] = [];
  private inFlight = 0;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Stores the events; a duplicate (same connection, kind and messenger id) is absorbed and
   * reported with the id of the copy already stored. Answers once they are committed.
   *
   * Group commit: while STORE_STATEMENTS inserts are in flight, the calls that arrive meanwhile
   * wait and then go together in one statement (one transaction, one WAL flush), up to
   * STORE_ROWS events. One call alone goes at once, so a quiet channel waits for nothing; a busy
   * one costs Postgres a few commits where it cost one per request. If a shared statement fails,
   * each call in it is written again alone, so an error (a connection deleted meanwhile) reaches
   * only the call it belongs to.
   */
  store(tenantId: string, connectionId: string, events: NewInboundEvent[]): Promise<StoredEvent[]> {
    if (!events.length) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.waiting.push({ tenantId, connectionId, events, resolve, reject });
      this.writeWaiting();
    });
  }

  private writeWaiting(): void {
    while (this.inFlight < STORE_STATEMENTS && this.waiting.length) {
      let rows = 0;
      let take = 0;
      while (take < this.waiting.length && (take === 0 || rows + this.waiting[take].events.length <= STORE_ROWS)) rows += this.waiting[take++].events.length;
      const batch = this.waiting.splice(0, take);
      this.inFlight += 1;
      void this.writeBatch(batch).finally(() => {
        this.inFlight -= 1;
        this.writeWaiting();
      });
    }
  }

  private async writeBatch(batch: WaitingStore[]): Promise<void> {
    try {
      const results = await this.insert(batch);
      batch.forEach((call, index) => call.resolve(results[index]));
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      // One after another, in this statement's slot: still at most STORE_STATEMENTS in flight.
      for (const call of batch) await this.insert([call]).then(([results]) => call.resolve(results), call.reject);
    }
  }

  /** One statement for the events of all `calls`; answers each call's results in its order. */
  private async insert(calls: WaitingStore[]): Promise<StoredEvent[][]> {
    const rows = calls.flatMap((call) => call.events.map((event) => ({ call, event })));
    // One JSON document for all rows: cheaper on both sides than an array literal of JSON texts.
    const inserted = await this.dataSource.query<Array<{ id: string; connection_id: string; kind: string; external_id: string }>>(
      `INSERT INTO inbound_events (tenant_id, connection_id, kind, external_id, payload)
       SELECT u.tenant_id, u.connection_id, u.kind, u.external_id, u.payload
         FROM jsonb_to_recordset($1::jsonb) AS u(tenant_id uuid, connection_id uuid, kind text, external_id text, payload jsonb)
       ON CONFLICT (connection_id, kind, external_id) DO NOTHING
       RETURNING id::text, connection_id::text, kind, external_id`,
      [JSON.stringify(rows.map(({ call, event }) => ({ tenant_id: call.tenantId, connection_id: call.connectionId, kind: event.kind, external_id: event.externalId, payload: event.payload })))],
    );
    const key = (connectionId: string, kind: string, externalId: string) => `${connectionId}\u0000${kind}\u0000${externalId}`;
    const fresh = new Map(inserted.map((row) => [key(row.connection_id, row.kind, row.external_id), row.id]));
    const missing = rows.filter((r) => !fresh.has(key(r.call.connectionId, r.event.kind, r.event.externalId)));
    const existing = new Map<string, string>();
    if (missing.length) {
      const found = await this.dataSource.query<Array<{ id: string; connection_id: string; kind: string; external_id: string }>>(
        `SELECT id::text, connection_id::text, kind, external_id FROM inbound_events
          WHERE (connection_id, kind, external_id) IN (SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]))`,
        [missing.map((r) => r.call.connectionId), missing.map((r) => r.event.kind), missing.map((r) => r.event.externalId)],
      );
      for (const row of found) existing.set(key(row.connection_id, row.kind, row.external_id), row.id);
    }
    // The same event may come twice in one statement (in one call or in two): the first copy is the new one.
    const seen = new Set<string>();
    return calls.map((call) =>
      call.events.map((e) => {
        const k = key(call.connectionId, e.kind, e.externalId);
        const id = fresh.get(k);
        if (id && !seen.has(k)) {
          seen.add(k);
          return { id, duplicate: false };
        }
        return { id: id ?? existing.get(k) ?? '', duplicate: true };
      }),
    );
  }

  /**
   * The oldest unprocessed events of a connection; the caller holds the connection's lock (and
   * a transaction, which the planner setting below is local to).
   *
   * Read with a plain index scan of `inbound_events_pending`, never a bitmap scan. A processed
   * event leaves the partial index only when vacuum runs, so between two vacuums a busy channel's
   * range of that index is mostly entries of processed events. A bitmap scan fetches every one
   * of their heap rows on every claim (9.7 ms for 47 000 of them, measured), and the planner picks
   * it because it expects a few rows. An index scan marks the entries it finds dead, so the
   * next claim skips them without going to the heap (0.2 ms).
   */
  async claim(manager: EntityManager, connectionId: string, limit: number): Promise<PendingEvent[]> {
    const [{ previous }] = await manager.query<Array<{ previous: string }>>(
      `SELECT current_setting('enable_bitmapscan') AS previous, set_config('enable_bitmapscan', 'off', true)`,
    );
    const events = await manager.query<PendingEvent[]>(
      // Ordered by the bigint column, not the text it is returned as: arrival order, from the index.
      `SELECT e.id::text AS id, e.kind, e.external_id AS "externalId", e.payload, e.attempts FROM inbound_events e
        WHERE e.connection_id = $1 AND e.processed_at IS NULL ORDER BY e.id LIMIT $2`,
      [connectionId, limit],
    );
    await manager.query(`SELECT set_config('enable_bitmapscan', $1, true)`, [previous]);
    return events;
  }

  /** Processed events keep only their key (for duplicate detection): the content is in messages now. */
  async markProcessed(manager: EntityManager, ids: string[]): Promise<void> {
    if (ids.length) await manager.query(`UPDATE inbound_events SET processed_at = now(), payload = NULL, last_error = NULL WHERE id = ANY($1::bigint[])`, [ids]);
  }

  async markAttempt(manager: EntityManager, ids: string[], error: string): Promise<void> {
    if (ids.length) await manager.query(`UPDATE inbound_events SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])`, [ids, error]);
  }

  /** Connections with events stored but not processed for a while: their jobs were lost. */
  async stale(olderThanSeconds: number): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ connection_id: string }>>(
      `SELECT DISTINCT connection_id FROM inbound_events WHERE processed_at IS NULL AND received_at < now() - make_interval(secs => $1)`,
      [olderThanSeconds],
    );
    return rows.map((r) => r.connection_id);
  }
}
