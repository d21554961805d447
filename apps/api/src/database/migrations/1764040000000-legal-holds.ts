import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Legal holds (DSR-5): a business, a client or a conversation kept out of every retention purge until released. */
export class LegalHolds1764040000000 implements MigrationInterface {
  name = 'LegalHolds1764040000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE legal_holds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        scope text NOT NULL CHECK (scope IN ('tenant', 'contact', 'conversation')),
        target_id uuid,
        reason text NOT NULL,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        released_at timestamptz,
        released_by uuid REFERENCES users(id) ON DELETE SET NULL,
        CHECK ((scope = 'tenant') = (target_id IS NULL))
      )`);
    await q.query(`CREATE INDEX legal_holds_active ON legal_holds (tenant_id) WHERE released_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE legal_holds`);
  }
}
