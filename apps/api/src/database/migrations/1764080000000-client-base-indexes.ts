import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The client base and its export. The export walks a business's clients in the order they were
 * first seen, a batch at a time: the key (created_at, id) is unique even for the clients of one
 * inbound batch, who share a created_at, so each batch is one index range instead of a sort of
 * the whole base. Clients blocked on their request are left out of every list and search: a
 * partial index finds the few of them without reading the business's other clients.
 */
export class ClientBaseIndexes1764080000000 implements MigrationInterface {
  name = 'ClientBaseIndexes1764080000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX contacts_first_seen ON contacts (tenant_id, created_at, id)`);
    await q.query(`DROP INDEX IF EXISTS contacts_tenant`);
    await q.query(`CREATE INDEX contacts_blocked ON contacts (tenant_id) WHERE blocked_reason IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS contacts_blocked`);
    await q.query(`CREATE INDEX IF NOT EXISTS contacts_tenant ON contacts (tenant_id, created_at)`);
    await q.query(`DROP INDEX IF EXISTS contacts_first_seen`);
  }
}
