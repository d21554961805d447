import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConflictError, InvalidInputError, SignupAgreements } from '@perepiska/platform';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { validateRequisites } from '../domain/russian-requisites';
import { Membership } from '../persistence/membership.entity';
import { Session } from '../persistence/session.entity';
import { Tenant } from '../persistence/tenant.entity';
import { User } from '../persistence/user.entity';
import { ACCESS_TOKEN_TTL_SECONDS, AccessTokenSigner } from './access-token.signer';
import { AuditService, type RequestMeta } from './audit.service';
import { LoginThrottleStore } from './login-throttle.store';
import { PasswordHasher } from './password-hasher';
import { TwoFactorService } from './two-factor.service';
import { newSecret, sameHash, sha256 } from './secrets';

export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;

export interface SignupInput {
  tenant: { name: string; inn: string; ogrn: string; kpp?: string; legalAddress: string };
  owner: { fullName: string; email: string; password: string };
  /** The versions of the documents accepted by creating the account (SignupAgreements). */
  acceptedVersionIds: string[];
}

export interface LoginInput {
  email: string;
  password: string;
  totpCode?: string;
  tenantId?: string;
}

export interface IssuedSession {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  sessionId: string;
  userId: string;
  tenantId: string;
}

/** Why a sign-in failed; the HTTP layer answers every kind without naming the account. */
export class AuthenticationError extends Error {
  constructor(
    readonly reason: 'invalid-credentials' | 'totp-required' | 'totp-invalid' | 'no-active-membership' | 'session-invalid' | 'refresh-reused',
    readonly retryAfterSeconds?: number,
  ) {
    super(reason);
  }
}

