import type { Schemas } from '@perepiska/api-client';

export type Role = Schemas['RoleDto'];
export type NewRole = Schemas['CreateRoleDto'];
export type RoleChanges = Schemas['UpdateRoleDto'];
export type RolePermission = NewRole['permissions'][number];

/** The API's bounds for a custom role's name and description. */
export const ROLE_NAME_MIN = 2;
export const ROLE_NAME_MAX = 60;
export const ROLE_DESCRIPTION_MAX = 300;

/**
 * Whether the user may edit or delete a custom role: the API asks the editor to hold every
 * permission the role grants now (nobody changes a role that reaches beyond their own).
 */
export function editableBy(role: Role, can: (permission: string) => boolean): boolean {
  return !role.builtIn && role.permissions.every(can);
}

/** "The role is held by 2 employee(s): …" → 2; the API says it in prose only. */
export function holdersFromConflict(message: string): number | null {
  const match = /held by (\d+)/.exec(message);
  return match ? Number(match[1]) : null;
}
