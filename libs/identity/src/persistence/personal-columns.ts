import { type PersonalTableAnnotation, personalColumnsProvider } from '@perepiska/platform';

/**
 * Which identity columns hold personal data (REG-5). All of it is the platform's own: its
 * users, their sessions and the logs of what they did, and its customers' requisites; the
 * platform is the operator here.
 */
export const IDENTITY_PERSONAL_COLUMNS: PersonalTableAnnotation[] = [
  {
    // A business may be a sole proprietor (ИП), a person: then its name is that person's full
    // name, its INN and OGRNIP are theirs, and its registered address is where they live. A
    // company's requisites are not personal data, but the columns cannot tell the two apart.
    table: 'tenants',
    layer: 'platform',
    columns: { name: 'full-name', inn: 'registration-numbers', ogrn: 'registration-numbers', legal_address: 'postal-address' },
  },
  {
    table: 'users',
    layer: 'platform',
    columns: { email: 'employee-account', full_name: 'full-name', password_hash: 'credentials', totp_secret: 'credentials' },
  },
  { table: 'roles', layer: 'platform', columns: { name: { notPersonal: 'name of a role the tenant defined' } } },
  { table: 'memberships', layer: 'platform', columns: { builtin_role: 'employee-account', blocked_reason: 'employee-account' } },
  { table: 'sessions', layer: 'platform', columns: { refresh_hash: 'credentials', ip: 'connection-data', user_agent: 'connection-data' } },
  { table: 'api_tokens', layer: 'platform', columns: { name: { notPersonal: 'label of an integration token' } } },
  { table: 'invitations', layer: 'platform', columns: { email: 'employee-account' } },
  { table: 'password_resets', layer: 'platform', columns: { token_hash: 'credentials' } },
  {
    table: 'audit_events',
    layer: 'platform',
    columns: { action: 'usage-data', details: 'usage-data', ip: 'connection-data', user_agent: 'connection-data' },
  },
  { table: 'access_journal', layer: 'platform', columns: { action: 'usage-data', resource_id: 'usage-data', ip: 'connection-data' } },
];

export const IdentityPersonalColumns = personalColumnsProvider('identity', IDENTITY_PERSONAL_COLUMNS);
