import { type MigrationInterface } from 'typeorm';
import { Baseline1763800000000 } from './1763800000000-baseline';
import { Identity1763810000000 } from './1763810000000-identity';

/** Every migration, in order. Timestamped, DDL only, never edited after landing (rule 8). */
export const MIGRATIONS: Array<new () => MigrationInterface> = [Baseline1763800000000, Identity1763810000000];
