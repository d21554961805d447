import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The personal-data processing register (REG-1..5): activities of two layers (the platform's,
 * tenant_id NULL, and each business's), every change an immutable version so any export can be
 * made as of a past date; the operator's contacts, versioned the same way; the notifications
 * sent to Roskomnadzor with the digest of what they stated. The generated privacy policy is
 * published as the business's own document kind 'client-privacy-policy'.
 */
export class Register1764010000000 implements MigrationInterface {
  name = 'Register1764010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE register_activities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid REFERENCES tenants(id) ON DELETE CASCADE,
        key text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One activity per key in a layer: the ones the product maintains itself.
    await q.query(`CREATE UNIQUE INDEX register_activities_key ON register_activities (coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid), key) WHERE key IS NOT NULL`);
    await q.query(`
      CREATE TABLE register_activity_versions (
        activity_id uuid NOT NULL REFERENCES register_activities(id) ON DELETE CASCADE,
        tenant_id uuid REFERENCES tenants(id) ON DELETE CASCADE,
        version integer NOT NULL CHECK (version > 0),
        data jsonb NOT NULL,
        archived boolean NOT NULL DEFAULT false,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        recorded_by uuid REFERENCES users(id) ON DELETE SET NULL,
        PRIMARY KEY (activity_id, version)
      )`);
    await q.query(`CREATE INDEX register_activity_versions_as_of ON register_activity_versions (tenant_id, activity_id, recorded_at DESC)`);
    await q.query(`
      CREATE TABLE register_operator_profiles (
        tenant_id uuid REFERENCES tenants(id) ON DELETE CASCADE,
        version integer NOT NULL CHECK (version > 0),
        data jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        recorded_by uuid REFERENCES users(id) ON DELETE SET NULL,
        CONSTRAINT register_operator_profiles_version UNIQUE NULLS NOT DISTINCT (tenant_id, version)
      )`);
    await q.query(`
      CREATE TABLE register_notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid REFERENCES tenants(id) ON DELETE CASCADE,
        submitted_on date NOT NULL,
        reference text CHECK (char_length(reference) <= 200),
        fields_sha256 text NOT NULL CHECK (fields_sha256 ~ '^[0-9a-f]{64}$'),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        recorded_by uuid REFERENCES users(id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX register_notifications_latest ON register_notifications (tenant_id, submitted_on DESC, recorded_at DESC)`);
    await q.query(`ALTER TABLE legal_documents DROP CONSTRAINT legal_documents_kind_check`);
    await q.query(
      `ALTER TABLE legal_documents ADD CONSTRAINT legal_documents_kind_check CHECK (kind IN ('user-agreement', 'messenger-module-agreement', 'privacy-policy', 'cookie-policy', 'consent-processing', 'consent-advertising', 'consent-distribution', 'client-privacy-policy'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM legal_documents WHERE kind = 'client-privacy-policy'`);
    await q.query(`ALTER TABLE legal_documents DROP CONSTRAINT legal_documents_kind_check`);
    await q.query(
      `ALTER TABLE legal_documents ADD CONSTRAINT legal_documents_kind_check CHECK (kind IN ('user-agreement', 'messenger-module-agreement', 'privacy-policy', 'cookie-policy', 'consent-processing', 'consent-advertising', 'consent-distribution'))`,
    );
    await q.query(`DROP TABLE register_notifications`);
    await q.query(`DROP TABLE register_operator_profiles`);
    await q.query(`DROP TABLE register_activity_versions`);
    await q.query(`DROP TABLE register_activities`);
  }
}
