import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type ConversationScope } from '../domain/conversation-scope';
import { type KeysetPosition } from '../domain/keyset-cursor';
import { contactSearchClause, likePattern, notBlockedClause } from './contact-search';
import { scopeClause } from './scope-clause';
import { setClause } from './set-clause';
import { exactTime } from './exact-time';

export type ConversationStatus = 'open' | 'pending' | 'resolved';

export interface ConversationSummary {
  id: string;
  connectionId: string;
  connectionName: string;
  connectionType: string;
  contactId: string;
  contactName: string;
  contactUsername: string | null;
  chatKind: 'private' | 'group' | 'channel';
  title: string | null;
  status: ConversationStatus;
  assigneeMembershipId: string | null;
  assigneeName: string | null;
  teamId: string | null;
  teamName: string | null;
  unreadCount: number;
  lastMessageAt: Date;
  lastMessagePreview: string | null;
  lastMessageDirection: 'in' | 'out' | null;
  suppressed: boolean;
  createdAt: Date;
}

export interface ConversationFilter {
  status?: ConversationStatus;
  /** A membership id, or "me" resolved by the service, or "unassigned". */
  assignee?: string;
  connectionId?: string;
  teamId?: string;
  unread?: boolean;
  search?: string;
  /** Keyset: conversations after this (last message time, id) in the list's order. */
  after?: KeysetPosition;
  limit: number;
}

export interface ConversationAudienceRow {
  id: string;
  tenantId: string;
  connectionId: string;
  teamId: string | null;
  assigneeMembershipId: string | null;
}

const SUMMARY = `c.id, c.connection_id AS "connectionId", cn.display_name AS "connectionName", cn.type AS "connectionType",
  c.contact_id AS "contactId", ct.display_name AS "contactName",
  (SELECT ci.username FROM contact_identities ci WHERE ci.contact_id = c.contact_id AND ci.username IS NOT NULL LIMIT 1) AS "contactUsername",
  c.chat_kind AS "chatKind", c.title, c.status, c.assignee_membership_id AS "assigneeMembershipId", au.full_name AS "assigneeName",
  c.team_id AS "teamId", tm.name AS "teamName", c.unread_count AS "unreadCount", c.last_message_at AS "lastMessageAt",
  c.last_message_preview AS "lastMessagePreview", c.last_message_direction AS "lastMessageDirection",
  EXISTS (SELECT 1 FROM suppressions s WHERE s.contact_id = c.contact_id AND s.lifted_at IS NULL) AS suppressed, c.created_at AS "createdAt"`;
const JOINS = `JOIN connections cn ON cn.id = c.connection_id
  JOIN contacts ct ON ct.id = c.contact_id
  LEFT JOIN memberships am ON am.id = c.assignee_membership_id LEFT JOIN users au ON au.id = am.user_id
  LEFT JOIN teams tm ON tm.id = c.team_id`;

@Injectable()
export class ConversationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(tenantId: string, scope: ConversationScope, filter: ConversationFilter): Promise<Array<ConversationSummary & { cursorKey: string }>> {
    const params: unknown[] = [];
    const where = [scopeClause('c', tenantId, scope, params)];
    const add = (sql: string, ...values: unknown[]) => {
      let text = sql;
      for (const value of values) {
        params.push(value);
        text = text.replace('?', `$${params.length}`);
      }
      where.push(text);
    };
    if (filter.status) add('c.status = ?', filter.status);
    if (filter.assignee === 'unassigned') where.push('c.assignee_membership_id IS NULL');
    else if (filter.assignee) add('c.assignee_membership_id = ?', filter.assignee);
    if (filter.connectionId) add('c.connection_id = ?', filter.connectionId);
    if (filter.teamId) add('c.team_id = ?', filter.teamId);
    if (filter.unread) where.push('c.unread_count > 0');
    if (filter.search) {
      // A conversation is found by its client, or by its title (a group's name).
      const client = contactSearchClause('c.contact_id', tenantId, filter.search, params);
      params.push(likePattern(filter.search));
      where.push(`(${client} OR c.title ILIKE $${params.length}) AND ${notBlockedClause('c.contact_id', tenantId, params)}`);
    }
    if (filter.after) add('(c.last_message_at, c.id) < (?::timestamptz, ?)', filter.after.key, filter.after.id);
    params.push(filter.limit);
    return this.dataSource.query(
      `SELECT ${SUMMARY}, ${exactTime('c.last_message_at')} AS "cursorKey" FROM (SELECT * FROM conversations c WHERE ${where.join(' AND ')} ORDER BY c.last_message_at DESC, c.id DESC LIMIT $${params.length}) c ${JOINS}
        ORDER BY c.last_message_at DESC, c.id DESC`,
      params,
    );
  }

  async get(tenantId: string, scope: ConversationScope, id: string, manager: EntityManager = this.dataSource.manager): Promise<ConversationSummary | null> {
    const params: unknown[] = [id];
    const rows = await manager.query<ConversationSummary[]>(`SELECT ${SUMMARY} FROM conversations c ${JOINS} WHERE c.id = $1 AND ${scopeClause('c', tenantId, scope, params)}`, params);
    return rows[0] ?? null;
  }

  summaries(ids: string[]): Promise<ConversationSummary[]> {
    return this.dataSource.query<ConversationSummary[]>(`SELECT ${SUMMARY} FROM conversations c ${JOINS} WHERE c.id = ANY($1::uuid[])`, [ids]);
  }

  audiences(ids: string[]): Promise<ConversationAudienceRow[]> {
    return this.dataSource.query<ConversationAudienceRow[]>(
      `SELECT id, tenant_id AS "tenantId", connection_id AS "connectionId", team_id AS "teamId", assignee_membership_id AS "assigneeMembershipId" FROM conversations WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** The unread totals the inbox shows, within the caller's scope (a partial index keeps it small). */
  async unreadTotals(tenantId: string, scope: ConversationScope): Promise<{ conversations: number; messages: number }> {
    const params: unknown[] = [];
    const [row] = await this.dataSource.query<Array<{ conversations: number; messages: number }>>(
      `SELECT count(*)::int AS conversations, coalesce(sum(c.unread_count), 0)::int AS messages FROM conversations c WHERE ${scopeClause('c', tenantId, scope, params)} AND c.unread_count > 0`,
      params,
    );
    return row;
  }

  async update(
    manager: EntityManager,
    id: string,
    change: Partial<{ status: ConversationStatus; assigneeMembershipId: string | null; teamId: string | null }>,
  ): Promise<void> {
    const params: unknown[] = [id];
    const sets = setClause({ status: 'status', assigneeMembershipId: 'assignee_membership_id', teamId: 'team_id' }, change, params);
    if (sets.length) await manager.query(`UPDATE conversations SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params);
  }

  /** When the client was told how to opt out (the first message of the conversation). */
  async markOptOutNoticed(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE conversations SET opt_out_notice_at = now() WHERE id = $1`, [id]);
  }

  async externalChatId(id: string): Promise<string | null> {
    const rows = await this.dataSource.query<Array<{ external_chat_id: string }>>(`SELECT external_chat_id FROM conversations WHERE id = $1`, [id]);
    return rows[0]?.external_chat_id ?? null;
  }

  async markRead(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE conversations SET unread_count = 0 WHERE id = $1 AND unread_count > 0`, [id]);
  }

  async teamInTenant(tenantId: string, teamId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM teams WHERE id = $1 AND tenant_id = $2`, [teamId, tenantId]);
    return rows.length > 0;
  }
}
