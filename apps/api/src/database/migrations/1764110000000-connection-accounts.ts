import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * One live connection per messenger account. Telegram sends a bot's updates to a single webhook,
 * so connecting a bot a second time moved them to the new connection and the first one went
 * silent. `account_key` is the messenger's id of the account where it is not a person's (a bot's
 * id, the number before the colon of its token); among connections that are not disconnected it
 * is unique per type. Connections made before this migration have none: they are checked once
 * they are connected again.
 */
export class ConnectionAccounts1764110000000 implements MigrationInterface {
  name = 'ConnectionAccounts1764110000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE connections ADD COLUMN account_key text`);
    await q.query(`CREATE UNIQUE INDEX connections_live_account ON connections (type, account_key) WHERE account_key IS NOT NULL AND state <> 'disconnected'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS connections_live_account`);
    await q.query(`ALTER TABLE connections DROP COLUMN IF EXISTS account_key`);
  }
}
