import { Body, Controller, Get, HttpCode, HttpException, HttpStatus, Inject, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, ForbiddenError, type Principal, Public } from '@perepiska/platform';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity.options';
import { ACCESS_TOKEN_TTL_SECONDS } from '../services/access-token.signer';
import { AccountService } from '../services/account.service';
import { AuthService, AuthenticationError, type IssuedSession, REFRESH_TOKEN_TTL_SECONDS, ThrottledError } from '../services/auth.service';
import { TwoFactorService } from '../services/two-factor.service';
import { LoginDto, MeDto, RefreshDto, SessionTokensDto, SignupDto, SwitchTenantDto, TotpCodeDto, TotpSetupDto } from './auth.dto';
import { ACCESS_COOKIE, REFRESH_COOKIE, REFRESH_COOKIE_PATH } from './cookies';
import { requestMeta } from './request-meta';

type CookieRequest = FastifyRequest & { cookies?: Record<string, string | undefined> };

/** One answer for every failed sign-in, so it never reveals whether an e-mail is registered. */
const INVALID_CREDENTIALS = 'Invalid e-mail or password';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly accounts: AccountService,
    private readonly twoFactor: TwoFactorService,
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
      throw this.httpError(error, reply);
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
      this.clearCookies(reply);
      throw this.httpError(error, reply);
    }
  }

  @Post('logout')
  @HttpCode(204)
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End this session' })
  async logout(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    this.clearCookies(reply);
    if (principal.sessionId) await this.auth.logout(principal.sessionId, requestMeta(request));
  }

  @Post('logout-all')
  @HttpCode(204)
  @Authenticated()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End every session of this user, in every business' })
  async logoutAll(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    this.clearCookies(reply);
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
      throw this.httpError(error, reply);
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

  private answer(reply: FastifyReply, session: IssuedSession): SessionTokensDto {
    const common = { httpOnly: true, sameSite: 'strict' as const, secure: this.options.secureCookies };
    void reply.setCookie(ACCESS_COOKIE, session.accessToken, { ...common, path: '/api', maxAge: ACCESS_TOKEN_TTL_SECONDS });
    void reply.setCookie(REFRESH_COOKIE, session.refreshToken, { ...common, path: REFRESH_COOKIE_PATH, maxAge: REFRESH_TOKEN_TTL_SECONDS });
    void reply.header('cache-control', 'no-store');
    return { accessToken: session.accessToken, expiresIn: session.expiresIn, refreshToken: session.refreshToken };
  }

  private clearCookies(reply: FastifyReply): void {
    void reply.clearCookie(ACCESS_COOKIE, { path: '/api' });
    void reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
  }

  private httpError(error: unknown, reply: FastifyReply): unknown {
    if (error instanceof ThrottledError) {
      void reply.header('retry-after', String(error.retryAfterSeconds));
      return new HttpException('Too many failed attempts: wait before trying again', HttpStatus.TOO_MANY_REQUESTS);
    }
    if (!(error instanceof AuthenticationError)) return error;
    switch (error.reason) {
      case 'invalid-credentials':
      case 'totp-invalid':
        return new UnauthorizedException(INVALID_CREDENTIALS);
      case 'totp-required':
        return new UnauthorizedException({ message: 'Enter the code from your authenticator app', details: { totpRequired: true } });
      case 'no-active-membership':
        return new ForbiddenError('This account has no active access to a business');
      case 'session-invalid':
      case 'refresh-reused':
        return new UnauthorizedException('The session has ended: sign in again');
    }
  }
}

function userOf(principal: Principal): string {
  if (principal.kind !== 'user' || !principal.userId) throw new ForbiddenError('This route is for signed-in people, not API tokens');
  return principal.userId;
}
