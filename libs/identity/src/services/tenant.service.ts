import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InvalidInputError, NotFoundError, type Principal } from '@perepiska/platform';
import { DataSource } from 'typeorm';
import { validateRequisites } from '../domain/russian-requisites';
import { Tenant } from '../persistence/tenant.entity';
import { AuditService } from './audit.service';

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
      const saved = await manager.save(Tenant, next);
      await this.audit.byPrincipal(principal, { action: 'tenant.updated', target: { type: 'tenant', id: tenant.id }, details: { changed } }, manager);
      return saved;
    });
  }
}
