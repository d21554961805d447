import { api, unwrap, unwrapEmpty } from '@/shared/api/client';
import type { NewRole, Role, RoleChanges } from './roles.types';

const byId = (id: string) => ({ params: { path: { id } } });

export const rolesApi = {
  /** Built-in roles first, then the business's own, each with how many employees hold it. */
  list: (): Promise<Role[]> => unwrap(api.GET('/api/v1/roles')),
  /** Every permission there is, in the API's order. */
  catalogue: (): Promise<string[]> => unwrap(api.GET('/api/v1/permissions')),
  /** Only from permissions the user holds; the name must be free (built-in names included). */
  create: (body: NewRole): Promise<Role> => unwrap(api.POST('/api/v1/roles', { body })),
  /** Holders get the new permissions on their next request. */
  update: (id: string, body: RoleChanges): Promise<Role> => unwrap(api.PATCH('/api/v1/roles/{id}', { ...byId(id), body })),
  /** 409 while an employee holds the role. */
  remove: (id: string): Promise<void> => unwrapEmpty(api.DELETE('/api/v1/roles/{id}', byId(id))),
};
