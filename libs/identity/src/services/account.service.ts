import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotFoundError, type Principal } from '@perepiska/platform';
import { DataSource } from 'typeorm';
import { User } from '../persistence/user.entity';

export interface TenantSummary {
  id: string;
  name: string;
  role: string;
}

@Injectable()
export class AccountService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async me(userId: string, principal: Principal) {
    const user = await this.dataSource.getRepository(User).findOneBy({ id: userId });
    if (!user) throw new NotFoundError('User not found');
    const memberships = await this.memberships(userId);
    const tenant = memberships.find((m) => m.id === principal.tenantId);
    if (!tenant) throw new NotFoundError('Business not found');
    return {
      user: { id: user.id, email: user.email, fullName: user.fullName, totpEnabled: user.totpEnabled },
      twoFactorSetupRequired: principal.twoFactorSetupRequired ?? false,
      tenant,
      membershipId: principal.membershipId ?? null,
      permissions: [...principal.permissions].sort(),
      memberships,
    };
  }

  /** The businesses the user may enter: active memberships of active tenants. */
  async memberships(userId: string): Promise<TenantSummary[]> {
    return this.dataSource.query(
      `SELECT t.id, t.name, coalesce(m.builtin_role, r.name) AS role
         FROM memberships m
         JOIN tenants t ON t.id = m.tenant_id AND t.status = 'active'
         LEFT JOIN roles r ON r.id = m.custom_role_id
        WHERE m.user_id = $1 AND m.status = 'active'
        ORDER BY m.created_at`,
      [userId],
    );
  }
}
