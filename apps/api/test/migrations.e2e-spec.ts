import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { migrateDatabase } from '../src/database/migrate';
import { MIGRATIONS } from '../src/database/migrations';

describe('migrations', () => {
  const databaseUrl = process.env.PEREPISKA_TEST_DATABASE_URL!;

  it('are all applied to the test database, and synchronize is off', async () => {
    const dataSource = await new DataSource(dataSourceOptions({ databaseUrl })).initialize();
    try {
      expect(dataSource.options.synchronize).toBe(false);
      const applied: Array<{ name: string }> = await dataSource.query('SELECT name FROM schema_migrations ORDER BY id');
      expect(applied.map((row) => row.name)).toEqual(MIGRATIONS.map((migration) => new migration().name));
    } finally {
      await dataSource.destroy();
    }
  });

  it('can be started by several processes at once without running anything twice', async () => {
    const results = await Promise.all([migrateDatabase({ databaseUrl }), migrateDatabase({ databaseUrl }), migrateDatabase({ databaseUrl })]);
    expect(results).toEqual([[], [], []]);
  });
});
