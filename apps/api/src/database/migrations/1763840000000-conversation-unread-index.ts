import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The inbox's unread totals read only conversations with unread messages: a partial index over
 * them (with the count included) answers without visiting the whole tenant's conversations.
 */
export class ConversationUnreadIndex1763840000000 implements MigrationInterface {
  name = 'ConversationUnreadIndex1763840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX conversations_unread ON conversations (tenant_id, connection_id) INCLUDE (unread_count, team_id, assignee_membership_id) WHERE unread_count > 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS conversations_unread`);
  }
}
