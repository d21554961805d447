import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConflictError, InvalidInputError, Mailer, NotFoundError, type Principal, SignupAgreements } from '@perepiska/platform';
import { DataSource } from 'typeorm';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity.options';
import { Membership } from '../persistence/membership.entity';
import { User } from '../persistence/user.entity';
import { AuditService, type RequestMeta } from './audit.service';
import { AuthService, type IssuedSession } from './auth.service';
import { PasswordHasher } from './password-hasher';
import { RolesService } from './roles.service';
import { newSecret, sha256 } from './secrets';

export const INVITATION_TTL_DAYS = 7;

export type InvitationStatus = 'pending' | 'accepted' | 'expired' | 'revoked';

export interface InvitationView {
  id: string;
  email: string;
  role: string;
  roleId: string;
  invitedBy: string | null;
  status: InvitationStatus;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
}

/** What the holder of an invitation link sees before accepting. */
export interface InvitationPreview {
  tenantName: string;
  email: string;
  role: string;
  invitedBy: string | null;
  expiresAt: Date;
  /** The e-mail already has an account: accepting asks for its password, not a new one. */
  existingAccount: boolean;
}

export interface AcceptInput {
  token: string;
  password: string;
  fullName?: string;
  totpCode?: string;
  /** A new account accepts the documents SignupAgreements lists. */
  acceptedVersionIds?: string[];
}

const SELECT_VIEW = `
  SELECT i.id, i.email, coalesce(i.builtin_role, r.name) AS role, coalesce(i.builtin_role, i.custom_role_id::text) AS "roleId",
         u.full_name AS "invitedBy", i.created_at AS "createdAt", i.expires_at AS "expiresAt", i.accepted_at AS "acceptedAt",
         CASE WHEN i.accepted_at IS NOT NULL THEN 'accepted' WHEN i.revoked_at IS NOT NULL THEN 'revoked'
              WHEN i.expires_at <= now() THEN 'expired' ELSE 'pending' END AS status
    FROM invitations i LEFT JOIN roles r ON r.id = i.custom_role_id LEFT JOIN users u ON u.id = i.invited_by`;

