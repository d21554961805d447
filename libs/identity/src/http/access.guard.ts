import { type CanActivate, type ExecutionContext, ForbiddenException, HttpException, HttpStatus, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PERMISSIONS_METADATA, type Permission, PUBLIC_ROUTE_METADATA, RateLimiter, type RequestWithPrincipal } from '@perepiska/platform';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity.options';
import { IdentityCredentialAuthenticator } from '../services/credential.authenticator';

type Request = FastifyRequest & RequestWithPrincipal;

/**
 * Every route passes here (registered as the global guard). It fails closed: a route that
 * declares neither a permission nor @Public is refused, whoever calls it.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: IdentityCredentialAuthenticator,
    private readonly limiter: RateLimiter,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const targets = [context.getHandler(), context.getClass()];

    await this.limit(reply, `ip:${request.ip}`, this.options.rateLimitPerIpPerMinute);
    if (this.reflector.getAllAndOverride<string | undefined>(PUBLIC_ROUTE_METADATA, targets) !== undefined) return true;
    const required = this.reflector.getAllAndOverride<Permission[] | undefined>(PERMISSIONS_METADATA, targets);
    if (!required) throw new ForbiddenException('This route declares no permission');

    const meta = { ip: request.ip, userAgent: request.headers['user-agent'] };
    const credential = this.authenticator.credentialIn({ authorization: request.headers.authorization, cookie: request.headers.cookie });
    if (!credential) throw new UnauthorizedException('Authentication required');
    const principal = await this.authenticator.resolve(credential, meta);
    if (!principal) throw new UnauthorizedException('The credentials are invalid, expired or revoked');
    if (principal.tokenId) await this.limit(reply, `token:${principal.tokenId}`, this.options.rateLimitPerTokenPerMinute);

    if (principal.twoFactorSetupRequired && required.length > 0) {
      throw new ForbiddenException({
        message: 'This business requires two-factor authentication: set it up in your account security settings first',
        details: { twoFactorSetupRequired: true },
      });
    }
    const missing = required.filter((permission) => !principal.permissions.has(permission));
    if (missing.length) throw new ForbiddenException(`Missing permission: ${missing.join(', ')}`);
    request.principal = principal;
    return true;
  }

  private async limit(reply: FastifyReply, key: string, perMinute: number): Promise<void> {
    const decision = await this.limiter.hit(key, perMinute, 60);
    if (!decision.allowed) {
      void reply.header('retry-after', String(decision.retryAfterSeconds));
      throw new HttpException('Too many requests: slow down and retry after the time in Retry-After', HttpStatus.TOO_MANY_REQUESTS);
    }
  }
}
