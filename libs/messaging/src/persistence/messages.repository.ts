import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type MessageStatus, type ReportedStatus, statusesBefore } from '../domain/message-status';
import { type KeysetPosition } from '../domain/keyset-cursor';
import { type MessageKind } from '../connectors/channel-connector';
import { exactTime } from './exact-time';

export interface AttachmentView {
  id: string;
  kind: string;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
}

export interface MessageView {
  id: string;
  conversationId: string;
  direction: 'in' | 'out';
  kind: MessageKind;
  text: string | null;
  status: MessageStatus;
  failureReason: string | null;
  senderMembershipId: string | null;
  senderName: string | null;
  createdAt: Date;
  messengerSentAt: Date | null;
  sentAt: Date | null;
  deliveredAt: Date | null;
  readAt: Date | null;
  attachments: AttachmentView[];
}

export interface DeliveryClaim {
  id: string;
  tenantId: string;
  conversationId: string;
  connectionId: string;
  text: string | null;
  /** What the messenger gets instead of `text`, sealed (a one-time code): null for most messages. */
  sealedText: string | null;
  externalChatId: string;
  attempts: number;
}

const VIEW = `m.id, m.conversation_id AS "conversationId", m.direction, m.kind, m.text, m.status, m.failure_reason AS "failureReason",
  m.sender_membership_id AS "senderMembershipId", u.full_name AS "senderName", m.created_at AS "createdAt", m.messenger_sent_at AS "messengerSentAt",
  m.sent_at AS "sentAt", m.delivered_at AS "deliveredAt", m.read_at AS "readAt",
  coalesce((SELECT json_agg(json_build_object('id', a.id, 'kind', a.kind, 'fileName', a.file_name, 'mimeType', a.mime_type, 'sizeBytes', a.size_bytes) ORDER BY a.created_at, a.id)
              FROM attachments a WHERE a.message_id = m.id), '[]') AS attachments`;
const JOINS = `LEFT JOIN memberships sm ON sm.id = m.sender_membership_id LEFT JOIN users u ON u.id = sm.user_id`;

