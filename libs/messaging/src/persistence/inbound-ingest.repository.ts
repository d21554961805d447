import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type EntityManager } from 'typeorm';
import { type StoredFileRef } from './inbound-events.repository';

export interface Sender {
  externalId: string;
  displayName: string;
  username: string | null;
  phone: string | null;
}

export interface Chat {
  externalChatId: string;
  kind: 'private' | 'group' | 'channel';
  title: string | null;
  contactId: string;
}

export interface NewInboundMessage {
  conversationId: string;
  externalId: string;
  kind: string;
  text: string | null;
  sentAt: Date | null;
}

export interface InsertedMessage {
  id: string;
  conversationId: string;
  externalId: string;
  text: string | null;
  kind: string;
  createdAt: Date;
}

/**
 * Set-based upserts of one batch of inbound events (ARCHITECTURE.md "Inbound"): a few
 * statements per batch instead of several per message. The caller holds the advisory lock of
 * the tenant's channel, so no other batch creates the same contact or conversation meanwhile.
 */
@Injectable()
export class InboundIngestRepository {
  /** The contact of each sender, created with its identity where the sender is new. */
  async contacts(manager: EntityManager, tenantId: string, channel: string, senders: Sender[]): Promise<Map<string, string>> {
    const ids = senders.map((s) => s.externalId);
    const rows = await manager.query<Array<{ external_id: string; contact_id: string }>>(
      `SELECT external_id, contact_id FROM contact_identities WHERE tenant_id = $1 AND channel = $2 AND external_id = ANY($3::text[])`,
      [tenantId, channel, ids],
    );
    const found = new Map(rows.map((r) => [r.external_id, r.contact_id]));
    const fresh = senders.filter((s) => !found.has(s.externalId)).map((s) => ({ ...s, contactId: randomUUID() }));
    if (fresh.length) {
      await manager.query(
        `INSERT INTO contacts (id, tenant_id, display_name, phone) SELECT u.id, $1, u.name, u.phone FROM unnest($2::uuid[], $3::text[], $4::text[]) AS u(id, name, phone)`,
        [tenantId, fresh.map((s) => s.contactId), fresh.map((s) => s.displayName), fresh.map((s) => s.phone)],
      );
      await manager.query(
        `INSERT INTO contact_identities (tenant_id, contact_id, channel, external_id, username)
         SELECT $1, u.contact_id, $2, u.external_id, u.username FROM unnest($3::uuid[], $4::text[], $5::text[]) AS u(contact_id, external_id, username)`,
        [tenantId, channel, fresh.map((s) => s.contactId), fresh.map((s) => s.externalId), fresh.map((s) => s.username)],
      );
      for (const s of fresh) found.set(s.externalId, s.contactId);
    }
    return found;
  }

  /** The conversation of each chat of this connection, created where the chat is new. */
  async conversations(manager: EntityManager, tenantId: string, connectionId: string, chats: Chat[]): Promise<Map<string, string>> {
    const rows = await manager.query<Array<{ id: string; external_chat_id: string }>>(
      `SELECT id, external_chat_id FROM conversations WHERE connection_id = $1 AND external_chat_id = ANY($2::text[])`,
      [connectionId, chats.map((c) => c.externalChatId)],
    );
    const found = new Map(rows.map((r) => [r.external_chat_id, r.id]));
    const fresh = chats.filter((c) => !found.has(c.externalChatId)).map((c) => ({ ...c, id: randomUUID() }));
    if (fresh.length) {
      await manager.query(
        `INSERT INTO conversations (id, tenant_id, connection_id, contact_id, external_chat_id, chat_kind, title, unread_count)
         SELECT u.id, $1, $2, u.contact_id, u.chat_id, u.kind, u.title, 0 FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[]) AS u(id, contact_id, chat_id, kind, title)`,
        [tenantId, connectionId, fresh.map((c) => c.id), fresh.map((c) => c.contactId), fresh.map((c) => c.externalChatId), fresh.map((c) => c.kind), fresh.map((c) => c.title)],
      );
      for (const c of fresh) found.set(c.externalChatId, c.id);
    }
    return found;
  }

