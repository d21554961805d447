import { useI18n } from 'vue-i18n';

/**
 * The roles every business has. The API names them by these keys wherever a role appears
 * (`me.tenant.role`, a member's or an invitation's `role`); a custom role by its own name.
 */
export const BUILT_IN_ROLES = ['owner', 'admin', 'operator', 'compliance-officer', 'accountant', 'auditor'] as const;
export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];

type Translate = (key: string) => string;

export function isBuiltInRole(role: string): role is BuiltInRole {
  return (BUILT_IN_ROLES as readonly string[]).includes(role);
}

/** «Владелец» for `owner`; a custom role keeps the name the business gave it. */
export function roleLabel(role: string, t: Translate): string {
  return isBuiltInRole(role) ? t(`common.roles.${role}`) : role;
}

/**
 * What a built-in role is for, in a sentence; the API describes only custom roles (their
 * own description, or '' for a built-in one).
 */
export function roleDescription(role: { id: string; description: string }, t: Translate): string {
  return role.description || (isBuiltInRole(role.id) ? t(`common.roleDescriptions.${role.id}`) : '');
}

/** `roleLabel` in the current language, for a component's template. */
export function useRoleLabel(): (role: string) => string {
  const { t } = useI18n();
  return (role) => roleLabel(role, t);
}
