import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainEvents, InvalidInputError, NotFoundError, type Principal, RefusedError, RetentionSchedule, TenantDeleted } from '@perepiska/platform';
import { DataSource, IsNull } from 'typeorm';
import { validateRequisites } from '../domain/russian-requisites';
import { ApiToken } from '../persistence/api-token.entity';
import { Session } from '../persistence/session.entity';
import { Tenant } from '../persistence/tenant.entity';
import { User } from '../persistence/user.entity';
import { AuditService } from './audit.service';
import { AuthService } from './auth.service';
import { REGISTRATION_DATA_TARGET } from './registration-retention.target';

export interface TenantChanges {
  name?: string;
  inn?: string;
  ogrn?: string;
  kpp?: string | null;
  legalAddress?: string;
  requireTwoFactor?: boolean;
}

@Injectable()
export class TenantService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    private readonly events: DomainEvents,
    private readonly retention: RetentionSchedule,
    private readonly clock: Clock,
  ) {}

  async get(tenantId: string): Promise<Tenant> {
    const tenant = await this.dataSource.getRepository(Tenant).findOneBy({ id: tenantId, status: 'active' });
    if (!tenant) throw new NotFoundError('Business not found');
    return tenant;
  }

  async update(principal: Principal, input: TenantChanges): Promise<Tenant> {
    // Absent fields (undefined, as DTO class fields are) leave the stored value alone.
    const changes = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as TenantChanges;
    return this.dataSource.transaction(async (manager) => {
      const tenant = await manager.findOne(Tenant, { where: { id: principal.tenantId, status: 'active' }, lock: { mode: 'pessimistic_write' } });
      if (!tenant) throw new NotFoundError('Business not found');
      const next = { ...tenant, ...changes, kpp: changes.kpp === undefined ? tenant.kpp : changes.kpp || null };
      const problems = validateRequisites({ inn: next.inn, ogrn: next.ogrn, kpp: next.kpp });
      if (problems.length) {
        throw new InvalidInputError(
          `Validation failed: ${problems.map((p) => p.field).join(', ')}`,
          problems.map((p) => ({ field: p.field, messages: [p.message] })),
        );
      }
      const changed = Object.fromEntries(
        (Object.keys(changes) as Array<keyof TenantChanges>)
          .filter((key) => changes[key] !== undefined && changes[key] !== tenant[key])
          .map((key) => [key, { from: tenant[key], to: next[key] }]),
      );
      if (!Object.keys(changed).length) return tenant;
      if (changes.requireTwoFactor && !tenant.requireTwoFactor && principal.userId) {
        const actor = await manager.findOneBy(User, { id: principal.userId });
        if (!actor?.totpEnabled) {
          throw new RefusedError('Turn on two-factor authentication for yourself before requiring it of everyone', [
            { field: 'requireTwoFactor', messages: ['turn on two-factor authentication for yourself first'] },
          ]);
        }
      }
      const saved = await manager.save(Tenant, next);
      await this.audit.byPrincipal(principal, { action: 'tenant.updated', target: { type: 'tenant', id: tenant.id }, details: { changed } }, manager);
      return saved;
    });
  }

  /**
   * Closes the business at once: every session, token and invitation ends, `TenantDeleted`
   * goes out to the other modules, and the registration data is destroyed by the retention
   * engine when the platform register's period since the deletion runs out (`purgeAfter`).
   * The owner confirms with the business's name and their password.
   */
  async close(principal: Principal, input: { confirmName: string; password: string; totpCode?: string }): Promise<{ purgeAfter: Date | null }> {
    const tenant = await this.get(principal.tenantId);
    if (input.confirmName.trim() !== tenant.name) {
      throw new InvalidInputError('Validation failed: confirmName', [{ field: 'confirmName', messages: ['does not match the name of the business'] }]);
    }
    const user = principal.userId ? await this.dataSource.getRepository(User).findOneBy({ id: principal.userId }) : null;
    if (!user) throw new RefusedError('Only a signed-in owner can close the business');
    await this.auth.verifyCredentials(user, input.password, input.totpCode, { ip: principal.ip, userAgent: principal.userAgent });
    const closedAt = this.clock.now();
    const purgeAfter = await this.retention.expiresAt(REGISTRATION_DATA_TARGET, closedAt);
    return this.dataSource.transaction(async (manager) => {
      const result = await manager.update(Tenant, { id: tenant.id, status: 'active' }, { status: 'closed', closedAt, purgeAfter });
      if (!result.affected) throw new NotFoundError('Business not found');
      await manager.update(Session, { tenantId: tenant.id, revokedAt: IsNull() }, { revokedAt: closedAt, revokedReason: 'tenant-closed' });
      await manager.update(ApiToken, { tenantId: tenant.id, revokedAt: IsNull() }, { revokedAt: closedAt });
      await manager.query(`UPDATE invitations SET revoked_at = now() WHERE tenant_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL`, [tenant.id]);
      await this.audit.byPrincipal(principal, { action: 'tenant.deleted', target: { type: 'tenant', id: tenant.id }, details: { purgeAfter } }, manager);
      await this.events.publish(manager, TenantDeleted, { tenantId: tenant.id, closedAt: closedAt.toISOString(), purgeAfter: purgeAfter?.toISOString() ?? null });
      return { purgeAfter };
    });
  }
}