export class ThrottledError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many failed attempts');
  }
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly signer: AccessTokenSigner,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottleStore,
    private readonly twoFactor: TwoFactorService,
    private readonly agreements: SignupAgreements,
  ) {}

  /** Creates a business account and its owner, and signs the owner in. */
  async signup(input: SignupInput, meta: RequestMeta): Promise<IssuedSession> {
    const problems = validateRequisites({ inn: input.tenant.inn, ogrn: input.tenant.ogrn, kpp: input.tenant.kpp });
    if (problems.length) {
      throw new InvalidInputError(
        `Validation failed: ${problems.map((p) => `tenant.${p.field}`).join(', ')}`,
        problems.map((p) => ({ field: `tenant.${p.field}`, messages: [p.message] })),
      );
    }
    const email = input.owner.email.trim().toLowerCase();
    const passwordHash = await this.hasher.hash(input.owner.password);
    return this.dataSource.transaction(async (manager) => {
      if (await manager.existsBy(User, { email })) {
        throw new ConflictError('An account with this e-mail already exists: sign in instead', [
          { field: 'owner.email', messages: ['is already registered'] },
        ]);
      }
      const tenant = await manager.save(
        manager.create(Tenant, {
          name: input.tenant.name.trim(),
          inn: input.tenant.inn,
          ogrn: input.tenant.ogrn,
          kpp: input.tenant.kpp || null,
          legalAddress: input.tenant.legalAddress.trim(),
          status: 'active',
          requireTwoFactor: false,
        }),
      );
      const user = await manager.save(
        manager.create(User, { email, fullName: input.owner.fullName.trim(), passwordHash, passwordChangedAt: new Date(), totpEnabled: false, locale: 'ru' }),
      );
      await manager.save(manager.create(Membership, { tenantId: tenant.id, userId: user.id, builtinRole: 'owner', customRoleId: null, status: 'active' }));
      await this.agreements.record(manager, { tenantId: tenant.id, userId: user.id, fullName: user.fullName, email, ip: meta.ip ?? null, userAgent: meta.userAgent ?? null }, input.acceptedVersionIds);
      await this.audit.record({ action: 'tenant.created', tenantId: tenant.id, actorUserId: user.id, target: { type: 'tenant', id: tenant.id }, meta }, manager);
      await this.audit.record({ action: 'auth.signed-up', tenantId: tenant.id, actorUserId: user.id, target: { type: 'user', id: user.id }, meta }, manager);
      return this.openSession(manager, user.id, tenant.id, meta);
    });
  }

  async login(input: LoginInput, meta: RequestMeta): Promise<IssuedSession> {
    const user = await this.dataSource.getRepository(User).findOneBy({ email: input.email.trim().toLowerCase() });
    await this.verifyCredentials(user, input.password, input.totpCode, meta, input.email);
    if (!user) throw new AuthenticationError('invalid-credentials'); // verifyCredentials has thrown already
    const membership = await this.activeMembership(user.id, input.tenantId);
    if (!membership) throw new AuthenticationError('no-active-membership');
    await this.throttle.recordSuccess(input.email);
    return this.dataSource.transaction(async (manager) => {
      await this.audit.record({ action: 'auth.login-succeeded', tenantId: membership.tenantId, actorUserId: user.id, meta }, manager);
      return this.openSession(manager, user.id, membership.tenantId, meta);
    });
  }

  /**
   * Checks a password (and the TOTP code when two-factor is on) under the login throttle.
   * Fails the same way whether or not the account exists.
   */
  async verifyCredentials(user: User | null, password: string, totpCode: string | undefined, meta: RequestMeta, attemptedEmail = user?.email ?? ''): Promise<void> {
    const wait = await this.throttle.waitSeconds(meta.ip, attemptedEmail);
    if (wait > 0) throw new ThrottledError(wait);
    const passwordOk = await this.hasher.verify(user?.passwordHash ?? null, password);
    if (!user || !passwordOk) {
      await this.failLogin(attemptedEmail, meta, user?.id);
      throw new AuthenticationError('invalid-credentials');
    }
    if (user.totpEnabled) {
      if (!totpCode) throw new AuthenticationError('totp-required');
      if (!(await this.twoFactor.accept(user, totpCode))) {
        await this.failLogin(attemptedEmail, meta, user.id);
        throw new AuthenticationError('totp-invalid');
      }
    }
  }

  /**
   * Rotates the refresh token. An older secret of a live family means the token was copied:
   * the whole family is revoked and the caller must sign in again.
   */
  async refresh(refreshToken: string, meta: RequestMeta): Promise<IssuedSession> {
    const [sessionId, secret] = refreshToken.split('.');
    if (!sessionId || !secret || !/^[0-9a-f-]{36}$/.test(sessionId)) throw new AuthenticationError('session-invalid');
    // The revocation of a reused family must commit even though the request fails.
    const outcome = await this.dataSource.transaction(async (manager): Promise<IssuedSession | AuthenticationError> => {
      const session = await manager.getRepository(Session).findOne({ where: { id: sessionId }, lock: { mode: 'pessimistic_write' } });
      if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now()) return new AuthenticationError('session-invalid');
      if (!sameHash(session.refreshHash, sha256(secret))) {
        await manager.update(Session, { id: session.id }, { revokedAt: new Date(), revokedReason: 'refresh-reused' });
        await this.audit.record({ action: 'auth.refresh-reused', tenantId: session.tenantId, actorUserId: session.userId, target: { type: 'session', id: session.id }, meta }, manager);
        return new AuthenticationError('refresh-reused');
      }
      const membership = await manager.findOneBy(Membership, { userId: session.userId, tenantId: session.tenantId, status: 'active' });
      const tenant = await manager.findOneBy(Tenant, { id: session.tenantId, status: 'active' });
      if (!membership || !tenant) {
        await manager.update(Session, { id: session.id }, { revokedAt: new Date(), revokedReason: 'membership-ended' });
        return new AuthenticationError('session-invalid');
      }
      const nextSecret = newSecret();
      await manager.update(Session, { id: session.id }, { refreshHash: sha256(nextSecret), generation: session.generation + 1, lastUsedAt: new Date() });
      return this.issue(session.userId, session.tenantId, session.id, nextSecret);
    });
    if (outcome instanceof AuthenticationError) throw outcome;
    return outcome;
  }

  /** A new session in another tenant the user is an active member of. */
  async switchTenant(userId: string, currentSessionId: string, tenantId: string, meta: RequestMeta): Promise<IssuedSession> {
    const membership = await this.activeMembership(userId, tenantId);
    if (!membership) throw new AuthenticationError('no-active-membership');
    return this.dataSource.transaction(async (manager) => {
      await manager.update(Session, { id: currentSessionId, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: 'tenant-switched' });
      await this.audit.record({ action: 'auth.tenant-switched', tenantId, actorUserId: userId, meta }, manager);
      return this.openSession(manager, userId, tenantId, meta);
    });
  }

  async logout(sessionId: string, meta: RequestMeta): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const session = await manager.findOneBy(Session, { id: sessionId, revokedAt: IsNull() });
      if (!session) return;
      await manager.update(Session, { id: sessionId }, { revokedAt: new Date(), revokedReason: 'logged-out' });
      await this.audit.record({ action: 'auth.logged-out', tenantId: session.tenantId, actorUserId: session.userId, meta }, manager);
    });
  }

  /** Ends every session of the user, in every tenant, at once. */
  async logoutEverywhere(userId: string, tenantId: string, meta: RequestMeta): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const result = await manager.update(Session, { userId, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: 'logged-out-everywhere' });
      await this.audit.record({ action: 'auth.logged-out-everywhere', tenantId, actorUserId: userId, details: { sessions: result.affected ?? 0 }, meta }, manager);
      return result.affected ?? 0;
    });
  }

  /** Sets a new password and ends every session of the user: whoever had the old one is out. */
  async changePassword(userId: string, password: string): Promise<void> {
    const passwordHash = await this.hasher.hash(password);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(User, { id: userId }, { passwordHash, passwordChangedAt: new Date() });
      await manager.update(Session, { userId, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: 'password-changed' });
    });
  }

  async findUserIdByEmail(email: string): Promise<string | null> {
    return (await this.dataSource.getRepository(User).findOneBy({ email: email.trim().toLowerCase() }))?.id ?? null;
  }

  private async failLogin(email: string, meta: RequestMeta, userId?: string): Promise<void> {
    await this.throttle.recordFailure(meta.ip, email);
    // The attempted e-mail is personal data and, for a mistyped address, someone else's: only
    // a matching account's id is kept.
    await this.audit.record({ action: 'auth.login-failed', actorUserId: userId ?? null, meta, details: { knownAccount: Boolean(userId) } });
  }

  private async activeMembership(userId: string, tenantId?: string): Promise<Membership | null> {
    const query = this.dataSource
      .getRepository(Membership)
      .createQueryBuilder('m')
      .innerJoin(Tenant, 't', 't.id = m.tenant_id AND t.status = :active', { active: 'active' })
      .where('m.user_id = :userId AND m.status = :active', { userId })
      .orderBy('m.created_at', 'ASC');
    if (tenantId) query.andWhere('m.tenant_id = :tenantId', { tenantId });
    return query.getOne();
  }

  /** A new session (refresh-token family) in the tenant, and its first tokens. */
  async openSession(manager: EntityManager, userId: string, tenantId: string, meta: RequestMeta): Promise<IssuedSession> {
    const secret = newSecret();
    const session = await manager.save(
      manager.create(Session, {
        userId,
        tenantId,
        refreshHash: sha256(secret),
        generation: 1,
        ip: meta.ip ?? null,
        userAgent: meta.userAgent?.slice(0, 500) ?? null,
        lastUsedAt: new Date(),
        expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_SECONDS * 1000),
      }),
    );
    return this.issue(userId, tenantId, session.id, secret);
  }

  private issue(userId: string, tenantId: string, sessionId: string, secret: string): IssuedSession {
    return {
      accessToken: this.signer.sign({ sub: userId, sid: sessionId, tid: tenantId }),
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      refreshToken: `${sessionId}.${secret}`,
      sessionId,
      userId,
      tenantId,
    };
  }
}
