import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type ChannelType, type ConnectionState } from '../domain/channel-types';
import { setClause } from './set-clause';

export interface ConnectionRow {
  id: string;
  tenantId: string;
  type: ChannelType;
  displayName: string;
  state: ConnectionState;
  stateReason: string | null;
  floodWaitUntil: Date | null;
  credentials: string | null;
  webhookUrl: string | null;
  perMinuteLimit: number;
  createdAt: Date;
  disconnectedAt: Date | null;
  suspendedReason: string | null;
  memberIds: string[];
}

const COLUMNS = `c.id, c.tenant_id AS "tenantId", c.type, c.display_name AS "displayName", c.state, c.state_reason AS "stateReason",
  c.flood_wait_until AS "floodWaitUntil", c.credentials, c.webhook_url AS "webhookUrl", c.per_minute_limit AS "perMinuteLimit",
  c.created_at AS "createdAt", c.disconnected_at AS "disconnectedAt", s.reason AS "suspendedReason",
  coalesce((SELECT array_agg(cm.membership_id ORDER BY cm.membership_id) FROM connection_members cm WHERE cm.connection_id = c.id), '{}') AS "memberIds"`;
const FROM = `connections c LEFT JOIN channel_suspensions s ON s.channel_type = c.type`;

@Injectable()
export class ConnectionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(tenantId: string): Promise<ConnectionRow[]> {
    return this.dataSource.query<ConnectionRow[]>(`SELECT ${COLUMNS} FROM ${FROM} WHERE c.tenant_id = $1 ORDER BY c.created_at, c.id`, [tenantId]);
  }

  /** Without a tenant only for the pipelines, which start from a connection's own id. */
  async find(id: string, tenantId?: string, manager: EntityManager = this.dataSource.manager): Promise<ConnectionRow | null> {
    const rows = await manager.query<ConnectionRow[]>(`SELECT ${COLUMNS} FROM ${FROM} WHERE c.id = $1 AND ($2::uuid IS NULL OR c.tenant_id = $2)`, [id, tenantId ?? null]);
    return rows[0] ?? null;
  }

  async findByInboundToken(tokenHash: string): Promise<ConnectionRow | null> {
    const rows = await this.dataSource.query<ConnectionRow[]>(`SELECT ${COLUMNS} FROM ${FROM} WHERE c.inbound_token_hash = $1`, [tokenHash]);
    return rows[0] ?? null;
  }

  /**
   * The new connection's id, or null when its account (`accountKey`) is connected already and
   * not disconnected, in this business or another.
   */
  async insert(
    manager: EntityManager,
    row: {
      tenantId: string;
      type: ChannelType;
      displayName: string;
      state: ConnectionState;
      credentials: string | null;
      inboundTokenHash: string | null;
      webhookUrl: string | null;
      perMinuteLimit: number;
      accountKey?: string | null;
    },
  ): Promise<string | null> {
    const [inserted] = await manager.query<Array<{ id: string }>>(
      `INSERT INTO connections (tenant_id, type, display_name, state, credentials, inbound_token_hash, webhook_url, per_minute_limit, account_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (type, account_key) WHERE account_key IS NOT NULL AND state <> 'disconnected' DO NOTHING
       RETURNING id`,
      [row.tenantId, row.type, row.displayName, row.state, row.credentials, row.inboundTokenHash, row.webhookUrl, row.perMinuteLimit, row.accountKey ?? null],
    );
    return inserted?.id ?? null;
  }

  /** Whether a connection of `type` other than `exceptId`, not disconnected, holds one of these account keys. */
  async accountTaken(manager: EntityManager, type: ChannelType, keys: string[], exceptId: string | null): Promise<boolean> {
    if (!keys.length) return false;
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM connections WHERE type = $1 AND account_key = ANY($2::text[]) AND state <> 'disconnected' AND id IS DISTINCT FROM $3 LIMIT 1`,
      [type, keys, exceptId],
    );
    return rows.length > 0;
  }

  async update(
    manager: EntityManager,
    id: string,
    change: Partial<{ displayName: string; webhookUrl: string | null; perMinuteLimit: number; credentials: string | null; inboundTokenHash: string | null; accountKey: string | null }>,
  ): Promise<void> {
    const params: unknown[] = [id];
    const sets = setClause(
      { displayName: 'display_name', webhookUrl: 'webhook_url', perMinuteLimit: 'per_minute_limit', credentials: 'credentials', inboundTokenHash: 'inbound_token_hash', accountKey: 'account_key' },
      change,
      params,
    );
    if (sets.length) await manager.query(`UPDATE connections SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params);
  }

  /**
   * Answers the state the row had just before (null: no such row). The old state is read under
   * the row's lock in the same statement, so of two concurrent reports only one sees the change.
   */
  async setState(manager: EntityManager, id: string, state: ConnectionState, reason: string | null, floodWaitUntil: Date | null): Promise<ConnectionState | null> {
    const [rows] = await manager.query<[Array<{ previous: ConnectionState }>, number]>(
      `UPDATE connections c SET state = $2, state_reason = $3, flood_wait_until = $4, updated_at = now(),
              disconnected_at = CASE WHEN $2 = 'disconnected' THEN now() ELSE NULL END
         FROM (SELECT id, state FROM connections WHERE id = $1 FOR UPDATE) old
        WHERE c.id = old.id
        RETURNING old.state AS previous`,
      [id, state, reason, floodWaitUntil],
    );
    return rows[0]?.previous ?? null;
  }

  /** Disconnecting forgets the credentials at once (MSG-3): the session cannot be reused. */
  async disconnect(manager: EntityManager, id: string, reason: string): Promise<void> {
    await manager.query(
      `UPDATE connections SET state = 'disconnected', state_reason = $2, credentials = NULL, inbound_token_hash = NULL, disconnected_at = now(), updated_at = now() WHERE id = $1`,
      [id, reason],
    );
  }

  async setMembers(manager: EntityManager, tenantId: string, id: string, membershipIds: string[]): Promise<void> {
    await manager.query(`DELETE FROM connection_members WHERE connection_id = $1`, [id]);
    await manager.query(
      `INSERT INTO connection_members (connection_id, membership_id, tenant_id)
       SELECT $1, m.id, $2 FROM memberships m WHERE m.tenant_id = $2 AND m.id = ANY($3::uuid[])`,
      [id, tenantId, membershipIds],
    );
  }

  async activeIds(types: ChannelType[]): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(`SELECT id FROM connections WHERE state = 'active' AND type = ANY($1::text[])`, [types]);
    return rows.map((r) => r.id);
  }

  async suspensions(): Promise<Array<{ channelType: string; reason: string; suspendedAt: Date }>> {
    return this.dataSource.query(`SELECT channel_type AS "channelType", reason, suspended_at AS "suspendedAt" FROM channel_suspensions ORDER BY channel_type`);
  }

  async suspend(channelType: string, reason: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO channel_suspensions (channel_type, reason) VALUES ($1, $2) ON CONFLICT (channel_type) DO UPDATE SET reason = EXCLUDED.reason, suspended_at = now()`,
      [channelType, reason],
    );
  }

  async resume(channelType: string): Promise<boolean> {
    const [, count] = await this.dataSource.query<[unknown, number]>(`DELETE FROM channel_suspensions WHERE channel_type = $1`, [channelType]);
    return count > 0;
  }

  async isSuspended(channelType: string): Promise<string | null> {
    const rows = await this.dataSource.query<Array<{ reason: string }>>(`SELECT reason FROM channel_suspensions WHERE channel_type = $1`, [channelType]);
    return rows[0]?.reason ?? null;
  }
}
