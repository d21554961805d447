import { type PersonalTableAnnotation, personalColumnsProvider } from '@perepiska/platform';

/**
 * Which consent columns hold personal data (REG-5). Acceptances by employees and cookie choices
 * are the platform's own; consents of a tenant's clients are the tenant's.
 */
export const CONSENT_PERSONAL_COLUMNS: PersonalTableAnnotation[] = [
  { table: 'legal_document_versions', layer: 'platform', columns: { text: { notPersonal: 'text of a published legal document' }, text_sha256: { notPersonal: 'digest of the document text' } } },
  { table: 'acceptances', layer: 'platform', columns: { warranties: 'acceptances', signatory_digest: 'acceptances', method: 'acceptances' } },
  {
    table: 'acceptance_signatories',
    layer: 'platform',
    columns: { full_name: 'full-name', email: 'employee-account', ip: 'connection-data', user_agent: 'connection-data', salt: { notPersonal: 'random salt of the signatory digest, erased with the details' } },
  },
  {
    table: 'cookie_consents',
    layer: 'platform',
    columns: {
      visitor_id: 'cookie-identifiers',
      analytics: 'cookie-identifiers',
      functional: 'cookie-identifiers',
      ip_anonymised: 'connection-data',
      user_agent: 'connection-data',
    },
  },
  {
    table: 'subject_consents',
    layer: 'tenant',
    columns: { action: 'consents', proof: 'consents', proof_storage_key: 'consents', ip_anonymised: 'connection-data', user_agent: 'connection-data' },
  },
  { table: 'consent_submitters', layer: 'tenant', columns: { full_name: 'full-name', phone: 'contact-details', email: 'contact-details' } },
];

export const ConsentPersonalColumns = personalColumnsProvider('consent', CONSENT_PERSONAL_COLUMNS);
