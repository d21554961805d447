import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Acts of destruction of personal data (Roskomnadzor order No. 179 of 28.10.2022): who did it,
 * whose data, which categories, where, how and why, what a law made the business keep, and the
 * extract of the event log; kept 3 years.
 */
export class DestructionActs1764030000000 implements MigrationInterface {
  name = 'DestructionActs1764030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE destruction_acts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        number text NOT NULL,
        request_id uuid REFERENCES subject_requests(id) ON DELETE SET NULL,
        reason text NOT NULL,
        subject_name text,
        categories text[] NOT NULL,
        reports jsonb NOT NULL,
        kept jsonb NOT NULL,
        log jsonb NOT NULL,
        performed_by uuid REFERENCES users(id) ON DELETE SET NULL,
        performed_by_name text,
        performed_at timestamptz NOT NULL DEFAULT now(),
        keep_until date NOT NULL,
        CONSTRAINT destruction_acts_number UNIQUE (tenant_id, number)
      )`);
    await q.query(`CREATE INDEX destruction_acts_latest ON destruction_acts (tenant_id, performed_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE destruction_acts`);
  }
}
