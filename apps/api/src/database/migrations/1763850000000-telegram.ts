import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Telegram personal accounts (issue 5, PRODUCT.md MSG-1..3, MSG-10).
 * - `connection_leases`: exactly one live messenger client per connection across every process
 *   and restart. Telegram ends both sessions with AUTH_KEY_DUPLICATED when one auth key is used
 *   twice at once, so a worker runs a client only while it holds the connection's lease.
 * - `telegram_peers`: the access hash Telegram gives this account for each person it talks to;
 *   without it a reply after a restart cannot address the user. Per connection: a hash is
 *   valid only for the account that received it.
 * - `telegram_sync_state`: the last update state (pts, qts, date) a connection processed, so the
 *   client catches up with updates.getDifference after downtime (GramJS does not do it itself).
 */
export class Telegram1763850000000 implements MigrationInterface {
  name = 'Telegram1763850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE connection_leases (
        connection_id uuid PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
        holder text NOT NULL,
        acquired_at timestamptz NOT NULL DEFAULT now(),
        renewed_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE telegram_peers (
        connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        peer_id text NOT NULL,
        access_hash text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (connection_id, peer_id)
      )`);
    await q.query(`CREATE INDEX telegram_peers_tenant ON telegram_peers (tenant_id, peer_id)`);
    await q.query(`
      CREATE TABLE telegram_sync_state (
        connection_id uuid PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
        pts integer NOT NULL,
        qts integer NOT NULL,
        date integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS telegram_sync_state`);
    await q.query(`DROP TABLE IF EXISTS telegram_peers`);
    await q.query(`DROP TABLE IF EXISTS connection_leases`);
  }
}
