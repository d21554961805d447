import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A random salt per acceptance signatory, inside the digest the chain covers and erased with
 * the details, so the digest left after an erasure cannot confirm a guess of who signed.
 * Rows made before it keep a NULL salt and their unsalted digest.
 */
export class AcceptanceSignatorySalt1764000000000 implements MigrationInterface {
  name = 'AcceptanceSignatorySalt1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE acceptance_signatories ADD COLUMN salt text CHECK (salt IS NULL OR salt ~ '^[0-9a-f]{32}$')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE acceptance_signatories DROP COLUMN salt`);
  }
}
