import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotFoundError, type Principal, RefusedError } from '@perepiska/platform';
import { DataSource, IsNull } from 'typeorm';
import { Membership } from '../persistence/membership.entity';
import { Session } from '../persistence/session.entity';
import { AuditService } from './audit.service';

export interface MemberView {
  id: string;
  userId: string;
  fullName: string;
  email: string;
  role: string;
  status: string;
  createdAt: Date;
  deactivatedAt: Date | null;
}

@Injectable()
export class MembersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(tenantId: string): Promise<MemberView[]> {
    return this.dataSource.query(
      `SELECT m.id, m.user_id AS "userId", u.full_name AS "fullName", u.email, coalesce(m.builtin_role, r.name) AS role,
              m.status, m.created_at AS "createdAt", m.deactivated_at AS "deactivatedAt"
         FROM memberships m JOIN users u ON u.id = m.user_id LEFT JOIN roles r ON r.id = m.custom_role_id
        WHERE m.tenant_id = $1 ORDER BY m.created_at`,
      [tenantId],
    );
  }

  /** Access ends at once: the member's sessions in this business are revoked in the same transaction. */
  async deactivate(principal: Principal, membershipId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const membership = await manager.findOne(Membership, { where: { id: membershipId, tenantId: principal.tenantId }, lock: { mode: 'pessimistic_write' } });
      if (!membership) throw new NotFoundError('Member not found');
      if (membership.userId === principal.userId) throw new RefusedError('You cannot deactivate yourself');
      if (membership.status === 'deactivated') return;
      if (membership.builtinRole === 'owner') {
        const actor = principal.membershipId ? await manager.findOneBy(Membership, { id: principal.membershipId }) : null;
        if (actor?.builtinRole !== 'owner') throw new RefusedError('Only an owner can deactivate an owner');
      }
      await manager.update(Membership, { id: membership.id }, { status: 'deactivated', deactivatedAt: new Date() });
      await manager.update(Session, { userId: membership.userId, tenantId: membership.tenantId, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: 'member-deactivated' });
      await this.audit.byPrincipal(principal, { action: 'member.deactivated', target: { type: 'membership', id: membership.id } }, manager);
    });
  }

  async reactivate(principal: Principal, membershipId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const result = await manager.update(Membership, { id: membershipId, tenantId: principal.tenantId, status: 'deactivated' }, { status: 'active', deactivatedAt: null });
      if (!result.affected) {
        if (!(await manager.existsBy(Membership, { id: membershipId, tenantId: principal.tenantId }))) throw new NotFoundError('Member not found');
        return;
      }
      await this.audit.byPrincipal(principal, { action: 'member.reactivated', target: { type: 'membership', id: membershipId } }, manager);
    });
  }
}
