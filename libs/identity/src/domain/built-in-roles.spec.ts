import { PERMISSIONS } from '@perepiska/platform';
import { BUILT_IN_ROLES, BUILT_IN_ROLE_PERMISSIONS } from './built-in-roles';

describe('built-in roles', () => {
  it('grant only permissions from the catalogue', () => {
    for (const role of BUILT_IN_ROLES) {
      for (const permission of BUILT_IN_ROLE_PERMISSIONS[role]) expect(PERMISSIONS).toContain(permission);
    }
  });

  it.each([
    ['owner', 'tenant.delete', true],
    ['admin', 'tenant.delete', false],
    ['admin', 'api-tokens.manage', true],
    ['operator', 'conversations.reply', true],
    ['operator', 'conversations.read-all', false],
    ['operator', 'members.manage', false],
    // Downloading the whole client base is for the business's management only.
    ['owner', 'contacts.export', true],
    ['admin', 'contacts.export', true],
    ['operator', 'contacts.export', false],
    ['compliance-officer', 'contacts.export', false],
    ['auditor', 'contacts.export', false],
    ['compliance-officer', 'register.export', true],
    ['compliance-officer', 'conversations.reply', false],
    ['accountant', 'billing.manage', true],
    ['accountant', 'contacts.read', false],
    ['auditor', 'audit.read', true],
    ['auditor', 'register.export', false],
  ] as const)('%s has %s: %s', (role, permission, expected) => {
    expect(BUILT_IN_ROLE_PERMISSIONS[role].includes(permission)).toBe(expected);
  });

  it('keeps the auditor read-only', () => {
    expect(BUILT_IN_ROLE_PERMISSIONS.auditor.every((p) => p.endsWith('.read'))).toBe(true);
  });
});
