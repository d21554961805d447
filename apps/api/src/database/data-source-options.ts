import { type DataSourceOptions } from 'typeorm';
import { type AppConfig } from '../config/app-config';
import { MIGRATIONS } from './migrations';

/** Postgres is the source of truth; the schema changes only through migrations (rule 8). */
export function dataSourceOptions(config: Pick<AppConfig, 'databaseUrl'>): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.databaseUrl,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    applicationName: 'perepiska',
    extra: { max: 20, connectionTimeoutMillis: 5000 },
  };
}
