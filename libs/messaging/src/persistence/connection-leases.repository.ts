import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type ChannelType, type ConnectionState } from '../domain/channel-types';
import { type ClientFacts } from '../domain/client-lease';

export interface LeaseRow {
  connectionId: string;
  holder: string;
  acquiredAt: Date;
  renewedAt: Date;
  expiresAt: Date;
}

export interface LeaseHolder {
  holder: string;
  /** Leases that have not run out. */
  live: number;
  /** Leases that ran out and nobody took over yet. */
  expired: number;
  lastRenewedAt: Date;
}

const RETURNING = `connection_id AS "connectionId", holder, acquired_at AS "acquiredAt", renewed_at AS "renewedAt", expires_at AS "expiresAt"`;

/**
 * `connection_leases`: who runs each exclusive connection's client. Every expiry is computed
 * by the database's clock (`now()` at the statement's start), never by a process's, so two
 * workers with different clocks agree on when a lease ran out.
 */
@Injectable()
export class ConnectionLeasesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Takes the lease if nobody holds it, it ran out, or it is already the holder's — in one
   * statement, so of two workers trying at once the row lock lets exactly one win. Null when
   * another holder's lease is still live or the connection does not exist.
   */
  async acquire(connectionId: string, holder: string, ttlSeconds: number): Promise<LeaseRow | null> {
    const rows = await this.dataSource.query<LeaseRow[]>(
      `INSERT INTO connection_leases (connection_id, holder, acquired_at, renewed_at, expires_at)
       SELECT c.id, $2, now(), now(), now() + make_interval(secs => $3) FROM connections c WHERE c.id = $1
       ON CONFLICT (connection_id) DO UPDATE
          SET holder = excluded.holder, acquired_at = excluded.acquired_at, renewed_at = excluded.renewed_at, expires_at = excluded.expires_at
        WHERE connection_leases.expires_at < now() OR connection_leases.holder = excluded.holder
       RETURNING ${RETURNING}`,
      [connectionId, holder, ttlSeconds],
    );
    return rows[0] ?? null;
  }

  /** Extends the holder's live leases among `connectionIds`; answers those still held. A lease that ran out is not revived. */
  async renew(holder: string, connectionIds: readonly string[], ttlSeconds: number): Promise<string[]> {
    if (!connectionIds.length) return [];
    // TypeORM answers an UPDATE as [rows, affected count].
    const [rows] = await this.dataSource.query<[Array<{ connectionId: string }>, number]>(
      `UPDATE connection_leases SET renewed_at = now(), expires_at = now() + make_interval(secs => $3)
        WHERE holder = $1 AND connection_id = ANY($2::uuid[]) AND expires_at > now()
        RETURNING connection_id AS "connectionId"`,
      [holder, connectionIds, ttlSeconds],
    );
    return rows.map((row) => row.connectionId);
  }

  /** Gives the holder's leases back at once, so another worker need not wait for them to run out. */
  async release(holder: string, connectionIds: readonly string[]): Promise<void> {
    if (!connectionIds.length) return;
    await this.dataSource.query(`DELETE FROM connection_leases WHERE holder = $1 AND connection_id = ANY($2::uuid[])`, [holder, connectionIds]);
  }

  /** Ends the lease whoever holds it: the connection was disconnected. */
  /** Who runs the connection's client now: a holder whose lease has not run out, or null. */
  async liveHolder(connectionId: string): Promise<string | null> {
    const rows = await this.dataSource.query<Array<{ holder: string }>>(`SELECT holder FROM connection_leases WHERE connection_id = $1 AND expires_at > now()`, [connectionId]);
    return rows[0]?.holder ?? null;
  }

  async remove(connectionId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM connection_leases WHERE connection_id = $1`, [connectionId]);
  }

  /**
   * Connections of these types whose client may run (a live state, credentials present, the
   * type not suspended) and that nobody holds, or whose lease ran out. Lapsed ones first (a
   * dead worker's accounts were running until a moment ago), then the oldest.
   */
  async orphans(types: readonly ChannelType[], states: readonly ConnectionState[], except: readonly string[], limit: number): Promise<string[]> {
    if (!types.length || limit < 1) return [];
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT c.id FROM connections c
         LEFT JOIN connection_leases l ON l.connection_id = c.id
        WHERE c.type = ANY($1::text[]) AND c.state = ANY($2::text[]) AND c.credentials IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM channel_suspensions s WHERE s.channel_type = c.type)
          AND (l.connection_id IS NULL OR l.expires_at < now())
          AND NOT (c.id = ANY($3::uuid[]))
        ORDER BY l.expires_at NULLS LAST, c.created_at, c.id
        LIMIT $4`,
      [types, states, except, limit],
    );
    return rows.map((row) => row.id);
  }

  /** What decides whether each held client may keep running; a connection that is gone has no entry. */
  async clientFacts(connectionIds: readonly string[]): Promise<Map<string, ClientFacts>> {
    if (!connectionIds.length) return new Map();
    const rows = await this.dataSource.query<Array<ClientFacts & { id: string }>>(
      `SELECT c.id, c.state, c.credentials IS NOT NULL AS "hasCredentials", encode(sha256(convert_to(c.credentials, 'UTF8')), 'hex') AS "credentialsDigest",
              EXISTS (SELECT 1 FROM channel_suspensions s WHERE s.channel_type = c.type) AS suspended
         FROM connections c WHERE c.id = ANY($1::uuid[])`,
      [connectionIds],
    );
    return new Map(rows.map(({ id, ...facts }) => [id, facts]));
  }

  /** Who holds how many clients, for diagnostics. */
  holders(): Promise<LeaseHolder[]> {
    return this.dataSource.query<LeaseHolder[]>(
      `SELECT holder, count(*) FILTER (WHERE expires_at > now())::int AS live, count(*) FILTER (WHERE expires_at <= now())::int AS expired,
              max(renewed_at) AS "lastRenewedAt"
         FROM connection_leases GROUP BY holder ORDER BY holder`,
    );
  }
}