/** Employees join by a link sent to their e-mail, valid for a week (IAM-1). */
@Injectable()
export class InvitationsService {
  private readonly logger = new Logger('Invitations');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
    private readonly audit: AuditService,
    private readonly roles: RolesService,
    private readonly auth: AuthService,
    private readonly hasher: PasswordHasher,
    private readonly mailer: Mailer,
    private readonly agreements: SignupAgreements,
  ) {}

  list(tenantId: string): Promise<InvitationView[]> {
    return this.dataSource.query(`${SELECT_VIEW} WHERE i.tenant_id = $1 ORDER BY i.created_at DESC LIMIT 200`, [tenantId]);
  }

  /**
   * Creates the invitation and e-mails the link. The link is also answered once, so the
   * inviter can pass it on another way; afterwards only its hash exists. A pending invitation
   * to the same address is replaced.
   */
  async create(principal: Principal, input: { email: string; role: string }): Promise<{ invitation: InvitationView; link: string }> {
    const email = input.email.trim().toLowerCase();
    const token = newSecret();
    const id = await this.dataSource.transaction(async (manager) => {
      const role = await this.roles.resolve(manager, principal, input.role);
      const [member] = await manager.query<unknown[]>(
        `SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = $1 AND u.email = $2`,
        [principal.tenantId, email],
      );
      if (member) throw new ConflictError('This person is already an employee of the business', [{ field: 'email', messages: ['is already an employee'] }]);
      await manager.query(
        `UPDATE invitations SET revoked_at = now() WHERE tenant_id = $1 AND email = $2 AND accepted_at IS NULL AND revoked_at IS NULL`,
        [principal.tenantId, email],
      );
      const [row] = await manager.query<Array<{ id: string }>>(
        `INSERT INTO invitations (tenant_id, email, builtin_role, custom_role_id, token_hash, invited_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(days => $7)) RETURNING id`,
        [principal.tenantId, email, role.builtinRole, role.customRoleId, sha256(token), principal.userId ?? null, INVITATION_TTL_DAYS],
      );
      await this.audit.byPrincipal(principal, { action: 'invitation.created', target: { type: 'invitation', id: row.id }, details: { role: role.builtinRole ?? role.customRoleId } }, manager);
      return row.id;
    });
    const invitation = await this.view(principal.tenantId, id);
    const link = `${this.options.publicUrl}/invitation#${token}`;
    await this.sendInvitation(principal.tenantId, invitation, link);
    return { invitation, link };
  }

  async revoke(principal: Principal, invitationId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<Array<{
        accepted_at: Date | null;
        revoked_at: Date | null;
      }>>(`SELECT accepted_at, revoked_at FROM invitations WHERE id = $1 AND tenant_id = $2 FOR UPDATE`, [invitationId, principal.tenantId]);
      if (!row) throw new NotFoundError('Invitation not found');
      if (row.accepted_at) throw new ConflictError('The invitation has been accepted: deactivate or remove the employee instead');
      if (row.revoked_at) return;
      await manager.query(`UPDATE invitations SET revoked_at = now() WHERE id = $1`, [invitationId]);
      await this.audit.byPrincipal(principal, { action: 'invitation.revoked', target: { type: 'invitation', id: invitationId } }, manager);
    });
  }

  async preview(token: string): Promise<InvitationPreview> {
    const [row] = await this.dataSource.query<InvitationPreview[]>(
      `SELECT t.name AS "tenantName", i.email, coalesce(i.builtin_role, r.name) AS role, u.full_name AS "invitedBy", i.expires_at AS "expiresAt",
              EXISTS (SELECT 1 FROM users x WHERE x.email = i.email) AS "existingAccount"
         FROM invitations i JOIN tenants t ON t.id = i.tenant_id AND t.status = 'active'
         LEFT JOIN roles r ON r.id = i.custom_role_id LEFT JOIN users u ON u.id = i.invited_by
        WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()`,
      [sha256(token)],
    );
    if (!row) throw invalidLink();
    return row;
  }

  /**
   * Joins the business and signs in there. A newcomer chooses a name and a password; someone
   * who already has an account proves it with their password (and code, with two-factor on).
   */
  async accept(input: AcceptInput, meta: RequestMeta): Promise<IssuedSession> {
    const [invitation] = await this.dataSource.query<Array<{ id: string; tenant_id: string; email: string; builtin_role: string | null; custom_role_id: string | null }>>(
      `SELECT i.id, i.tenant_id, i.email, i.builtin_role, i.custom_role_id FROM invitations i JOIN tenants t ON t.id = i.tenant_id AND t.status = 'active'
        WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()`,
      [sha256(input.token)],
    );
    if (!invitation) throw invalidLink();

    let user = await this.dataSource.getRepository(User).findOneBy({ email: invitation.email });
    if (user) {
      await this.auth.verifyCredentials(user, input.password, input.totpCode, meta);
    } else if (!input.fullName?.trim()) {
      throw new InvalidInputError('Validation failed: fullName', [{ field: 'fullName', messages: ['is required for a new account'] }]);
    }
    const passwordHash = user ? null : await this.hasher.hash(input.password);
    return this.dataSource.transaction(async (manager) => {
      const claimed = await manager.query<[unknown[], number]>(
        `UPDATE invitations SET accepted_at = now() WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now() RETURNING id`,
        [invitation.id],
      );
      if (!claimed[1]) throw invalidLink();
      if (!user) {
        user = await manager.save(
          manager.create(User, { email: invitation.email, fullName: input.fullName!.trim(), passwordHash: passwordHash!, passwordChangedAt: new Date(), totpEnabled: false, locale: 'ru' }),
        );
        await this.agreements.record(
          manager,
          { tenantId: invitation.tenant_id, userId: user.id, fullName: user.fullName, email: user.email, ip: meta.ip ?? null, userAgent: meta.userAgent ?? null },
          input.acceptedVersionIds ?? [],
        );
      }
      if (await manager.existsBy(Membership, { tenantId: invitation.tenant_id, userId: user.id })) {
        throw new ConflictError('You are already an employee of this business: sign in instead');
      }
      await manager.save(
        manager.create(Membership, { tenantId: invitation.tenant_id, userId: user.id, builtinRole: invitation.builtin_role, customRoleId: invitation.custom_role_id, status: 'active' }),
      );
      await manager.query(`UPDATE invitations SET accepted_by = $2 WHERE id = $1`, [invitation.id, user.id]);
      await this.audit.record({ action: 'invitation.accepted', tenantId: invitation.tenant_id, actorUserId: user.id, target: { type: 'invitation', id: invitation.id }, meta }, manager);
      return this.auth.openSession(manager, user.id, invitation.tenant_id, meta);
    });
  }

  private async view(tenantId: string, id: string): Promise<InvitationView> {
    const [row] = await this.dataSource.query<InvitationView[]>(`${SELECT_VIEW} WHERE i.tenant_id = $1 AND i.id = $2`, [tenantId, id]);
    if (!row) throw new NotFoundError('Invitation not found');
    return row;
  }

  /** Best effort: the inviter has the link on screen if the mail does not go out. */
  private async sendInvitation(tenantId: string, invitation: InvitationView, link: string): Promise<void> {
    const [tenant] = await this.dataSource.query<Array<{ name: string }>>('SELECT name FROM tenants WHERE id = $1', [tenantId]);
    const inviter = invitation.invitedBy ?? 'Администратор';
    try {
      await this.mailer.send({
        to: invitation.email,
        subject: `Приглашение в «${tenant?.name ?? ''}» в Переписке`,
        text: [
          `${inviter} приглашает вас работать в «${tenant?.name ?? ''}» в Переписке.`,
          '',
          `Принять приглашение: ${link}`,
          '',
          `Ссылка действует ${INVITATION_TTL_DAYS} дней. Если вы не ждали этого письма, просто удалите его.`,
        ].join('\n'),
      });
    } catch (error) {
      this.logger.warn(`Invitation ${invitation.id} was not e-mailed: ${(error as Error).message}`);
    }
  }
}

function invalidLink(): NotFoundError {
  return new NotFoundError('The invitation link is invalid, expired, revoked or already used');
}

