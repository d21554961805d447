import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConflictError, EncryptedColumnRegistry, EnvelopeCipher, InvalidInputError, NotFoundError, type Principal, RefusedError } from '@perepiska/platform';
import { DataSource } from 'typeorm';
import { generateTotpSecret, totpUri, verifyTotp } from '../domain/totp';
import { User } from '../persistence/user.entity';
import { AuditService } from './audit.service';

/** The TOTP secret is a credential: sealed at rest, bound to its column. */
const TOTP_SECRET_CONTEXT = 'users.totp_secret';
const ISSUER = 'Perepiska';

/** TOTP two-factor authentication (RFC 6238): setup, confirmation, removal, verification. */
@Injectable()
export class TwoFactorService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: EnvelopeCipher,
    private readonly audit: AuditService,
    private readonly encrypted: EncryptedColumnRegistry,
  ) {}

  /** Declared to the key rotation, which re-wraps the secrets under a new master key. */
  onModuleInit(): void {
    this.encrypted.register({ table: 'users', primaryKey: 'id', column: 'totp_secret' });
  }

  /** A new secret, pending until a code from it is confirmed; replaces any pending one. */
  async begin(principal: Principal & { userId: string }): Promise<{ secret: string; otpauthUri: string }> {
    const user = await this.user(principal.userId);
    if (user.totpEnabled) throw new ConflictError('Two-factor authentication is already on: turn it off first to change the device');
    const secret = generateTotpSecret();
    await this.dataSource.getRepository(User).update({ id: user.id }, { totpSecret: this.cipher.encrypt(secret, TOTP_SECRET_CONTEXT), totpLastStep: null });
    return { secret, otpauthUri: totpUri({ secretBase32: secret, accountName: user.email, issuer: ISSUER }) };
  }

  async enable(principal: Principal & { userId: string }, code: string): Promise<void> {
    const user = await this.user(principal.userId);
    if (user.totpEnabled) return;
    if (!user.totpSecret) throw new ConflictError('Start the setup first');
    if (!(await this.accept(user, code))) throw wrongCode();
    await this.dataSource.getRepository(User).update({ id: user.id }, { totpEnabled: true });
    await this.audit.byPrincipal(principal, { action: 'auth.two-factor-enabled', target: { type: 'user', id: user.id } });
  }

  /** Needs a current code, so a stolen session alone cannot remove the second factor. */
  async disable(principal: Principal & { userId: string }, code: string): Promise<void> {
    const user = await this.user(principal.userId);
    if (!user.totpEnabled) return;
    const [{ required }] = await this.dataSource.query<Array<{ required: boolean }>>('SELECT require_two_factor AS required FROM tenants WHERE id = $1', [principal.tenantId]);
    if (required) throw new RefusedError('This business requires two-factor authentication: it cannot be turned off while you work here');
    if (!(await this.accept(user, code))) throw wrongCode();
    await this.dataSource.getRepository(User).update({ id: user.id }, { totpEnabled: false, totpSecret: null, totpLastStep: null });
    await this.audit.byPrincipal(principal, { action: 'auth.two-factor-disabled', target: { type: 'user', id: user.id } });
  }

  /** True once per time step: a code that was accepted is never accepted again (replay). */
  async accept(user: User, code: string): Promise<boolean> {
    if (!user.totpSecret) return false;
    const result = verifyTotp(this.cipher.decrypt(user.totpSecret, TOTP_SECRET_CONTEXT), code, Date.now());
    if (!result.valid || result.step === undefined) return false;
    const update = await this.dataSource
      .createQueryBuilder()
      .update(User)
      .set({ totpLastStep: String(result.step) })
      .where('id = :id AND (totp_last_step IS NULL OR totp_last_step < :step)', { id: user.id, step: result.step })
      .execute();
    return (update.affected ?? 0) === 1;
  }

  private async user(id: string): Promise<User> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    if (!user) throw new NotFoundError('User not found');
    return user;
  }
}

function wrongCode(): InvalidInputError {
  return new InvalidInputError('Validation failed: code', [{ field: 'code', messages: ['does not match the authenticator app'] }]);
}
