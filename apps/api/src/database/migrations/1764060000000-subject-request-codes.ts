import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The identity check by a one-time code to a known contact (issue 8): each code sent for a
 * request, kept only as an HMAC under a server key, with the masked channel it went to, when it
 * runs out and how many wrong attempts it has had; a newer code replaces it. The message that
 * carries a code keeps it masked in `text` and the whole text sealed in `sealed_text` only until
 * the messenger has it.
 */
export class SubjectRequestCodes1764060000000 implements MigrationInterface {
  name = 'SubjectRequestCodes1764060000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE subject_request_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        request_id uuid NOT NULL REFERENCES subject_requests(id) ON DELETE CASCADE,
        channel_label text NOT NULL,
        code_hash text NOT NULL,
        key_id text NOT NULL,
        sent_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
        state text NOT NULL CHECK (state IN ('active', 'replaced', 'void', 'used')),
        sent_by uuid REFERENCES users(id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX subject_request_codes_request ON subject_request_codes (request_id, sent_at DESC)`);
    await q.query(`CREATE UNIQUE INDEX subject_request_codes_one_active ON subject_request_codes (request_id) WHERE state = 'active'`);
    await q.query(`ALTER TABLE messages ADD COLUMN sealed_text text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE messages DROP COLUMN sealed_text`);
    await q.query(`DROP TABLE subject_request_codes`);
  }
}
