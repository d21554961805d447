import type { Permission } from '@/shared/access/permission';
import { ICONS } from '@/shared/components/icons';

/**
 * The sidebar's sections. Each capability adds its entry (and the permission that shows it)
 * when its screens land; an entry whose permission the user lacks is not shown, and its route
 * refuses them too (router.ts).
 */
export interface NavigationItem {
  /** The route's name. */
  name: string;
  labelKey: string;
  /** Path data of a 24×24 stroke icon. */
  icon: string[];
  /** Shown only to users who hold it in the current business. */
  permission?: Permission;
}

export interface NavigationGroup {
  id: string;
  /** A heading above the group; the first group has none. */
  labelKey?: string;
  items: NavigationItem[];
}

export const navigation: NavigationGroup[] = [
  {
    // The inbox first: it is where operators spend the day; the client base beside it.
    id: 'workspace',
    items: [
      { name: 'inbox', labelKey: 'common.nav.inbox', icon: ICONS.inbox, permission: 'conversations.read' },
      { name: 'contacts', labelKey: 'contacts.nav', icon: ICONS.user, permission: 'contacts.read' },
      { name: 'overview', labelKey: 'common.nav.overview', icon: ICONS.home },
      { name: 'connections', labelKey: 'common.nav.connections', icon: ICONS.plug, permission: 'connections.read' },
      { name: 'messenger-module', labelKey: 'messenger-module.nav', icon: ICONS.lock, permission: 'consent.read' },
    ],
  },
  {
    // What the business accepted and what its clients consented to (issue 6).
    id: 'legal',
    labelKey: 'legal.nav.group',
    items: [
      { name: 'legal-documents', labelKey: 'legal.nav.documents', icon: ICONS.file, permission: 'consent.read' },
      { name: 'legal-ledger', labelKey: 'legal.nav.ledger', icon: ICONS.shield, permission: 'acceptances.read' },
    ],
  },
  {
    // The register of processing activities, what it lacks, and the policy written from it (issue 7);
    // the requests of the people whose data it describes, on their statutory clocks, and the acts of
    // destroying their data, and retention by the register's periods (issue 8).
    id: 'register',
    labelKey: 'register.nav.group',
    items: [
      { name: 'register', labelKey: 'register.nav.register', icon: ICONS.journal, permission: 'register.read' },
      { name: 'register-findings', labelKey: 'register.nav.findings', icon: ICONS.alert, permission: 'register.read' },
      { name: 'register-policy', labelKey: 'register.nav.policy', icon: ICONS.file, permission: 'register.read' },
      { name: 'subject-requests', labelKey: 'subject-requests.nav', icon: ICONS.clock, permission: 'subject-requests.read' },
      { name: 'destruction-acts', labelKey: 'subject-requests.actsNav', icon: ICONS.trash, permission: 'subject-requests.read' },
      { name: 'retention', labelKey: 'retention.nav', icon: ICONS.lock, permission: 'register.read' },
    ],
  },
  {
    // The business's administration: people first, then the business, then the journals.
    // Roles are shown to whoever sees the team (their page is read-only without `roles.manage`).
    id: 'settings',
    labelKey: 'common.nav.groups.settings',
    items: [
      { name: 'team', labelKey: 'common.nav.team', icon: ICONS.users, permission: 'members.read' },
      { name: 'roles', labelKey: 'common.nav.roles', icon: ICONS.badge, permission: 'members.read' },
      { name: 'organisation', labelKey: 'common.nav.organisation', icon: ICONS.building, permission: 'tenant.read' },
      { name: 'api-tokens', labelKey: 'common.nav.apiTokens', icon: ICONS.key, permission: 'api-tokens.manage' },
      { name: 'audit', labelKey: 'common.nav.audit', icon: ICONS.journal, permission: 'audit.read' },
      { name: 'access-journal', labelKey: 'common.nav.accessJournal', icon: ICONS.eye, permission: 'access-journal.read' },
    ],
  },
];

/** The groups with only the items the user may open; a group left empty disappears. */
export function visibleNavigation(groups: NavigationGroup[], can: (permission: Permission) => boolean): NavigationGroup[] {
  return groups
    .map((group) => ({ ...group, items: group.items.filter((item) => !item.permission || can(item.permission)) }))
    .filter((group) => group.items.length > 0);
}
