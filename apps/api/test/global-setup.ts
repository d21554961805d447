import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { migrateDatabase } from '../src/database/migrate';
import { TEST_POSTGRES_URL, databaseUrl } from './test-env';

/** Each test run gets a database of its own, migrated from scratch, dropped at the end. */
export default async function globalSetup(): Promise<void> {
  const name = `perepiska_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  process.env.PEREPISKA_TEST_DATABASE = name;
  process.env.PEREPISKA_TEST_DATABASE_URL = databaseUrl(name);
  process.env.PEREPISKA_TEST_QUEUE_PREFIX = `test-${name}`;
  await migrateDatabase({ databaseUrl: databaseUrl(name) });
}
