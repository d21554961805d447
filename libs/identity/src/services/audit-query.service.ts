import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CSV_BOM, csvCell } from '@perepiska/platform';
import { DataSource } from 'typeorm';

export interface AuditFilter {
  action?: string;
  actorUserId?: string;
  from?: Date;
  to?: Date;
  /** Keyset pagination: events older than this id. */
  before?: string;
  limit: number;
}

export interface AuditRow {
  id: string;
  createdAt: Date;
  action: string;
  actorUserId: string | null;
  actorName: string | null;
  actorTokenId: string | null;
  actorTokenName: string | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
}

export const AUDIT_EXPORT_MAX_ROWS = 100_000;

@Injectable()
export class AuditQueryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(tenantId: string, filter: AuditFilter): Promise<AuditRow[]> {
    const where = ['e.tenant_id = $1'];
    const params: unknown[] = [tenantId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.action) add('e.action = ?', filter.action);
    if (filter.actorUserId) add('e.actor_user_id = ?', filter.actorUserId);
    if (filter.from) add('e.created_at >= ?', filter.from);
    if (filter.to) add('e.created_at < ?', filter.to);
    if (filter.before) add('e.id < ?', filter.before);
    params.push(filter.limit);
    return this.dataSource.query(
      `SELECT e.id::text, e.created_at AS "createdAt", e.action, e.actor_user_id AS "actorUserId", u.full_name AS "actorName",
              e.actor_token_id AS "actorTokenId", t.name AS "actorTokenName", e.target_type AS "targetType", e.target_id AS "targetId",
              e.ip, e.user_agent AS "userAgent", e.details
         FROM audit_events e LEFT JOIN users u ON u.id = e.actor_user_id LEFT JOIN api_tokens t ON t.id = e.actor_token_id
        WHERE ${where.join(' AND ')}
        ORDER BY e.id DESC LIMIT $${params.length}`,
      params,
    );
  }

  async csv(tenantId: string, filter: Omit<AuditFilter, 'limit' | 'before'>): Promise<string> {
    const rows = await this.list(tenantId, { ...filter, limit: AUDIT_EXPORT_MAX_ROWS });
    const header = ['id', 'created_at', 'action', 'actor_user_id', 'actor_name', 'actor_token_id', 'target_type', 'target_id', 'ip', 'user_agent', 'details'];
    const lines = rows.map((r) =>
      [r.id, r.createdAt.toISOString(), r.action, r.actorUserId, r.actorName, r.actorTokenId, r.targetType, r.targetId, r.ip, r.userAgent, JSON.stringify(r.details)]
        .map(csvCell)
        .join(','),
    );
    return `${CSV_BOM}${[header.join(','), ...lines].join('\r\n')}\r\n`;
  }
}
