import { describe, expect, it } from 'vitest';
import { type NavigationGroup, navigation, visibleNavigation } from './navigation';

const groups: NavigationGroup[] = [
  { id: 'workspace', items: [{ name: 'overview', labelKey: 'x', icon: [] }] },
  {
    id: 'settings',
    labelKey: 'y',
    items: [
      { name: 'organisation', labelKey: 'x', icon: [], permission: 'tenant.read' },
      { name: 'audit', labelKey: 'x', icon: [], permission: 'audit.read' },
    ],
  },
];

describe('the sidebar', () => {
  it('shows only the items whose permission the user holds', () => {
    const names = visibleNavigation(groups, (p) => p === 'tenant.read').flatMap((g) => g.items.map((i) => i.name));
    expect(names).toEqual(['overview', 'organisation']);
  });

  it('drops a group left without items', () => {
    expect(visibleNavigation(groups, () => false).map((g) => g.id)).toEqual(['workspace']);
  });

  it('puts the inbox first and the clients beside it, the team first among the settings, shows an operator their workplace and the organisation, and a compliance officer the register and the subject requests', () => {
    const names = (permissions: string[]) => visibleNavigation(navigation, (p) => permissions.includes(p)).flatMap((g) => g.items.map((i) => i.name));
    const operator = ['tenant.read', 'connections.read', 'conversations.read', 'conversations.reply', 'contacts.read', 'consent.read'];
    expect(names(operator)).toEqual(['inbox', 'contacts', 'overview', 'connections', 'messenger-module', 'legal-documents', 'organisation']);
    const owner = ['tenant.read', 'members.read', 'api-tokens.manage', 'audit.read', 'access-journal.read'];
    expect(names(owner)).toEqual(['overview', 'team', 'roles', 'organisation', 'api-tokens', 'audit', 'access-journal']);
    const complianceOfficer = ['tenant.read', 'consent.read', 'acceptances.read', 'register.read', 'register.manage', 'register.export', 'subject-requests.read', 'subject-requests.manage'];
    expect(names(complianceOfficer)).toEqual(['overview', 'messenger-module', 'legal-documents', 'legal-ledger', 'register', 'register-findings', 'register-policy', 'subject-requests', 'destruction-acts', 'retention', 'organisation']);
  });
});
