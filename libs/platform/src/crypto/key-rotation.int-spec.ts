import { DataSource } from 'typeorm';
import { EncryptedColumnRegistry } from './encrypted-columns';
import { EnvelopeCipher, generateMasterKey, parseMasterKey } from './envelope-cipher';
import { KeyRotationService } from './key-rotation.service';

describe('KeyRotationService on a real Postgres', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'postgres', url: process.env.PEREPISKA_TEST_DATABASE_URL }).initialize();
    await dataSource.query('CREATE TABLE key_rotation_probe (id serial PRIMARY KEY, sealed text)');
  });
  afterAll(async () => {
    await dataSource.query('DROP TABLE key_rotation_probe');
    await dataSource.destroy();
  });

  it('re-wraps every value under the newest key, in batches, and is idempotent', async () => {
    const old = parseMasterKey(generateMasterKey('old'));
    const current = parseMasterKey(generateMasterKey('new'));
    const before = new EnvelopeCipher(old);
    const values = Array.from({ length: 23 }, (_, i) => `сессия-${i}`);
    for (const value of values) {
      await dataSource.query('INSERT INTO key_rotation_probe (sealed) VALUES ($1)', [before.encrypt(value)]);
    }
    await dataSource.query('INSERT INTO key_rotation_probe (sealed) VALUES (NULL)');

    const registry = new EncryptedColumnRegistry();
    registry.register({ table: 'key_rotation_probe', primaryKey: 'id', column: 'sealed' });
    const after = new EnvelopeCipher(current, [old]);
    const service = new KeyRotationService(dataSource, after, registry);

    expect(await service.rewrapAll(5)).toEqual([{ table: 'key_rotation_probe', column: 'sealed', rewrapped: 23 }]);
    expect(await service.rewrapAll(5)).toEqual([{ table: 'key_rotation_probe', column: 'sealed', rewrapped: 0 }]);

    const rows: Array<{ sealed: string }> = await dataSource.query('SELECT sealed FROM key_rotation_probe WHERE sealed IS NOT NULL ORDER BY id');
    const onlyNewKey = new EnvelopeCipher(current);
    expect(rows.map((row) => onlyNewKey.decrypt(row.sealed))).toEqual(values);
  });

  it('refuses identifiers that are not plain SQL names', () => {
    expect(() => new EncryptedColumnRegistry().register({ table: 'x"; DROP TABLE y; --', primaryKey: 'id', column: 'c' })).toThrow(/SQL name/);
  });
});
