import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A message's business and channel are its conversation's (both are written from it), and an
 * inbound event's business is its connection's. Their own foreign keys checked, row by row, what
 * the conversation's and the connection's keys guarantee already, and deleting a business or a
 * channel reaches these rows through them (`ON DELETE CASCADE` from connections to conversations
 * to messages, and from connections to inbound events). Each check is an index lookup and a
 * share lock on the business's or channel's row for every message the worker writes and every
 * event an inbound post stores: about an eighth of the time of inserting a batch of messages.
 */
export class RedundantMessageKeys1764120000000 implements MigrationInterface {
  name = 'RedundantMessageKeys1764120000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE messages DROP CONSTRAINT messages_tenant_id_fkey, DROP CONSTRAINT messages_connection_id_fkey`);
    await q.query(`ALTER TABLE inbound_events DROP CONSTRAINT inbound_events_tenant_id_fkey`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE inbound_events ADD CONSTRAINT inbound_events_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE`);
    await q.query(`
      ALTER TABLE messages
        ADD CONSTRAINT messages_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
        ADD CONSTRAINT messages_connection_id_fkey FOREIGN KEY (connection_id) REFERENCES connections(id) ON DELETE CASCADE`);
  }
}
