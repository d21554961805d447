import { PERMISSIONS, type Permission } from '@perepiska/platform';

/**
 * The built-in roles and what each may do, in one table a reviewer can read in one sitting
 * (IAM-1; reference 001 §2.1: operators see only what their role allows). Tenants add custom
 * roles with any subset of the catalogue.
 */
export const BUILT_IN_ROLES = ['owner', 'admin', 'operator', 'compliance-officer', 'accountant', 'auditor'] as const;
export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];

const READ_ONLY: Permission[] = PERMISSIONS.filter((p) => p.endsWith('.read'));

export const BUILT_IN_ROLE_PERMISSIONS: Record<BuiltInRole, readonly Permission[]> = {
  owner: PERMISSIONS,
  // Everything but closing the business account, which stays with its owner.
  admin: PERMISSIONS.filter((p) => p !== 'tenant.delete'),
  operator: ['tenant.read', 'connections.read', 'conversations.read', 'conversations.reply', 'contacts.read', 'consent.read'],
  'compliance-officer': [
    'tenant.read',
    'members.read',
    'audit.read',
    'access-journal.read',
    'contacts.read',
    'consent.read',
    'consent.manage',
    'acceptances.read',
    'legal-documents.manage',
    'register.read',
    'register.manage',
    'register.export',
    'subject-requests.read',
    'subject-requests.manage',
    'retention.manage',
  ],
  accountant: ['tenant.read', 'billing.read', 'billing.manage'],
  // Read-only: sees everything a reader may, changes nothing.
  auditor: READ_ONLY,
};

export function isBuiltInRole(value: string): value is BuiltInRole {
  return (BUILT_IN_ROLES as readonly string[]).includes(value);
}
