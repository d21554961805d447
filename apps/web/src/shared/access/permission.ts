import type { Schemas } from '@perepiska/api-client';

/** The closed permission catalogue, as the API declares it (a token can hold any of them). */
export type Permission = Schemas['CreateApiTokenDto']['permissions'][number];

/** Areas in the catalogue's order: the business first, then people, then the product. */
const AREA_ORDER = [
  'tenant',
  'members',
  'roles',
  'api-tokens',
  'audit',
  'access-journal',
  'connections',
  'conversations',
  'contacts',
  'consent',
  'legal-documents',
  'register',
  'subject-requests',
  'retention',
  'billing',
];
/** Within an area, from looking to changing to removing. */
const ACTION_ORDER = ['read', 'read-all', 'reply', 'assign', 'export', 'manage', 'delete'];

/** `conversations.read-all` belongs to the `conversations` area: the part before the dot. */
export function permissionArea(permission: string): string {
  return permission.split('.')[0] ?? permission;
}

const rank = (order: string[], value: string) => (order.includes(value) ? order.indexOf(value) : order.length);

/** Permissions grouped by area, in catalogue order; unknown areas and actions go last. */
export function groupByArea<T extends string>(permissions: readonly T[]): Array<{ area: string; permissions: T[] }> {
  const groups = new Map<string, T[]>();
  for (const permission of permissions) {
    const area = permissionArea(permission);
    groups.set(area, [...(groups.get(area) ?? []), permission]);
  }
  const action = (permission: string) => permission.slice(permission.indexOf('.') + 1);
  return [...groups]
    .sort(([a], [b]) => rank(AREA_ORDER, a) - rank(AREA_ORDER, b))
    .map(([area, list]) => ({ area, permissions: [...list].sort((a, b) => rank(ACTION_ORDER, action(a)) - rank(ACTION_ORDER, action(b))) }));
}

type Translate = (key: string) => string;
type Has = (key: string) => boolean;

/** «Диалоги» for `conversations`; an area the SPA has no words for shows as it is. */
export function permissionAreaLabel(area: string, t: Translate, te: Has): string {
  return te(`common.permissionAreas.${area}`) ? t(`common.permissionAreas.${area}`) : area;
}

/** «Ответы клиентам» for `conversations.reply`; an unknown permission shows as it is. */
export function permissionLabel(permission: string, t: Translate, te: Has): string {
  return te(`common.permissions.${permission}`) ? t(`common.permissions.${permission}`) : permission;
}
