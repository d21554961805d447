import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Mailer, NotFoundError, RateLimiter } from '@perepiska/platform';
import { DataSource, IsNull } from 'typeorm';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity.options';
import { Session } from '../persistence/session.entity';
import { User } from '../persistence/user.entity';
import { AuditService, type RequestMeta } from './audit.service';
import { PasswordHasher } from './password-hasher';
import { newSecret, sha256 } from './secrets';

export const PASSWORD_RESET_TTL_MINUTES = 60;
/** Reset e-mails per address per hour: enough for a typo, too few to flood someone's inbox. */
const RESETS_PER_EMAIL_PER_HOUR = 3;

/**
 * Password reset by an e-mail link (IAM-4). The request always answers the same way, so it
 * never tells whether an address has an account.
 */
@Injectable()
export class PasswordResetService {
  private readonly logger = new Logger('PasswordReset');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
    private readonly audit: AuditService,
    private readonly hasher: PasswordHasher,
    private readonly limiter: RateLimiter,
    private readonly mailer: Mailer,
  ) {}

  async request(email: string, meta: RequestMeta): Promise<void> {
    const normalised = email.trim().toLowerCase();
    const limit = await this.limiter.hit(`password-reset:${sha256(normalised)}`, RESETS_PER_EMAIL_PER_HOUR, 3600);
    if (!limit.allowed) return;
    const user = await this.dataSource.getRepository(User).findOneBy({ email: normalised });
    if (!user) return;
    const token = newSecret();
    await this.dataSource.transaction(async (manager) => {
      // Only the newest link works.
      await manager.query(`UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, [user.id]);
      await manager.query(`INSERT INTO password_resets (user_id, token_hash, expires_at) VALUES ($1, $2, now() + make_interval(mins => $3))`, [
        user.id,
        sha256(token),
        PASSWORD_RESET_TTL_MINUTES,
      ]);
      await this.audit.record({ action: 'auth.password-reset-requested', actorUserId: user.id, target: { type: 'user', id: user.id }, meta }, manager);
    });
    const link = `${this.options.publicUrl}/reset-password#${token}`;
    try {
      await this.mailer.send({
        to: user.email,
        subject: 'Восстановление пароля в Переписке',
        text: [
          `Здравствуйте, ${user.fullName}!`,
          '',
          `Чтобы задать новый пароль, откройте ссылку: ${link}`,
          '',
          `Ссылка действует ${PASSWORD_RESET_TTL_MINUTES} минут и работает один раз. Если вы не просили сменить пароль, ничего не делайте: пароль останется прежним.`,
        ].join('\n'),
      });
    } catch (error) {
      this.logger.warn(`Password reset mail was not sent: ${(error as Error).message}`);
    }
  }

  /** Sets the new password and ends every session of the account. */
  async confirm(token: string, password: string, meta: RequestMeta): Promise<void> {
    const passwordHash = await this.hasher.hash(password);
    await this.dataSource.transaction(async (manager) => {
      const claimed = await manager.query<[Array<{ user_id: string }>, number]>(
        `UPDATE password_resets SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING user_id`,
        [sha256(token)],
      );
      const userId = claimed[0][0]?.user_id;
      if (!userId) throw new NotFoundError('The reset link is invalid, expired or already used: ask for a new one');
      await manager.update(User, { id: userId }, { passwordHash, passwordChangedAt: new Date() });
      await manager.update(Session, { userId, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: 'password-reset' });
      await this.audit.record({ action: 'auth.password-reset', actorUserId: userId, target: { type: 'user', id: userId }, meta }, manager);
    });
  }
}
