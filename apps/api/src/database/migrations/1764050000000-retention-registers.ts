import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Retention by either register (DSR-5): the platform's own purges write acts of destruction with
 * no business (the platform is the operator), numbered in their own series; the security
 * journals, append-only, let one change through — removing entries whose period has run out, in
 * a transaction that declares it (`perepiska.journal_retention`), and still refuse updates and
 * truncation; the indexes the purges look up by age.
 */
export class RetentionRegisters1764050000000 implements MigrationInterface {
  name = 'RetentionRegisters1764050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE destruction_acts ALTER COLUMN tenant_id DROP NOT NULL`);
    await q.query(`ALTER TABLE destruction_acts DROP CONSTRAINT destruction_acts_number`);
    await q.query(`ALTER TABLE destruction_acts ADD CONSTRAINT destruction_acts_number UNIQUE NULLS NOT DISTINCT (tenant_id, number)`);
    await q.query(`CREATE INDEX destruction_acts_platform_latest ON destruction_acts (performed_at DESC) WHERE tenant_id IS NULL`);

    await q.query(`
      CREATE FUNCTION journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('perepiska.journal_retention', true) = 'on' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['audit_events', 'access_journal']) {
      await q.query(`DROP TRIGGER ${table}_append_only ON ${table}`);
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION journal_append_only()`);
      await q.query(`CREATE INDEX ${table}_age ON ${table} (created_at)`);
    }

    await q.query(`CREATE INDEX messages_tenant_age ON messages (tenant_id, created_at)`);
    // Deleting a message cascades to its delivery log entries; the content purge empties their copies.
    await q.query(`CREATE INDEX webhook_deliveries_message ON webhook_deliveries (message_id) WHERE message_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX webhook_deliveries_message`);
    await q.query(`DROP INDEX messages_tenant_age`);
    for (const table of ['audit_events', 'access_journal']) {
      await q.query(`DROP INDEX ${table}_age`);
      await q.query(`DROP TRIGGER ${table}_append_only ON ${table}`);
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    }
    await q.query(`DROP FUNCTION journal_append_only()`);
    await q.query(`DROP INDEX destruction_acts_platform_latest`);
    await q.query(`DELETE FROM destruction_acts WHERE tenant_id IS NULL`);
    await q.query(`ALTER TABLE destruction_acts DROP CONSTRAINT destruction_acts_number`);
    await q.query(`ALTER TABLE destruction_acts ADD CONSTRAINT destruction_acts_number UNIQUE (tenant_id, number)`);
    await q.query(`ALTER TABLE destruction_acts ALTER COLUMN tenant_id SET NOT NULL`);
  }
}
