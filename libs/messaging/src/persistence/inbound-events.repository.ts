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

/** The inbox of events from messengers (ARCHITECTURE.md rule 3): stored before acknowledged. */
@Injectable()
export class InboundEventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Stores the events in one statement; a duplicate (same connection, kind and messenger id)
   * is absorbed and reported with the id of the copy already stored.
   */
  async store(tenantId: string, connectionId: string, events: NewInboundEvent[]): Promise<Array<{ id: string; duplicate: boolean }>> {
    const inserted = await this.dataSource.query<Array<{ id: string; kind: string; external_id: string }>>(
      `INSERT INTO inbound_events (tenant_id, connection_id, kind, external_id, payload)
       SELECT $1, $2, u.kind, u.external_id, u.payload FROM unnest($3::text[], $4::text[], $5::jsonb[]) AS u(kind, external_id, payload)
       ON CONFLICT (connection_id, kind, external_id) DO NOTHING
       RETURNING id::text, kind, external_id`,
      [tenantId, connectionId, events.map((e) => e.kind), events.map((e) => e.externalId), events.map((e) => JSON.stringify(e.payload))],
    );
    const key = (kind: string, externalId: string) => `${kind}\u0000${externalId}`;
    const fresh = new Map(inserted.map((row) => [key(row.kind, row.external_id), row.id]));
    const missing = events.filter((e) => !fresh.has(key(e.kind, e.externalId)));
    const existing = new Map<string, string>();
    if (missing.length) {
      const rows = await this.dataSource.query<Array<{ id: string; kind: string; external_id: string }>>(
        `SELECT id::text, kind, external_id FROM inbound_events WHERE connection_id = $1 AND (kind, external_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
        [connectionId, missing.map((e) => e.kind), missing.map((e) => e.externalId)],
      );
      for (const row of rows) existing.set(key(row.kind, row.external_id), row.id);
    }
    // A batch may carry the same event twice: the first copy is the new one.
    const seen = new Set<string>();
    return events.map((e) => {
      const k = key(e.kind, e.externalId);
      const id = fresh.get(k);
      if (id && !seen.has(k)) {
        seen.add(k);
        return { id, duplicate: false };
      }
      return { id: id ?? existing.get(k) ?? '', duplicate: true };
    });
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
