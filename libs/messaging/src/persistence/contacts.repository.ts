import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type ConversationScope } from '../domain/conversation-scope';
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
}
