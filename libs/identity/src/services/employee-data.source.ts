import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type BlockInstruction,
  type ErasureMethod,
  type ErasureReport,
  type FieldCorrection,
  InvalidInputError,
  type PersonalDataItem,
  type PersonalDataSource,
  PersonalDataSourceRegistry,
  type SubjectLocator,
} from '@perepiska/platform';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from './audit.service';

interface MemberRow {
  membership_id: string;
  user_id: string;
  email: string;
  full_name: string;
  role: string;
  status: string;
  totp_enabled: boolean;
  created_at: Date;
}

const RECTIFIABLE: Record<string, 'full_name' | 'email'> = { fullName: 'full_name', email: 'email' };

/**
 * The employees of a business as data subjects (152-FZ art. 14, 20, 21): their accounts,
 * memberships, sessions and invitations, always confined to one tenant. A person who also
 * works for another business keeps their account there; only this business's data goes.
 */
@Injectable()
export class EmployeeDataSource implements PersonalDataSource, OnModuleInit {
  readonly name = 'identity.employees';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: PersonalDataSourceRegistry,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async find(subject: SubjectLocator): Promise<PersonalDataItem[]> {
    const members = await this.members(this.dataSource.manager, subject);
    const items: PersonalDataItem[] = [];
    for (const m of members) {
      items.push({
        source: this.name,
        category: 'employee-account',
        recordId: m.user_id,
        fields: { fullName: m.full_name, email: m.email, role: m.role, status: m.status, twoFactorEnabled: m.totp_enabled },
        collectedAt: m.created_at,
      });
      const sessions = await this.dataSource.query<Array<{ id: string; ip: string | null; user_agent: string | null; created_at: Date; last_used_at: Date }>>(
        `SELECT id, ip, user_agent, created_at, last_used_at FROM sessions WHERE user_id = $1 AND tenant_id = $2 ORDER BY created_at`,
        [m.user_id, subject.tenantId],
      );
      for (const s of sessions) {
        items.push({ source: this.name, category: 'connection-data', recordId: s.id, fields: { ip: s.ip, userAgent: s.user_agent, lastUsedAt: s.last_used_at }, collectedAt: s.created_at });
      }
    }
    const invitations = await this.dataSource.query<Array<{ id: string; email: string; created_at: Date; accepted_at: Date | null }>>(
      `SELECT id, email, created_at, accepted_at FROM invitations WHERE tenant_id = $1 AND email = ANY($2::citext[]) ORDER BY created_at`,
      [subject.tenantId, this.emails(subject, members)],
    );
    for (const i of invitations) {
      items.push({ source: this.name, category: 'employee-account', recordId: i.id, fields: { invitedEmail: i.email, acceptedAt: i.accepted_at }, collectedAt: i.created_at });
    }
    return items;
  }

