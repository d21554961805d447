import { Body, Controller, Get, HttpCode, Inject, Logger, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, ForbiddenError, type Principal, Public } from '@perepiska/platform';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity.options';
import { ACCESS_TOKEN_TTL_SECONDS } from '../services/access-token.signer';
import { AccountService } from '../services/account.service';
import { AuthService, type IssuedSession, REFRESH_TOKEN_TTL_SECONDS } from '../services/auth.service';
import { InvitationsService } from '../services/invitations.service';
import { PasswordResetService } from '../services/password-reset.service';
import { TwoFactorService } from '../services/two-factor.service';
import {
  AcceptInvitationDto,
  InvitationPreviewDto,
  InvitationTokenDto,
  LoginDto,
  MeDto,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  RefreshDto,
  SessionTokensDto,
  SignupDto,
  SwitchTenantDto,
  TotpCodeDto,
  TotpSetupDto,
} from './auth.dto';
import { ACCESS_COOKIE, REFRESH_COOKIE, REFRESH_COOKIE_PATH, clearSessionCookies } from './cookies';
import { authenticationHttpError } from './authentication-errors';
import { requestMeta } from './request-meta';

type CookieRequest = FastifyRequest & { cookies?: Record<string, string | undefined> };

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly auth: AuthService,
    private readonly accounts: AccountService,
    private readonly twoFactor: TwoFactorService,
    private readonly invitations: InvitationsService,
    private readonly passwordResets: PasswordResetService,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {}

  @Post('signup')
  @Public('Creating a business account is how a new customer arrives')
  @ApiOperation({ summary: 'Create a business account (tenant) and its owner, and sign the owner in' })
  @ApiCreatedResponse({ type: SessionTokensDto })
  async signup(@Body() body: SignupDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionTokensDto> {
    return this.answer(reply, await this.auth.signup(body, requestMeta(request)));
  }

  @Post('login')
  @HttpCode(200)
  @Public('Signing in')
  @ApiOperation({ summary: 'Sign in; answers tokens and sets the httpOnly cookie session' })
  @ApiOkResponse({ type: SessionTokensDto })
  async login(@Body() body: LoginDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionTokensDto> {
    try {
      return this.answer(reply, await this.auth.login(body, requestMeta(request)));
    } catch (error) {
      throw authenticationHttpError(error, reply);
    }
  }

  @Post('refresh')
  @HttpCode(200)
  @Public('Renews a session from its refresh token; the token is the credential')
  @ApiOperation({ summary: 'Rotate the refresh token and get a new access token' })
  @ApiOkResponse({ type: SessionTokensDto })
  async refresh(@Body() body: RefreshDto, @Req() request: CookieRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionTokensDto> {
    const token = body.refreshToken ?? request.cookies?.[REFRESH_COOKIE];
    if (!token) throw new UnauthorizedException('No refresh token');
    try {
      return this.answer(reply, await this.auth.refresh(token, requestMeta(request)));
    } catch (error) {
      clearSessionCookies(reply);
      throw authenticationHttpError(error, reply);
    }
  }

  @Post('logout')
  @HttpCode(204)
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End this session' })
  async logout(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    clearSessionCookies(reply);
    if (principal.sessionId) await this.auth.logout(principal.sessionId, requestMeta(request));
  }

  @Post('logout-all')
  @HttpCode(204)
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End every session of this user, in every business' })
  async logoutAll(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    clearSessionCookies(reply);
    await this.auth.logoutEverywhere(userOf(principal), principal.tenantId, requestMeta(request));
  }

  @Get('me')
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user, the current business, the permissions there and the businesses to switch to' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentPrincipal() principal: Principal): Promise<MeDto> {
    return this.accounts.me(userOf(principal), principal);
  }

  @Post('switch-tenant')
  @HttpCode(200)
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Continue in another business the user belongs to (a new session)' })
  @ApiOkResponse({ type: SessionTokensDto })
  async switchTenant(
    @CurrentPrincipal() principal: Principal,
    @Body() body: SwitchTenantDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionTokensDto> {
    try {
      return this.answer(reply, await this.auth.switchTenant(userOf(principal), principal.sessionId!, body.tenantId, requestMeta(request)));
    } catch (error) {
      throw authenticationHttpError(error, reply);
    }
  }

  @Post('totp/setup')
  @HttpCode(200)
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Start two-factor setup: a secret to scan into an authenticator app' })
  @ApiOkResponse({ type: TotpSetupDto })
  async totpSetup(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<TotpSetupDto> {
    void reply.header('cache-control', 'no-store');
    return this.twoFactor.begin({ ...principal, userId: userOf(principal) });
  }

  @Post('totp/enable')
  @HttpCode(204)
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Turn two-factor authentication on with a code from the app' })
  async totpEnable(@CurrentPrincipal() principal: Principal, @Body() body: TotpCodeDto): Promise<void> {
    await this.twoFactor.enable({ ...principal, userId: userOf(principal) }, body.code);
  }

  @Post('totp/disable')
  @HttpCode(204)
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Turn two-factor authentication off; needs a current code' })
  async totpDisable(@CurrentPrincipal() principal: Principal, @Body() body: TotpCodeDto): Promise<void> {
    await this.twoFactor.disable({ ...principal, userId: userOf(principal) }, body.code);
  }

  @Post('invitation/preview')
  @HttpCode(200)
  @Public('The invitation link is the credential: its holder sees whom it invites and where')
  @ApiOperation({ summary: 'What an invitation link offers: the business, the role, the address' })
  @ApiOkResponse({ type: InvitationPreviewDto })
  preview(@Body() body: InvitationTokenDto): Promise<InvitationPreviewDto> {
    return this.invitations.preview(body.token);
  }

  @Post('invitation/accept')
  @HttpCode(200)
  @Public('The invitation link is the credential; an existing account also proves its password')
  @ApiOperation({ summary: 'Accept an invitation: join the business and sign in there' })
  @ApiOkResponse({ type: SessionTokensDto })
  async acceptInvitation(@Body() body: AcceptInvitationDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionTokensDto> {
    try {
      return this.answer(reply, await this.invitations.accept(body, requestMeta(request)));
    } catch (error) {
      throw authenticationHttpError(error, reply);
    }
  }

  @Post('password-reset')
  @HttpCode(202)
  @Public('Someone who forgot their password cannot sign in')
  @ApiOperation({ summary: 'E-mail a password reset link; answers the same whether or not the address has an account' })
  @ApiAcceptedResponse({ description: 'If the address has an account, a link is on its way' })
  requestPasswordReset(@Body() body: PasswordResetRequestDto, @Req() request: FastifyRequest): void {
    // Answered before the work is done, so the time taken does not tell whether the account exists.
    this.passwordResets.request(body.email, requestMeta(request)).catch((error: Error) => this.logger.warn(`Password reset request failed: ${error.message}`));
  }

  @Post('password-reset/confirm')
  @HttpCode(204)
  @Public('The reset link is the credential')
  @ApiOperation({ summary: 'Set a new password with the link\'s token; every session of the account ends' })
  async confirmPasswordReset(@Body() body: PasswordResetConfirmDto, @Req() request: FastifyRequest): Promise<void> {
    await this.passwordResets.confirm(body.token, body.password, requestMeta(request));
  }

  private answer(reply: FastifyReply, session: IssuedSession): SessionTokensDto {
    const common = { httpOnly: true, sameSite: 'strict' as const, secure: this.options.secureCookies };
    void reply.setCookie(ACCESS_COOKIE, session.accessToken, { ...common, path: '/api', maxAge: ACCESS_TOKEN_TTL_SECONDS });
    void reply.setCookie(REFRESH_COOKIE, session.refreshToken, { ...common, path: REFRESH_COOKIE_PATH, maxAge: REFRESH_TOKEN_TTL_SECONDS });
    void reply.header('cache-control', 'no-store');
    return { accessToken: session.accessToken, expiresIn: session.expiresIn, refreshToken: session.refreshToken };
  }
}

function userOf(principal: Principal): string {
  if (principal.kind !== 'user' || !principal.userId) throw new ForbiddenError('This route is for signed-in people, not API tokens');
  return principal.userId;
}
