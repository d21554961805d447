import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The extensions later migrations rely on: citext for case-insensitive e-mail addresses and
 * pgcrypto for digests inside triggers (append-only, hash-chained ledgers).
 */
export class Baseline1763800000000 implements MigrationInterface {
  name = 'Baseline1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS citext');
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pgcrypto');
  }

  async down(): Promise<void> {
    // Extensions may be shared with other schemas in the same database: leave them.
  }
}
