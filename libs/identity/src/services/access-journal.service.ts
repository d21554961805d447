import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessJournal, type AccessRecord, CSV_BOM, type Principal, csvCell } from '@perepiska/platform';
import { DataSource } from 'typeorm';

export interface AccessJournalFilter {
  actorUserId?: string;
  resourceType?: string;
  resourceId?: string;
  from?: Date;
  to?: Date;
  before?: string;
  limit: number;
}

export interface AccessJournalRow {
  id: string;
  createdAt: Date;
  actorUserId: string | null;
  actorName: string | null;
  actorTokenId: string | null;
  actorTokenName: string | null;
  resourceType: string;
  resourceId: string;
  action: string;
  ip: string | null;
}

export const ACCESS_JOURNAL_EXPORT_MAX_ROWS = 100_000;

/** The access journal's store: append-only in Postgres (a trigger refuses changes). */
@Injectable()
export class AccessJournalService extends AccessJournal {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async record(principal: Principal, entry: AccessRecord): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO access_journal (tenant_id, actor_user_id, actor_token_id, resource_type, resource_id, action, ip) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [principal.tenantId, principal.userId ?? null, principal.tokenId ?? null, entry.resourceType, entry.resourceId, entry.action, principal.ip ?? null],
    );
  }

  async list(tenantId: string, filter: AccessJournalFilter): Promise<AccessJournalRow[]> {
    const where = ['j.tenant_id = $1'];
    const params: unknown[] = [tenantId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.actorUserId) add('j.actor_user_id = ?', filter.actorUserId);
    if (filter.resourceType) add('j.resource_type = ?', filter.resourceType);
    if (filter.resourceId) add('j.resource_id = ?', filter.resourceId);
    if (filter.from) add('j.created_at >= ?', filter.from);
    if (filter.to) add('j.created_at < ?', filter.to);
    if (filter.before) add('j.id < ?', filter.before);
    params.push(filter.limit);
    return this.dataSource.query(
      `SELECT j.id::text, j.created_at AS "createdAt", j.actor_user_id AS "actorUserId", u.full_name AS "actorName",
              j.actor_token_id AS "actorTokenId", t.name AS "actorTokenName", j.resource_type AS "resourceType", j.resource_id AS "resourceId", j.action, j.ip
         FROM access_journal j LEFT JOIN users u ON u.id = j.actor_user_id LEFT JOIN api_tokens t ON t.id = j.actor_token_id
        WHERE ${where.join(' AND ')}
        ORDER BY j.id DESC LIMIT $${params.length}`,
      params,
    );
  }

  async csv(tenantId: string, filter: Omit<AccessJournalFilter, 'limit' | 'before'>): Promise<string> {
    const rows = await this.list(tenantId, { ...filter, limit: ACCESS_JOURNAL_EXPORT_MAX_ROWS });
    const header = ['id', 'created_at', 'actor_user_id', 'actor_name', 'actor_token_id', 'resource_type', 'resource_id', 'action', 'ip'];
    const lines = rows.map((r) =>
      [r.id, r.createdAt.toISOString(), r.actorUserId, r.actorName, r.actorTokenId, r.resourceType, r.resourceId, r.action, r.ip].map(csvCell).join(','),
    );
    return `${CSV_BOM}${[header.join(','), ...lines].join('\r\n')}\r\n`;
  }
}
