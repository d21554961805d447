/**
 * The closed catalogue of permission strings. Domain modules declare routes with these; roles
 * in identity grant them. Adding a capability adds its permissions here, in one place.
 */
export const PERMISSIONS = [
  'tenant.read',
  'tenant.manage',
  'tenant.delete',
  'members.read',
  'members.manage',
  'roles.manage',
  'api-tokens.manage',
  'audit.read',
  'access-journal.read',
  'connections.read',
  'connections.manage',
  'conversations.read',
  'conversations.read-all',
  'conversations.reply',
  'conversations.assign',
  'contacts.read',
  'contacts.manage',
  // Downloading the whole client base is a bulk disclosure of personal data: not for everyone who reads it.
  'contacts.export',
  'consent.read',
  'consent.manage',
  // The acceptance ledger names employees with their e-mail and IP: not for everyone who reads consents.
  'acceptances.read',
  'legal-documents.manage',
  'messenger-module.manage',
  'register.read',
  'register.manage',
  'register.export',
  'subject-requests.read',
  'subject-requests.manage',
  'retention.manage',
  'billing.read',
  'billing.manage',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}
