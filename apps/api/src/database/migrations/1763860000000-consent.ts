import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Consent and acceptance records (issue 6, PRODUCT.md CON-1..5, MSG-9).
 * - `legal_documents` / `legal_document_versions`: the platform's documents (tenant_id NULL) and
 *   each business's own consent texts; a published version is immutable (a trigger refuses any
 *   change), carries the SHA-256 of its canonical text and its effective date.
 * - `acceptances`: the acceptance ledger, evidence of a simple electronic signature (63-FZ art. 5,
 *   reference 001 §7.5). Append-only; each row carries the hash of the previous row of its tenant's
 *   chain (`seq` orders it). The signatory's personal details live in `acceptance_signatories`,
 *   covered by `signatory_digest`, so erasing them (152-FZ art. 21) never breaks the chain.
 * - `messenger_module_states`: whether the messenger module is on for a business (reference 001
 *   preamble, §7): off until the current agreement is accepted; suspended when a new material
 *   version takes effect unaccepted.
 * - `notice_views`: who saw the notice of an upcoming version (reference 004 §11).
 * - `subject_consents`: a business's clients' consents and withdrawals per purpose (152-FZ art. 9,
 *   10.1; 38-FZ art. 18), append-only, with their proof; personal details of a public-form
 *   submission live in `consent_submitters`, erasable the same way.
 * - `cookie_consents`: the choice of cookie categories, with an anonymised IP.
 * No foreign key to tenants or contacts on the ledgers: the proof outlives the business's account
 * and the contact card for the period the law keeps it.
 */
export class Consent1763860000000 implements MigrationInterface {
  name = 'Consent1763860000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE legal_documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid,
        kind text NOT NULL CHECK (kind IN ('user-agreement', 'messenger-module-agreement', 'privacy-policy', 'cookie-policy', 'consent-processing', 'consent-advertising', 'consent-distribution')),
        title text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX legal_documents_kind ON legal_documents (coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid), kind)`);
    await q.query(`
      CREATE TABLE legal_document_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        document_id uuid NOT NULL REFERENCES legal_documents(id),
        version integer NOT NULL,
        text text NOT NULL,
        text_sha256 text NOT NULL,
        material boolean NOT NULL,
        summary text,
        published_at timestamptz NOT NULL DEFAULT now(),
        effective_at timestamptz NOT NULL,
        published_by text NOT NULL,
        UNIQUE (document_id, version),
        CHECK (effective_at >= published_at - interval '1 minute'),
        -- Reference 004 §11: a material change takes effect no sooner than 14 days after notice.
        CHECK (NOT material OR effective_at >= published_at + interval '14 days')
      )`);
    await q.query(`CREATE INDEX legal_document_versions_effective ON legal_document_versions (document_id, effective_at)`);

    await q.query(`
      CREATE TABLE acceptances (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        seq bigint NOT NULL,
        user_id uuid,
        document_version_id uuid NOT NULL REFERENCES legal_document_versions(id),
        version_sha256 text NOT NULL,
        warranties jsonb NOT NULL DEFAULT '[]',
        method text NOT NULL,
        accepted_at timestamptz NOT NULL,
        signatory_digest text NOT NULL,
        prev_hash text NOT NULL,
        record_hash text NOT NULL,
        UNIQUE (tenant_id, seq)
      )`);
    await q.query(`
      CREATE TABLE acceptance_signatories (
        acceptance_id uuid PRIMARY KEY REFERENCES acceptances(id),
        tenant_id uuid NOT NULL,
        full_name text,
        email text,
        ip text,
        user_agent text,
        erased_at timestamptz
      )`);
    await q.query(`CREATE INDEX acceptance_signatories_tenant ON acceptance_signatories (tenant_id)`);

    await q.query(`
      CREATE TABLE messenger_module_states (
        tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
        state text NOT NULL CHECK (state IN ('off', 'active', 'suspended')),
        acceptance_id uuid REFERENCES acceptances(id),
        reason text,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE notice_views (
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        user_id uuid NOT NULL,
        document_version_id uuid NOT NULL REFERENCES legal_document_versions(id),
        seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, user_id, document_version_id)
      )`);

    await q.query(`
      CREATE TABLE subject_consents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        contact_id uuid,
        purpose text NOT NULL CHECK (purpose IN ('processing', 'advertising', 'distribution')),
        action text NOT NULL CHECK (action IN ('given', 'withdrawn')),
        source text NOT NULL CHECK (source IN ('public-form', 'chat-keyword', 'import', 'employee')),
        document_version_id uuid REFERENCES legal_document_versions(id),
        version_sha256 text,
        channel text,
        proof jsonb NOT NULL DEFAULT '{}',
        proof_storage_key text,
        recorded_by uuid,
        ip_anonymised text,
        user_agent text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX subject_consents_contact ON subject_consents (tenant_id, contact_id, purpose, at DESC)`);
    await q.query(`
      CREATE TABLE consent_submitters (
        consent_id uuid PRIMARY KEY REFERENCES subject_consents(id),
        tenant_id uuid NOT NULL,
        full_name text,
        phone text,
        email text,
        erased_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE cookie_consents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        visitor_id text NOT NULL,
        tenant_id uuid,
        analytics boolean NOT NULL,
        functional boolean NOT NULL,
        policy_version_id uuid REFERENCES legal_document_versions(id),
        ip_anonymised text,
        user_agent text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX cookie_consents_visitor ON cookie_consents (visitor_id, at DESC)`);

    // Published versions and both ledgers are append-only (refuse_change() is the identity journals' function).
    for (const table of ['legal_document_versions', 'acceptances', 'subject_consents', 'cookie_consents']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['cookie_consents', 'consent_submitters', 'subject_consents', 'notice_views', 'messenger_module_states', 'acceptance_signatories', 'acceptances', 'legal_document_versions', 'legal_documents']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
