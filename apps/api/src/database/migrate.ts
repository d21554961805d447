import { DataSource, type Migration } from 'typeorm';
import { type AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

/** An arbitrary constant: the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK = 815_152_001;

/**
 * Runs pending migrations, each in its own transaction, holding a Postgres advisory lock so
 * that an API and a worker starting together never run the same migration twice.
 */
export async function runMigrations(dataSource: DataSource): Promise<Migration[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

/** Applies pending migrations with a short-lived connection, before any module starts. */
export async function migrateDatabase(config: Pick<AppConfig, 'databaseUrl'>): Promise<string[]> {
  const dataSource = await new DataSource(dataSourceOptions(config)).initialize();
  try {
    return (await runMigrations(dataSource)).map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
