import { type PersonalTableAnnotation } from '../personal-data/personal-columns';

/** The platform's own tables whose column names look personal (REG-5). */
export const PLATFORM_PERSONAL_COLUMNS: PersonalTableAnnotation[] = [
  { table: 'schema_migrations', layer: 'platform', columns: { name: { notPersonal: 'name of an applied migration' } } },
  { table: 'outbox_events', layer: 'platform', columns: { name: { notPersonal: 'name of the domain event type' } } },
];
