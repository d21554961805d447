import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The transactional outbox of domain events; who accepted an invitation; and processing of an
 * employee's data blocked on a data subject's request (152-FZ art. 21), apart from an
 * administrator's deactivation.
 */
export class OutboxInvitations1763820000000 implements MigrationInterface {
  name = 'OutboxInvitations1763820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_events (
        id bigserial PRIMARY KEY,
        name text NOT NULL,
        payload jsonb NOT NULL,
        handled_by text[] NOT NULL DEFAULT '{}',
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_events_pending ON outbox_events (id) WHERE dispatched_at IS NULL`);
    await q.query(`ALTER TABLE invitations ADD COLUMN accepted_by uuid REFERENCES users(id) ON DELETE SET NULL`);
    await q.query(`ALTER TABLE memberships ADD COLUMN blocked_reason text`);
    await q.query(`CREATE INDEX access_journal_resource ON access_journal (tenant_id, resource_type, resource_id)`);
    await q.query(`CREATE INDEX tenants_purge ON tenants (purge_after) WHERE status = 'closed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS tenants_purge`);
    await q.query(`DROP INDEX IF EXISTS access_journal_resource`);
    await q.query(`ALTER TABLE memberships DROP COLUMN IF EXISTS blocked_reason`);
    await q.query(`ALTER TABLE invitations DROP COLUMN IF EXISTS accepted_by`);
    await q.query(`DROP TABLE IF EXISTS outbox_events`);
  }
}
