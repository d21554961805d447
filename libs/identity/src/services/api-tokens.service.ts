import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InvalidInputError, NotFoundError, type Permission, type Principal } from '@perepiska/platform';
import { DataSource, IsNull } from 'typeorm';
import { ApiToken } from '../persistence/api-token.entity';
import { AuditService } from './audit.service';
import { newApiToken, sha256 } from './secrets';

export const MAX_TOKEN_LIFETIME_DAYS = 366;

export interface CreateApiTokenInput {
  name: string;
  permissions: Permission[];
  expiresAt: Date;
}

@Injectable()
export class ApiTokensService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(tenantId: string): Promise<ApiToken[]> {
    return this.dataSource.getRepository(ApiToken).find({ where: { tenantId }, order: { createdAt: 'DESC' } });
  }

  /** Returns the token itself once; afterwards only its hash exists. */
  async create(principal: Principal, input: CreateApiTokenInput): Promise<{ token: string; record: ApiToken }> {
    // Nobody hands out more than they hold themselves.
    const beyond = input.permissions.filter((p) => !principal.permissions.has(p));
    if (beyond.length) {
      throw new InvalidInputError(`Validation failed: permissions`, [{ field: 'permissions', messages: [`you do not hold: ${beyond.join(', ')}`] }]);
    }
    const now = Date.now();
    if (input.expiresAt.getTime() <= now || input.expiresAt.getTime() > now + MAX_TOKEN_LIFETIME_DAYS * 86_400_000) {
      throw new InvalidInputError('Validation failed: expiresAt', [{ field: 'expiresAt', messages: [`must be in the future and within ${MAX_TOKEN_LIFETIME_DAYS} days`] }]);
    }
    const token = newApiToken();
    return this.dataSource.transaction(async (manager) => {
      const record = await manager.save(
        manager.create(ApiToken, {
          tenantId: principal.tenantId,
          name: input.name.trim(),
          tokenHash: sha256(token),
          prefix: token.slice(0, 10),
          permissions: [...new Set(input.permissions)].sort(),
          createdBy: principal.userId ?? null,
          expiresAt: input.expiresAt,
        }),
      );
      await this.audit.byPrincipal(
        principal,
        { action: 'api-token.created', target: { type: 'api-token', id: record.id }, details: { name: record.name, permissions: record.permissions, expiresAt: record.expiresAt } },
        manager,
      );
      return { token, record };
    });
  }

  /** Takes effect on the token's very next request. */
  async revoke(principal: Principal, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const result = await manager.update(ApiToken, { id, tenantId: principal.tenantId, revokedAt: IsNull() }, { revokedAt: new Date() });
      if (!result.affected) {
        const exists = await manager.existsBy(ApiToken, { id, tenantId: principal.tenantId });
        if (!exists) throw new NotFoundError('API token not found');
        return;
      }
      await this.audit.byPrincipal(principal, { action: 'api-token.revoked', target: { type: 'api-token', id } }, manager);
    });
  }
}
