import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConflictError, InvalidInputError, NotFoundError, type Permission, type Principal, isPermission } from '@perepiska/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { BUILT_IN_ROLES, BUILT_IN_ROLE_PERMISSIONS, isBuiltInRole } from '../domain/built-in-roles';
import { Role } from '../persistence/role.entity';
import { AuditService } from './audit.service';

export interface RoleView {
  /** A built-in role's key (e.g. "operator") or a custom role's uuid. */
  id: string;
  name: string;
  description: string;
  builtIn: boolean;
  permissions: string[];
  members: number;
}

export interface RoleInput {
  name: string;
  description?: string;
  permissions: Permission[];
}

/** Where a membership or an invitation points: exactly one of the two is set. */
export interface ResolvedRole {
  builtinRole: string | null;
  customRoleId: string | null;
  name: string;
  permissions: readonly string[];
}

@Injectable()
export class RolesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(tenantId: string): Promise<RoleView[]> {
    const counts: Array<{ role: string; members: string }> = await this.dataSource.query(
      `SELECT coalesce(builtin_role, custom_role_id::text) AS role, count(*) AS members FROM memberships WHERE tenant_id = $1 GROUP BY 1`,
      [tenantId],
    );
    const members = new Map(counts.map((c) => [c.role, Number(c.members)]));
    const custom = await this.dataSource.getRepository(Role).find({ where: { tenantId }, order: { name: 'ASC' } });
    return [
      ...BUILT_IN_ROLES.map((role) => ({ id: role, name: role, description: '', builtIn: true, permissions: [...BUILT_IN_ROLE_PERMISSIONS[role]], members: members.get(role) ?? 0 })),
      ...custom.map((role) => ({ ...customView(role), members: members.get(role.id) ?? 0 })),
    ];
  }

  async create(principal: Principal, input: RoleInput): Promise<RoleView> {
    const permissions = this.grantable(principal, input.permissions);
    return this.dataSource.transaction(async (manager) => {
      await this.ensureNameFree(manager, principal.tenantId, input.name);
      const role = await manager.save(
        manager.create(Role, { tenantId: principal.tenantId, name: input.name.trim(), description: input.description?.trim() ?? '', permissions }),
      );
      await this.audit.byPrincipal(principal, { action: 'role.created', target: { type: 'role', id: role.id }, details: { name: role.name, permissions } }, manager);
      return { ...customView(role), members: 0 };
    });
  }

  /** Changes apply to every holder of the role from their next request. */
  async update(principal: Principal, roleId: string, input: Partial<RoleInput>): Promise<RoleView> {
    return this.dataSource.transaction(async (manager) => {
      const role = await this.customRole(manager, principal.tenantId, roleId, true);
      // Whoever edits a role must hold what it grants now and what it will grant.
      this.grantable(principal, role.permissions.filter(isPermission));
      const permissions = input.permissions ? this.grantable(principal, input.permissions) : role.permissions;
      if (input.name !== undefined && input.name.trim().toLowerCase() !== role.name.toLowerCase()) await this.ensureNameFree(manager, principal.tenantId, input.name);
      const before = { name: role.name, description: role.description, permissions: role.permissions };
      role.name = input.name?.trim() ?? role.name;
      role.description = input.description?.trim() ?? role.description;
      role.permissions = permissions;
      const saved = await manager.save(Role, role);
      await this.audit.byPrincipal(
        principal,
        { action: 'role.updated', target: { type: 'role', id: role.id }, details: { before, after: { name: saved.name, description: saved.description, permissions: saved.permissions } } },
        manager,
      );
      const [{ count }] = await manager.query<Array<{ count: string }>>('SELECT count(*) FROM memberships WHERE custom_role_id = $1', [role.id]);
      return { ...customView(saved), members: Number(count) };
    });
  }

  /** A role still held by an employee cannot go: give them another role first. */
  async remove(principal: Principal, roleId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const role = await this.customRole(manager, principal.tenantId, roleId, true);
      this.grantable(principal, role.permissions.filter(isPermission));
      const [{ count }] = await manager.query<Array<{ count: string }>>('SELECT count(*) FROM memberships WHERE custom_role_id = $1', [role.id]);
      if (Number(count) > 0) throw new ConflictError(`The role is held by ${count} employee(s): give them another role first`);
      await manager.delete(Role, { id: role.id });
      await this.audit.byPrincipal(principal, { action: 'role.deleted', target: { type: 'role', id: role.id }, details: { name: role.name } }, manager);
    });
  }

  /**
   * Reads a role reference from a request body (`role` field): a built-in key or a custom
   * role's id in this tenant. The actor must hold every permission the role grants.
   */
  async resolve(manager: EntityManager, principal: Principal, reference: string, field = 'role'): Promise<ResolvedRole> {
    let resolved: ResolvedRole | null = null;
    if (isBuiltInRole(reference)) {
      resolved = { builtinRole: reference, customRoleId: null, name: reference, permissions: BUILT_IN_ROLE_PERMISSIONS[reference] };
    } else if (/^[0-9a-f-]{36}$/i.test(reference)) {
      const role = await manager.findOneBy(Role, { id: reference, tenantId: principal.tenantId });
      if (role) resolved = { builtinRole: null, customRoleId: role.id, name: role.name, permissions: role.permissions };
    }
    if (!resolved) throw new InvalidInputError(`Validation failed: ${field}`, [{ field, messages: ['is not a role of this business'] }]);
    const beyond = resolved.permissions.filter((p) => isPermission(p) && !principal.permissions.has(p));
    if (beyond.length) throw new InvalidInputError(`Validation failed: ${field}`, [{ field, messages: [`grants permissions you do not hold: ${beyond.join(', ')}`] }]);
    return resolved;
  }

  /** The permissions a membership's role grants, for checks on the target of a change. */
  async permissionsOf(manager: EntityManager, membership: { builtinRole: string | null; customRoleId: string | null }): Promise<readonly string[]> {
    if (membership.builtinRole && isBuiltInRole(membership.builtinRole)) return BUILT_IN_ROLE_PERMISSIONS[membership.builtinRole];
    if (!membership.customRoleId) return [];
    return (await manager.findOneBy(Role, { id: membership.customRoleId }))?.permissions ?? [];
  }

  private grantable(principal: Principal, permissions: Permission[]): string[] {
    const beyond = permissions.filter((p) => !principal.permissions.has(p));
    if (beyond.length) throw new InvalidInputError('Validation failed: permissions', [{ field: 'permissions', messages: [`you do not hold: ${beyond.join(', ')}`] }]);
    return [...new Set(permissions)].sort();
  }

  private async ensureNameFree(manager: EntityManager, tenantId: string, name: string): Promise<void> {
    const trimmed = name.trim();
    const taken = isBuiltInRole(trimmed.toLowerCase()) || (await manager.createQueryBuilder(Role, 'r').where('r.tenant_id = :tenantId AND lower(r.name) = lower(:name)', { tenantId, name: trimmed }).getExists());
    if (taken) throw new ConflictError('A role with this name exists', [{ field: 'name', messages: ['is taken'] }]);
  }

  private async customRole(manager: EntityManager, tenantId: string, roleId: string, lock: boolean): Promise<Role> {
    const role = await manager.findOne(Role, { where: { id: roleId, tenantId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!role) throw new NotFoundError('Role not found');
    return role;
  }
}

function customView(role: Role): Omit<RoleView, 'members'> {
  return { id: role.id, name: role.name, description: role.description, builtIn: false, permissions: role.permissions };
}
