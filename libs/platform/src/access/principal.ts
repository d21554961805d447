import { type ExecutionContext, UnauthorizedException, createParamDecorator } from '@nestjs/common';
import { type Permission } from './permissions';

/**
 * Who is calling, established by identity's guard before any handler runs. Domain modules
 * read it through `@CurrentPrincipal()` and pass `tenantId` to every query (rule 4).
 */
export interface Principal {
  kind: 'user' | 'api-token';
  tenantId: string;
  permissions: ReadonlySet<Permission>;
  userId?: string;
  sessionId?: string;
  membershipId?: string;
  tokenId?: string;
  ip?: string;
  userAgent?: string;
  /**
   * The business requires two-factor authentication and this user has not set it up: only
   * the routes any signed-in user may call (set-up, sign-out) are open until they do.
   */
  twoFactorSetupRequired?: boolean;
}

export interface RequestWithPrincipal {
  principal?: Principal;
}

export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  if (!principal) throw new UnauthorizedException('Authentication required');
  return principal;
});
