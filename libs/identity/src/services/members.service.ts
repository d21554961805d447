import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotFoundError, type Principal, RefusedError, isPermission } from '@perepiska/platform';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { Membership } from '../persistence/membership.entity';
import { Session } from '../persistence/session.entity';
import { AuditService } from './audit.service';
import { RolesService } from './roles.service';

export interface MemberView {
  id: string;
  userId: string;
  fullName: string;
  email: string;
  /** The role's display name: a built-in key or the custom role's name. */
  role: string;
  /** A built-in key or a custom role's id, as `PATCH /members/:id` takes it. */
  roleId: string;
  status: string;
  twoFactorEnabled: boolean;
  createdAt: Date;
  deactivatedAt: Date | null;
}

@Injectable()
export class MembersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly roles: RolesService,
  ) {}

  /** The business's members, or just one of them. */
  list(tenantId: string, membershipId?: string): Promise<MemberView[]> {
    return this.dataSource.query(
      `SELECT m.id, m.user_id AS "userId", u.full_name AS "fullName", u.email, coalesce(m.builtin_role, r.name) AS role,
              coalesce(m.builtin_role, m.custom_role_id::text) AS "roleId", m.status, u.totp_enabled AS "twoFactorEnabled",
              m.created_at AS "createdAt", m.deactivated_at AS "deactivatedAt"
         FROM memberships m JOIN users u ON u.id = m.user_id LEFT JOIN roles r ON r.id = m.custom_role_id
        WHERE m.tenant_id = $1 AND ($2::uuid IS NULL OR m.id = $2) ORDER BY m.created_at`,
      [tenantId, membershipId ?? null],
    );
  }

  /** Access ends at once: the member's sessions in this business are revoked in the same transaction. */
  async deactivate(principal: Principal, membershipId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const membership = await this.target(manager, principal, membershipId, 'deactivate');
      if (membership.status === 'deactivated') return;
      await manager.update(Membership, { id: membership.id }, { status: 'deactivated', deactivatedAt: new Date() });
      await revokeSessions(manager, membership, 'member-deactivated');
      await this.audit.byPrincipal(principal, { action: 'member.deactivated', target: { type: 'membership', id: membership.id } }, manager);
    });
  }

  async reactivate(principal: Principal, membershipId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const membership = await this.target(manager, principal, membershipId, 'reactivate');
      if (membership.status === 'active') return;
      await manager.update(Membership, { id: membership.id }, { status: 'active', deactivatedAt: null, blockedReason: null });
      await this.audit.byPrincipal(principal, { action: 'member.reactivated', target: { type: 'membership', id: membershipId } }, manager);
    });
  }

  /** A new role applies from the member's next request: permissions are read on every request. */
  async changeRole(principal: Principal, membershipId: string, roleReference: string): Promise<MemberView> {
    await this.dataSource.transaction(async (manager) => {
      const membership = await this.target(manager, principal, membershipId, 'change the role of');
      const role = await this.roles.resolve(manager, principal, roleReference);
      if (membership.builtinRole === role.builtinRole && membership.customRoleId === role.customRoleId) return;
      if (membership.builtinRole === 'owner' && role.builtinRole !== 'owner') await ensureAnotherOwner(manager, membership);
      const from = membership.builtinRole ?? membership.customRoleId;
      await manager.update(Membership, { id: membership.id }, { builtinRole: role.builtinRole, customRoleId: role.customRoleId });
      await this.audit.byPrincipal(
        principal,
        { action: 'member.role-changed', target: { type: 'membership', id: membership.id }, details: { from, to: role.builtinRole ?? role.customRoleId, roleName: role.name } },
        manager,
      );
    });
    const [view] = await this.list(principal.tenantId, membershipId);
    if (!view) throw new NotFoundError('Member not found');
    return view;
  }

  /** The employee leaves the business: membership gone, sessions ended; the user account stays. */
  async remove(principal: Principal, membershipId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const membership = await this.target(manager, principal, membershipId, 'remove');
      if (membership.builtinRole === 'owner') await ensureAnotherOwner(manager, membership);
      await revokeSessions(manager, membership, 'member-removed');
      await manager.delete(Membership, { id: membership.id });
      await this.audit.byPrincipal(principal, { action: 'member.removed', target: { type: 'membership', id: membership.id }, details: { userId: membership.userId } }, manager);
    });
  }

  /**
   * The member to act on, locked. Nobody acts on themselves here, and nobody acts on a member
   * who holds a permission they lack (an admin cannot touch an owner).
   */
  private async target(manager: EntityManager, principal: Principal, membershipId: string, verb: string): Promise<Membership> {
    const membership = await manager.findOne(Membership, { where: { id: membershipId, tenantId: principal.tenantId }, lock: { mode: 'pessimistic_write' } });
    if (!membership) throw new NotFoundError('Member not found');
    if (principal.userId && membership.userId === principal.userId) throw new RefusedError(`You cannot ${verb} yourself`);
    const beyond = (await this.roles.permissionsOf(manager, membership)).filter((p) => isPermission(p) && !principal.permissions.has(p));
    if (beyond.length) throw new RefusedError(`You cannot ${verb} an employee who holds permissions you do not: ${beyond.join(', ')}`);
    return membership;
  }
}

async function revokeSessions(manager: EntityManager, membership: Membership, reason: string): Promise<void> {
  await manager.update(Session, { userId: membership.userId, tenantId: membership.tenantId, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
}

/** A business always keeps an active owner: someone must be able to close it. */
async function ensureAnotherOwner(manager: EntityManager, membership: Membership): Promise<void> {
  const [{ count }] = await manager.query<Array<{ count: string }>>(
    `SELECT count(*) FROM memberships WHERE tenant_id = $1 AND builtin_role = 'owner' AND status = 'active' AND id <> $2`,
    [membership.tenantId, membership.id],
  );
  if (Number(count) === 0) throw new RefusedError('The business must keep at least one active owner');
}