  async rectify(subject: SubjectLocator, corrections: FieldCorrection[]): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const members = new Map((await this.members(manager, subject)).map((m) => [m.user_id, m]));
      let changed = 0;
      for (const correction of corrections) {
        const column = RECTIFIABLE[correction.field];
        const member = members.get(correction.recordId);
        if (!column || !member || typeof correction.value !== 'string' || !correction.value.trim()) {
          throw new InvalidInputError(`Validation failed: ${correction.field}`, [{ field: correction.field, messages: ['cannot be corrected here'] }]);
        }
        await manager.query(`UPDATE users SET ${column} = $2, updated_at = now() WHERE id = $1`, [member.user_id, correction.value.trim()]);
        await this.audit.record({ action: 'member.rectified', tenantId: subject.tenantId, target: { type: 'membership', id: member.membership_id }, details: { field: correction.field } }, manager);
        changed += 1;
      }
      return changed;
    });
  }

  /** Blocking stops the processing: the employee cannot sign in to this business until unblocked. */
  async block(subject: SubjectLocator, instruction: BlockInstruction): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const members = (await this.members(manager, subject)).filter((m) => m.status === 'active');
      for (const m of members) {
        await manager.query(`UPDATE memberships SET status = 'deactivated', deactivated_at = now(), blocked_reason = $2 WHERE id = $1`, [m.membership_id, instruction.reason]);
        await manager.query(`UPDATE sessions SET revoked_at = now(), revoked_reason = 'subject-blocked' WHERE user_id = $1 AND tenant_id = $2 AND revoked_at IS NULL`, [m.user_id, subject.tenantId]);
        await this.audit.record({ action: 'member.blocked', tenantId: subject.tenantId, target: { type: 'membership', id: m.membership_id } }, manager);
      }
      return members.length;
    });
  }

  async unblock(subject: SubjectLocator): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const ids = (await this.members(manager, subject)).map((m) => m.membership_id);
      const [rows] = await manager.query<[Array<{ id: string }>, number]>(
        `UPDATE memberships SET status = 'active', deactivated_at = NULL, blocked_reason = NULL WHERE id = ANY($1::uuid[]) AND blocked_reason IS NOT NULL RETURNING id`,
        [ids],
      );
      for (const row of rows) await this.audit.record({ action: 'member.unblocked', tenantId: subject.tenantId, target: { type: 'membership', id: row.id } }, manager);
      return rows.length;
    });
  }

  /**
   * The employee's data in this business goes: membership, sessions, invitations. Their account
   * itself is destroyed or depersonalised only when no other business holds it.
   */
  async erase(subject: SubjectLocator, method: ErasureMethod): Promise<ErasureReport> {
    return this.dataSource.transaction(async (manager) => {
      const members = await this.members(manager, subject);
      const emails = this.emails(subject, members);
      let records = 0;
      for (const m of members) {
        const [, sessions] = await manager.query<[unknown, number]>(`DELETE FROM sessions WHERE user_id = $1 AND tenant_id = $2`, [m.user_id, subject.tenantId]);
        await manager.query(`DELETE FROM memberships WHERE id = $1`, [m.membership_id]);
        records += 1 + sessions;
        const [{ others }] = await manager.query<Array<{ others: number }>>(`SELECT count(*)::int AS others FROM memberships WHERE user_id = $1`, [m.user_id]);
        if (others === 0) {
          if (method === 'destroy') {
            await manager.query(`DELETE FROM users WHERE id = $1`, [m.user_id]);
          } else {
            await manager.query(
              `UPDATE users SET email = $2, full_name = 'Удалённый пользователь', password_hash = $3, totp_secret = NULL, totp_enabled = false, updated_at = now() WHERE id = $1`,
              [m.user_id, `erased-${randomUUID()}@erased.invalid`, `erased:${randomBytes(16).toString('hex')}`],
            );
          }
          records += 1;
        }
        await this.audit.record({ action: 'member.erased', tenantId: subject.tenantId, target: { type: 'membership', id: m.membership_id }, details: { method } }, manager);
      }
      const [, invitations] = await manager.query<[unknown, number]>(`DELETE FROM invitations WHERE tenant_id = $1 AND email = ANY($2::citext[])`, [subject.tenantId, emails]);
      records += invitations;
      return { source: this.name, method, records, categories: records ? ['employee-account', 'connection-data'] : [] };
    });
  }

  private members(manager: EntityManager, subject: SubjectLocator): Promise<MemberRow[]> {
    return manager.query(
      `SELECT m.id AS membership_id, u.id AS user_id, u.email, u.full_name, coalesce(m.builtin_role, r.name) AS role, m.status, u.totp_enabled, m.created_at
         FROM memberships m JOIN users u ON u.id = m.user_id LEFT JOIN roles r ON r.id = m.custom_role_id
        WHERE m.tenant_id = $1 AND (u.id = ANY($2::uuid[]) OR u.email = ANY($3::citext[]))`,
      [subject.tenantId, subject.userIds ?? [], (subject.emails ?? []).map((e) => e.trim().toLowerCase())],
    );
  }

  private emails(subject: SubjectLocator, members: MemberRow[]): string[] {
    return [...new Set([...(subject.emails ?? []).map((e) => e.trim().toLowerCase()), ...members.map((m) => m.email.toLowerCase())])];
  }
}
