import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { EnvelopeCipher, KeyRotationService, generateMasterKey } from '@perepiska/platform';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { migrateDatabase } from '../src/database/migrate';
import { bearer, signup } from './identity-fixtures';
import { TEST_MASTER_KEY, bootTestApp } from './test-app';
import { TEST_POSTGRES_URL, databaseUrl } from './test-env';

jest.setTimeout(90_000);

/**
 * Key rotation over the product's own secrets (ARCHITECTURE.md rule 5): after a new master key
 * is made current and the old one retired, `reencrypt` re-wraps every sealed column the modules
 * hold — connection credentials, TOTP secrets, sealed service texts — and each still opens.
 */
describe('master key rotation', () => {
  let before: NestFastifyApplication;
  let after: NestFastifyApplication;
  // A database of its own: rotation re-wraps every sealed value in it, and the suites sharing the
  // run's database each seal under a key of their own.
  const name = `perepiska_keys_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = () => new Client({ connectionString: TEST_POSTGRES_URL });

  beforeAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`CREATE DATABASE "${name}"`);
    await client.end();
    await migrateDatabase({ databaseUrl: databaseUrl(name) });
    before = await bootTestApp({ env: { DATABASE_URL: databaseUrl(name) } });
  });
  afterAll(async () => {
    await before?.close();
    await after?.close();
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  });

  it('re-wraps connection credentials and TOTP secrets under the new key, and they still open', async () => {
    const owner = await signup(before, 'ООО «Ключи»');
    await request(before.getHttpServer()).post('/api/v1/connections').set(bearer(owner.accessToken)).send({ type: 'api', displayName: 'Интеграция', webhookUrl: 'http://127.0.0.1:9/hooks' }).expect(201);
    await request(before.getHttpServer()).post('/api/v1/auth/totp/setup').set(bearer(owner.accessToken)).send({}).expect(200);
    const db = before.get(DataSource);
    const sealed = async () => ({
      credentials: (await db.query<Array<{ v: string }>>(`SELECT credentials AS v FROM connections WHERE tenant_id = $1`, [owner.tenantId])).map((r) => r.v),
      totp: (await db.query<Array<{ v: string }>>(`SELECT totp_secret AS v FROM users WHERE id = $1`, [owner.userId])).map((r) => r.v),
    });
    const old = await sealed();
    const cipher = before.get(EnvelopeCipher);
    expect(old.credentials.map((v) => cipher.keyIdOf(v))).toEqual(['test1']);
    expect(old.totp.map((v) => cipher.keyIdOf(v))).toEqual(['test1']);

    after = await bootTestApp({ env: { DATABASE_URL: databaseUrl(name), ENCRYPTION_MASTER_KEY: generateMasterKey('test2'), ENCRYPTION_RETIRED_KEYS: TEST_MASTER_KEY } });
    const reports = await after.get(KeyRotationService).rewrapAll();
    const rewrapped = (table: string, column: string) => reports.find((r) => r.table === table && r.column === column)?.rewrapped;
    expect(rewrapped('connections', 'credentials')).toBeGreaterThanOrEqual(1);
    expect(rewrapped('users', 'totp_secret')).toBeGreaterThanOrEqual(1);
    expect(reports.map((r) => `${r.table}.${r.column}`)).toEqual(expect.arrayContaining(['connections.credentials', 'users.totp_secret', 'messages.sealed_text']));

    const rotated = await sealed();
    const current = after.get(EnvelopeCipher);
    expect(rotated.credentials.map((v) => current.keyIdOf(v))).toEqual(['test2']);
    expect(rotated.totp.map((v) => current.keyIdOf(v))).toEqual(['test2']);
    // The payload is untouched: each opens under its own column's context to what it was.
    expect(JSON.parse(current.decrypt(rotated.credentials[0], 'connections.credentials'))).toEqual(JSON.parse(cipher.decrypt(old.credentials[0], 'connections.credentials')));
    expect(current.decrypt(rotated.totp[0], 'users.totp_secret')).toBe(cipher.decrypt(old.totp[0], 'users.totp_secret'));
    // A second run finds nothing left under the retired key.
    expect((await after.get(KeyRotationService).rewrapAll()).every((r) => r.rewrapped === 0)).toBe(true);
  });
});
