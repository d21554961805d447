import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Retention runs that survive a crash, and purges that each batch finds by an index.
 *
 * A run is recorded while it goes: `retention_runs` holds what each target of it is (its period,
 * categories, method) and `retention_run_log` one row per batch, written in the transaction that
 * destroys the batch, so what was destroyed is on record the moment it is gone. A finished run's
 * act of destruction takes its rows away; a run that died leaves them, and the next run of the same
 * business (or of the platform) writes the act from them, naming that the run was interrupted.
 *
 * The content purge takes messages with text from a partial index of them (a message leaves it
 * once its text has gone) and messages with only attachments from the attachments still held,
 * by business and age; the metadata purge takes messages without text from their own partial
 * index, so neither rereads what earlier batches or runs already destroyed. Together the two
 * partial indexes cover what `messages_tenant_age` did, which nothing else reads.
 */
export class RetentionRuns1764090000000 implements MigrationInterface {
  name = 'RetentionRuns1764090000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE retention_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid REFERENCES tenants(id) ON DELETE CASCADE,
        started_at timestamptz NOT NULL,
        performed_by uuid,
        performed_by_name text NOT NULL,
        targets jsonb NOT NULL DEFAULT '[]'::jsonb
      )`);
    await q.query(`CREATE INDEX retention_runs_scope ON retention_runs (tenant_id, started_at)`);
    await q.query(`
      CREATE TABLE retention_run_log (
        run_id uuid NOT NULL REFERENCES retention_runs(id) ON DELETE CASCADE,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        at timestamptz NOT NULL,
        type text NOT NULL,
        details jsonb NOT NULL,
        PRIMARY KEY (run_id, seq)
      )`);

    await q.query(`CREATE INDEX messages_with_text_age ON messages (tenant_id, created_at) WHERE text IS NOT NULL`);
    await q.query(`CREATE INDEX messages_without_text_age ON messages (tenant_id, created_at) WHERE text IS NULL`);
    await q.query(`DROP INDEX messages_tenant_age`);
    await q.query(`CREATE INDEX attachments_message_age ON attachments (tenant_id, created_at) WHERE message_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX attachments_message_age`);
    await q.query(`CREATE INDEX messages_tenant_age ON messages (tenant_id, created_at)`);
    await q.query(`DROP INDEX messages_without_text_age`);
    await q.query(`DROP INDEX messages_with_text_age`);
    await q.query(`DROP TABLE retention_run_log`);
    await q.query(`DROP TABLE retention_runs`);
  }
}