  /** In arrival order, each with its own timestamp, so history sorts the way it came in. */
  insertMessages(manager: EntityManager, tenantId: string, connectionId: string, messages: NewInboundMessage[]): Promise<InsertedMessage[]> {
    return manager.query<InsertedMessage[]>(
      `INSERT INTO messages (tenant_id, conversation_id, connection_id, direction, kind, text, external_id, status, messenger_sent_at, created_at)
       SELECT $1, u.conversation_id, $2, 'in', u.kind, u.text, u.external_id, 'received', u.sent_at, clock_timestamp()
         FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::timestamptz[]) WITH ORDINALITY AS u(conversation_id, kind, text, external_id, sent_at, ord)
        ORDER BY u.ord
       ON CONFLICT (connection_id, direction, external_id) DO NOTHING
       RETURNING id, conversation_id AS "conversationId", external_id AS "externalId", text, kind, created_at AS "createdAt"`,
      [
        tenantId,
        connectionId,
        messages.map((m) => m.conversationId),
        messages.map((m) => m.kind),
        messages.map((m) => m.text),
        messages.map((m) => m.externalId),
        messages.map((m) => m.sentAt),
      ],
    );
  }

  async insertAttachments(manager: EntityManager, tenantId: string, files: Array<StoredFileRef & { messageId: string; conversationId: string }>): Promise<void> {
    if (!files.length) return;
    await manager.query(
      `INSERT INTO attachments (tenant_id, conversation_id, message_id, kind, file_name, mime_type, size_bytes, sha256, storage_key)
       SELECT $1, u.conversation_id, u.message_id, u.kind, u.file_name, u.mime_type, u.size, u.sha256, u.storage_key
         FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::text[])
           AS u(conversation_id, message_id, kind, file_name, mime_type, size, sha256, storage_key)`,
      [
        tenantId,
        files.map((f) => f.conversationId),
        files.map((f) => f.messageId),
        files.map((f) => f.kind),
        files.map((f) => f.fileName),
        files.map((f) => f.mimeType),
        files.map((f) => f.size),
        files.map((f) => f.sha256),
        files.map((f) => f.storageKey),
      ],
    );
  }

  /** New messages raise the unread count and reopen a resolved conversation. */
  async bumpConversations(manager: EntityManager, bumps: Array<{ conversationId: string; count: number; at: Date; preview: string }>): Promise<void> {
    if (!bumps.length) return;
    await manager.query(
      `UPDATE conversations c SET unread_count = c.unread_count + u.n, last_message_at = greatest(c.last_message_at, u.at), last_message_preview = u.preview,
              last_message_direction = 'in', status = CASE WHEN c.status = 'resolved' THEN 'open' ELSE c.status END, updated_at = now()
         FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::text[]) AS u(id, n, at, preview) WHERE c.id = u.id`,
      [bumps.map((b) => b.conversationId), bumps.map((b) => b.count), bumps.map((b) => b.at), bumps.map((b) => b.preview)],
    );
  }

  /** Puts contacts on the suppression list; returns those that were not on it already. */
  async suppress(manager: EntityManager, tenantId: string, entries: Array<{ contactId: string; keyword: string }>): Promise<string[]> {
    if (!entries.length) return [];
    const rows = await manager.query<Array<{ contact_id: string }>>(
      `INSERT INTO suppressions (tenant_id, contact_id, reason, keyword)
       SELECT $1, u.contact_id, 'opt-out-keyword', u.keyword FROM unnest($2::uuid[], $3::text[]) AS u(contact_id, keyword)
       ON CONFLICT (contact_id) WHERE lifted_at IS NULL DO NOTHING RETURNING contact_id`,
      [tenantId, entries.map((e) => e.contactId), entries.map((e) => e.keyword)],
    );
    return rows.map((r) => r.contact_id);
  }
}
