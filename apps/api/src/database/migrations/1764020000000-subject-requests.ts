import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Data-subject requests (DSR-1..3; 152-FZ art. 14, 20, 21): what was asked, by whom, when it was
 * received and when it is due by law, the identity check, the extension notice and the outcome;
 * and an append-only log of what was done, the proof the business answered in time.
 */
export class SubjectRequests1764020000000 implements MigrationInterface {
  name = 'SubjectRequests1764020000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE subject_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        number text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('access', 'rectification', 'blocking', 'deletion', 'consent-withdrawal', 'objection-to-advertising', 'stop-processing')),
        status text NOT NULL CHECK (status IN ('received', 'in-progress', 'fulfilled', 'refused')),
        channel text NOT NULL CHECK (channel IN ('public-form', 'api', 'conversation')),
        full_name text NOT NULL,
        phone text,
        email text,
        contact_id uuid REFERENCES contacts(id) ON DELETE SET NULL,
        conversation_id uuid REFERENCES conversations(id) ON DELETE SET NULL,
        details text NOT NULL,
        received_at timestamptz NOT NULL,
        deadline jsonb NOT NULL,
        due_on date NOT NULL,
        identity jsonb,
        extension_notice jsonb,
        closed_at timestamptz,
        outcome text,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT subject_requests_number UNIQUE (tenant_id, number)
      )`);
    await q.query(`CREATE INDEX subject_requests_queue ON subject_requests (tenant_id, due_on) WHERE closed_at IS NULL`);
    await q.query(`
      CREATE TABLE subject_request_events (
        id bigserial PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES subject_requests(id) ON DELETE CASCADE,
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        type text NOT NULL,
        actor_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX subject_request_events_request ON subject_request_events (request_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE subject_request_events`);
    await q.query(`DROP TABLE subject_requests`);
  }
}
