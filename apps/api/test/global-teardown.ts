import Redis from 'ioredis';
import { Client } from 'pg';
import { TEST_POSTGRES_URL, TEST_REDIS_URL } from './test-env';

export default async function globalTeardown(): Promise<void> {
  const name = process.env.PEREPISKA_TEST_DATABASE;
  if (name && !process.env.KEEP_TEST_DATABASE) {
    const admin = new Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
  const prefix = process.env.PEREPISKA_TEST_QUEUE_PREFIX;
  if (prefix) {
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
}
