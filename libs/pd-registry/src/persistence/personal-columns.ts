import { type PersonalTableAnnotation, personalColumnsProvider } from '@perepiska/platform';

/**
 * The register's tables (REG-5). Its versions name the responsible persons (name, phone, e-mail,
 * address) inside `data`: employees of the business, whose details the platform holds as it holds
 * their accounts.
 */
export const PD_REGISTRY_PERSONAL_COLUMNS: PersonalTableAnnotation[] = [
  { table: 'register_activities', layer: 'platform', columns: { key: { notPersonal: 'the product\'s key of an activity it maintains' } } },
  { table: 'register_activity_versions', layer: 'platform', columns: { data: 'employee-account' } },
  { table: 'register_operator_profiles', layer: 'platform', columns: { data: 'employee-account' } },
  {
    table: 'subject_requests',
    layer: 'tenant',
    columns: { full_name: 'full-name', phone: 'contact-details', email: 'contact-details', details: 'subject-requests', identity: 'identity-document', extension_notice: 'subject-requests', outcome: 'subject-requests' },
  },
  { table: 'subject_request_events', layer: 'tenant', columns: { details: 'subject-requests' } },
  // Where a one-time code went, masked («Telegram · +7 *** ***-45-67»); the code itself only as an HMAC.
  { table: 'subject_request_codes', layer: 'tenant', columns: { channel_label: 'contact-details' } },
  // The act names the subject and who destroyed the data (order No. 179); it is what stays.
  { table: 'destruction_acts', layer: 'tenant', columns: { subject_name: 'full-name', performed_by_name: 'full-name', reason: 'subject-requests', log: 'subject-requests' } },
  // A retention run in progress: who started it, until its act is written and the row goes.
  { table: 'retention_runs', layer: 'tenant', columns: { performed_by_name: 'full-name' } },
  { table: 'legal_holds', layer: 'tenant', columns: { reason: { notPersonal: 'why data is kept: a case or an inspection, not a person' } } },
  { table: 'register_notifications', layer: 'platform', columns: { reference: { notPersonal: 'the number Roskomnadzor gave the notification' } } },
];

export const PdRegistryPersonalColumns = personalColumnsProvider('pd-registry', PD_REGISTRY_PERSONAL_COLUMNS);
