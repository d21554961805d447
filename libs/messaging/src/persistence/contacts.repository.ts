import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type ClientRecord } from '../domain/contact-export';
import { type ConversationScope } from '../domain/conversation-scope';
import { type KeysetPosition } from '../domain/keyset-cursor';
import { contactSearchClause, notBlockedClause } from './contact-search';
import { exactTime } from './exact-time';
import { scopeClause } from './scope-clause';

export interface ContactRow {
  id: string;
  tenantId: string;
  displayName: string;
  phone: string | null;
  email: string | null;
  blockedReason: string | null;
  createdAt: Date;
  identities: Array<{ channel: string; externalId: string; username: string | null }>;
  suppression: { reason: string; keyword: string | null; createdAt: Date } | null;
}

/** A client of the base, with the conversation to open and the exact key its page continues after. */
export interface ClientRow extends ClientRecord {
  latestConversationId: string;
  /** The row's sort time to the microsecond (ISO, UTC): a Date would round it to the millisecond. */
  key: string;
}

export interface ClientFilter {
  search?: string;
  /** Keyset: clients after this (time as `key`, id) in the order asked for. */
  after?: KeysetPosition;
  limit: number;
}

/** A client's columns over the contact `ct`; the conversation count is within the caller's scope. */
function clientColumns(tenantId: string, scope: ConversationScope, params: unknown[]): string {
  return `ct.id, ct.display_name AS "displayName", ct.phone, ct.created_at AS "firstSeenAt",
    coalesce((SELECT json_agg(json_build_object('type', split_part(i.channel, ':', 1), 'username', i.username) ORDER BY i.created_at)
                FROM contact_identities i WHERE i.contact_id = ct.id AND i.tenant_id = ct.tenant_id), '[]') AS channels,
    (SELECT count(*)::int FROM conversations k WHERE k.contact_id = ct.id AND ${scopeClause('k', tenantId, scope, params)}) AS conversations`;
}

@Injectable()
export class ContactsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(tenantId: string, id: string): Promise<ContactRow | null> {
    const rows = await this.dataSource.query<ContactRow[]>(
      `SELECT c.id, c.tenant_id AS "tenantId", c.display_name AS "displayName", c.phone, c.email, c.blocked_reason AS "blockedReason", c.created_at AS "createdAt",
              coalesce((SELECT json_agg(json_build_object('channel', i.channel, 'externalId', i.external_id, 'username', i.username) ORDER BY i.created_at)
                          FROM contact_identities i WHERE i.contact_id = c.id), '[]') AS identities,
              (SELECT json_build_object('reason', s.reason, 'keyword', s.keyword, 'createdAt', s.created_at) FROM suppressions s WHERE s.contact_id = c.id AND s.lifted_at IS NULL) AS suppression
         FROM contacts c WHERE c.id = $1 AND c.tenant_id = $2`,
      [id, tenantId],
    );
    return rows[0] ?? null;
  }

  async suppress(tenantId: string, contactId: string, by: string | null): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `INSERT INTO suppressions (tenant_id, contact_id, reason, created_by) VALUES ($1, $2, 'manual', $3) ON CONFLICT (contact_id) WHERE lifted_at IS NULL DO NOTHING RETURNING id`,
      [tenantId, contactId, by],
    );
    return rows.length > 0;
  }

  async lift(tenantId: string, contactId: string, by: string | null): Promise<boolean> {
    const [, count] = await this.dataSource.query<[unknown, number]>(
      `UPDATE suppressions SET lifted_at = now(), lifted_by = $3 WHERE tenant_id = $1 AND contact_id = $2 AND lifted_at IS NULL`,
      [tenantId, contactId, by],
    );
    return count > 0;
  }

  /** Whether the scope sees one of the contact's conversations: a contact is read through its conversations. */
  async visible(tenantId: string, scope: ConversationScope, contactId: string): Promise<boolean> {
    const params: unknown[] = [contactId];
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM conversations c WHERE c.contact_id = $1 AND ${scopeClause('c', tenantId, scope, params)} LIMIT 1`, params);
    return rows.length > 0;
  }

  /**
   * The client base as the caller sees it, the latest activity first: each client once, at the
   * most recent of their conversations the caller's scope sees (a client is read through their
   * conversations). Walks the conversations in the inbox's index order, so a page costs what it
   * shows. Blocked clients are left out.
   */
  async clients(tenantId: string, scope: ConversationScope, filter: ClientFilter): Promise<ClientRow[]> {
    const params: unknown[] = [];
    const where = [scopeClause('c', tenantId, scope, params), notBlockedClause('c.contact_id', tenantId, params)];
    if (filter.search) where.push(contactSearchClause('c.contact_id', tenantId, filter.search, params));
    if (filter.after) {
      params.push(filter.after.key, filter.after.id);
      where.push(`(c.last_message_at, c.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    where.push(
      `NOT EXISTS (SELECT 1 FROM conversations n WHERE n.contact_id = c.contact_id AND (n.last_message_at, n.id) > (c.last_message_at, c.id) AND ${scopeClause('n', tenantId, scope, params)})`,
    );
    params.push(filter.limit);
    const latest = `SELECT c.id, c.contact_id, c.last_message_at FROM conversations c WHERE ${where.join(' AND ')} ORDER BY c.last_message_at DESC, c.id DESC LIMIT $${params.length}`;
    const columns = clientColumns(tenantId, scope, params);
    params.push(tenantId);
    return this.dataSource.query<ClientRow[]>(
      `SELECT ${columns}, l.last_message_at AS "lastMessageAt", l.id AS "latestConversationId", ${exactTime('l.last_message_at')} AS key
         FROM (${latest}) l JOIN contacts ct ON ct.id = l.contact_id AND ct.tenant_id = $${params.length}
        ORDER BY l.last_message_at DESC, l.id DESC`,
      params,
    );
  }

  /**
   * A batch of the whole base for the export, in the order clients were first seen: a client
   * who writes while the file is being made keeps their place, so no one is skipped or repeated.
   * The same clients and columns as the list (a client without a conversation the caller sees is
   * not among them); blocked clients are left out.
   */
  async clientsByFirstSeen(tenantId: string, scope: ConversationScope, after: KeysetPosition | undefined, limit: number): Promise<ClientRow[]> {
    const params: unknown[] = [];
    const columns = clientColumns(tenantId, scope, params);
    const visible = scopeClause('c', tenantId, scope, params);
    params.push(tenantId);
    const where = [`ct.tenant_id = $${params.length}`, notBlockedClause('ct.id', tenantId, params)];
    if (after) {
      params.push(after.key, after.id);
      where.push(`(ct.created_at, ct.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit);
    return this.dataSource.query<ClientRow[]>(
      `SELECT ${columns}, v.last_message_at AS "lastMessageAt", v.latest AS "latestConversationId", ${exactTime('ct.created_at')} AS key
         FROM contacts ct
         CROSS JOIN LATERAL (SELECT c.id AS latest, c.last_message_at FROM conversations c WHERE c.contact_id = ct.id AND ${visible} ORDER BY c.last_message_at DESC, c.id DESC LIMIT 1) v
        WHERE ${where.join(' AND ')}
        ORDER BY ct.created_at, ct.id LIMIT $${params.length}`,
      params,
    );
  }
}
