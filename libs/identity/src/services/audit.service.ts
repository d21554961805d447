import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AuditTrail, MODULE_AUDIT_ACTIONS, type ModuleAuditEntry, type Principal } from '@perepiska/platform';
import { type EntityManager, Repository } from 'typeorm';
import { AuditEvent } from '../persistence/audit-event.entity';

/** The security events of IAM-3 and reference 003 §9, named `area.event`. */
export const AUDIT_ACTIONS = [
  'tenant.created',
  'tenant.updated',
  'auth.signed-up',
  'auth.login-succeeded',
  'auth.login-failed',
  'auth.refresh-reused',
  'auth.logged-out',
  'auth.logged-out-everywhere',
  'auth.tenant-switched',
  'auth.two-factor-enabled',
  'auth.two-factor-disabled',
  'api-token.created',
  'api-token.revoked',
  'auth.password-reset-requested',
  'auth.password-reset',
  'member.deactivated',
  'member.reactivated',
  'member.role-changed',
  'member.removed',
  'member.blocked',
  'member.unblocked',
  'member.rectified',
  'member.erased',
  'invitation.created',
  'invitation.revoked',
  'invitation.accepted',
  'role.created',
  'role.updated',
  'role.deleted',
  'tenant.deleted',
  'tenant.purged',
  // Written by other modules through the platform's port.
  ...MODULE_AUDIT_ACTIONS,
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface RequestMeta {
  ip?: string;
  userAgent?: string;
}

export interface AuditEntry {
  action: AuditAction;
  tenantId?: string | null;
  actorUserId?: string | null;
  actorTokenId?: string | null;
  target?: { type: string; id: string };
  details?: Record<string, unknown>;
  meta?: RequestMeta;
}

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  /** Records an event; pass the transaction's manager so the event commits with the change. */
  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    const repository = manager ? manager.getRepository(AuditEvent) : this.events;
    const event = repository.create({
      tenantId: entry.tenantId ?? null,
      actorUserId: entry.actorUserId ?? null,
      actorTokenId: entry.actorTokenId ?? null,
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      ip: entry.meta?.ip ?? null,
      userAgent: entry.meta?.userAgent ?? null,
      details: entry.details ?? {},
    });
    await repository.save(event);
  }

  /** The same event, attributed to whoever the principal is. */
  byPrincipal(principal: Principal, entry: Omit<AuditEntry, 'tenantId' | 'actorUserId' | 'actorTokenId' | 'meta'>, manager?: EntityManager): Promise<void> {
    return this.record(
      {
        ...entry,
        tenantId: principal.tenantId,
        actorUserId: principal.userId ?? null,
        actorTokenId: principal.tokenId ?? null,
        meta: { ip: principal.ip, userAgent: principal.userAgent },
      },
      manager,
    );
  }
}

/** The platform's port onto the log: another module's event, attributed to whoever the principal is. */
@Injectable()
export class ModuleAuditTrail extends AuditTrail {
  constructor(private readonly audit: AuditService) {
    super();
  }

  record(principal: Principal, entry: ModuleAuditEntry): Promise<void> {
    return this.audit.byPrincipal(principal, entry);
  }
}