@Injectable()
export class MessagesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Newest first, keyset-paged backwards in time (the conversation view scrolls up). */
  history(conversationId: string, before: KeysetPosition | undefined, limit: number): Promise<Array<MessageView & { cursorKey: string }>> {
    const params: unknown[] = [conversationId, limit];
    let cursor = '';
    if (before) {
      params.push(before.key, before.id);
      cursor = 'AND (m.created_at, m.id) < ($3::timestamptz, $4)';
    }
    return this.dataSource.query(
      `SELECT ${VIEW}, ${exactTime('m.created_at')} AS "cursorKey" FROM (SELECT * FROM messages m WHERE m.conversation_id = $1 ${cursor} ORDER BY m.created_at DESC, m.id DESC LIMIT $2) m ${JOINS}
        ORDER BY m.created_at DESC, m.id DESC`,
      params,
    );
  }

  views(ids: string[], manager: EntityManager = this.dataSource.manager): Promise<MessageView[]> {
    return manager.query<MessageView[]>(`SELECT ${VIEW} FROM messages m ${JOINS} WHERE m.id = ANY($1::uuid[]) ORDER BY m.created_at, m.id`, [ids]);
  }

  async findByClientId(conversationId: string, clientMessageId: string): Promise<string | null> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(`SELECT id FROM messages WHERE conversation_id = $1 AND client_message_id = $2`, [conversationId, clientMessageId]);
    return rows[0]?.id ?? null;
  }

  async insertOutbound(
    manager: EntityManager,
    row: {
      tenantId: string;
      conversationId: string;
      connectionId: string;
      kind: MessageKind;
      text: string | null;
      sealedText?: string | null;
      senderMembershipId: string | null;
      senderTokenId: string | null;
      clientMessageId: string | null;
    },
  ): Promise<{ id: string; createdAt: Date }> {
    const [inserted] = await manager.query<Array<{ id: string; createdAt: Date }>>(
      `INSERT INTO messages (tenant_id, conversation_id, connection_id, direction, kind, text, sealed_text, status, sender_membership_id, sender_token_id, client_message_id)
       VALUES ($1, $2, $3, 'out', $4, $5, $6, 'queued', $7, $8, $9) RETURNING id, created_at AS "createdAt"`,
      [row.tenantId, row.conversationId, row.connectionId, row.kind, row.text, row.sealedText ?? null, row.senderMembershipId, row.senderTokenId, row.clientMessageId],
    );
    await manager.query(
      `UPDATE conversations SET last_message_at = $2, last_message_preview = left(coalesce($3, ''), 200), last_message_direction = 'out', updated_at = now() WHERE id = $1`,
      [row.conversationId, inserted.createdAt, row.text ?? `[${row.kind}]`],
    );
    return inserted;
  }

  /**
   * Locks a queued message for its one delivery attempt; another worker skips it. NO KEY: the
   * webhook log references the message from another connection meanwhile, and a foreign-key
   * check must not wait for this lock.
   */
  async claimForDelivery(manager: EntityManager, id: string): Promise<DeliveryClaim | null> {
    const rows = await manager.query<DeliveryClaim[]>(
      `SELECT m.id, m.tenant_id AS "tenantId", m.conversation_id AS "conversationId", m.connection_id AS "connectionId", m.text, m.sealed_text AS "sealedText", c.external_chat_id AS "externalChatId", 0 AS attempts
         FROM messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE m.id = $1 AND m.status = 'queued' FOR NO KEY UPDATE OF m SKIP LOCKED`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** The sealed text has reached the messenger: it is not kept a moment longer. */
  async markSent(manager: EntityManager, id: string, externalId: string): Promise<void> {
    await manager.query(`UPDATE messages SET status = 'sent', external_id = $2, sent_at = now(), sealed_text = NULL WHERE id = $1 AND status = 'queued'`, [id, externalId]);
  }

  async markFailed(manager: EntityManager, id: string, reason: string): Promise<void> {
    await manager.query(`UPDATE messages SET status = 'failed', failure_reason = $2, sealed_text = NULL WHERE id = $1 AND status = 'queued'`, [id, reason]);
  }

  /**
   * Applies a messenger's report to one of our messages; a report that would move the status
   * backwards changes nothing. `null` when the message is not known (yet).
   */
  async applyStatus(
    manager: EntityManager,
    connectionId: string,
    externalId: string,
    status: ReportedStatus,
    at: Date,
    reason: string | null,
  ): Promise<{ id: string; conversationId: string; changed: boolean } | null> {
    // An UPDATE answers [rows, count] through TypeORM's query().
    const [[updated]] = await manager.query<[Array<{ id: string; conversationId: string }>, number]>(
      `UPDATE messages SET status = $3,
              sent_at = CASE WHEN $3 IN ('sent', 'delivered', 'read') THEN coalesce(sent_at, $4) ELSE sent_at END,
              delivered_at = CASE WHEN $3 IN ('delivered', 'read') THEN coalesce(delivered_at, $4) ELSE delivered_at END,
              read_at = CASE WHEN $3 = 'read' THEN coalesce(read_at, $4) ELSE read_at END,
              failure_reason = CASE WHEN $3 = 'failed' THEN $5 ELSE failure_reason END
        WHERE connection_id = $1 AND direction = 'out' AND external_id = $2 AND status = ANY($6::text[])
        RETURNING id, conversation_id AS "conversationId"`,
      [connectionId, externalId, status, at, reason, statusesBefore(status)],
    );
    if (updated) return { ...updated, changed: true };
    const [known] = await manager.query<Array<{ id: string; conversationId: string }>>(
      `SELECT id, conversation_id AS "conversationId" FROM messages WHERE connection_id = $1 AND direction = 'out' AND external_id = $2`,
      [connectionId, externalId],
    );
    return known ? { ...known, changed: false } : null;
  }

  /** Queued messages whose delivery job was lost (Redis flushed, a worker killed). */
  async staleQueued(olderThanSeconds: number): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM messages WHERE status = 'queued' AND created_at < now() - make_interval(secs => $1) ORDER BY created_at LIMIT 1000`,
      [olderThanSeconds],
    );
    return rows.map((r) => r.id);
  }

  async lastIncomingExternalId(conversationId: string): Promise<string | null> {
    const rows = await this.dataSource.query<Array<{ external_id: string }>>(
      `SELECT external_id FROM messages WHERE conversation_id = $1 AND direction = 'in' AND external_id IS NOT NULL ORDER BY created_at DESC, id DESC LIMIT 1`,
      [conversationId],
    );
    return rows[0]?.external_id ?? null;
  }

  /**
   * Our messages in a chat the client has read up to a messenger id, for messengers whose ids
   * grow within a chat (Telegram): those not yet read.
   */
  async unreadOutboundUpTo(connectionId: string, externalChatId: string, upToExternalId: string): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ external_id: string }>>(
      `SELECT m.external_id FROM messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE c.connection_id = $1 AND c.external_chat_id = $2 AND m.direction = 'out' AND m.status IN ('sent', 'delivered')
          AND m.external_id ~ '^[0-9]{1,18}$' AND m.external_id::bigint <= $3::bigint`,
      [connectionId, externalChatId, upToExternalId],
    );
    return rows.map((r) => r.external_id);
  }

  async hasOutbound(manager: EntityManager, conversationId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(`SELECT 1 FROM messages WHERE conversation_id = $1 AND direction = 'out' LIMIT 1`, [conversationId]);
    return rows.length > 0;
  }
}
