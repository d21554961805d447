import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type KeysetPosition } from '../domain/keyset-cursor';
import { exactTime } from './exact-time';

export interface WebhookDeliveryRow {
  id: string;
  connectionId: string;
  messageId: string | null;
  event: string;
  payload: Record<string, unknown>;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
}

const COLUMNS = `id, connection_id AS "connectionId", message_id AS "messageId", event, payload, status, attempts, response_status AS "responseStatus",
  last_error AS "lastError", created_at AS "createdAt", last_attempt_at AS "lastAttemptAt", delivered_at AS "deliveredAt"`;

/** The API channel's delivery log (what we posted to the integrator, and what they answered). */
@Injectable()
export class WebhookDeliveriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One row per message: retries of the same message add attempts to it. */
  async open(tenantId: string, connectionId: string, messageId: string, event: string, payload: Record<string, unknown>): Promise<string> {
    const existing = await this.dataSource.query<Array<{ id: string }>>(`SELECT id FROM webhook_deliveries WHERE connection_id = $1 AND message_id = $2 AND event = $3`, [connectionId, messageId, event]);
    if (existing[0]) return existing[0].id;
    const [row] = await this.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO webhook_deliveries (tenant_id, connection_id, message_id, event, payload) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [tenantId, connectionId, messageId, event, JSON.stringify(payload)],
    );
    return row.id;
  }

  async recordAttempt(id: string, outcome: { delivered: boolean; final: boolean; responseStatus: number | null; error: string | null }): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = now(), response_status = $2, last_error = $3,
              status = CASE WHEN $4 THEN 'delivered' WHEN $5 THEN 'failed' ELSE 'pending' END,
              delivered_at = CASE WHEN $4 THEN now() ELSE delivered_at END
        WHERE id = $1`,
      [id, outcome.responseStatus, outcome.error, outcome.delivered, outcome.final],
    );
  }

  list(tenantId: string, connectionId: string, after: KeysetPosition | undefined, limit: number): Promise<Array<WebhookDeliveryRow & { cursorKey: string }>> {
    const params: unknown[] = [tenantId, connectionId, limit];
    let cursor = '';
    if (after) {
      params.push(after.key, after.id);
      cursor = 'AND (created_at, id) < ($4::timestamptz, $5)';
    }
    return this.dataSource.query(
      `SELECT ${COLUMNS}, ${exactTime('created_at')} AS "cursorKey" FROM webhook_deliveries WHERE tenant_id = $1 AND connection_id = $2 ${cursor} ORDER BY created_at DESC, id DESC LIMIT $3`,
      params,
    );
  }

  async find(tenantId: string, connectionId: string, id: string): Promise<WebhookDeliveryRow | null> {
    const rows = await this.dataSource.query<WebhookDeliveryRow[]>(`SELECT ${COLUMNS} FROM webhook_deliveries WHERE tenant_id = $1 AND connection_id = $2 AND id = $3`, [tenantId, connectionId, id]);
    return rows[0] ?? null;
  }
}
