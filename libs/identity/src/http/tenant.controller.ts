import { Body, Controller, Delete, Get, HttpCode, Patch, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequirePermission } from '@perepiska/platform';
import { type Tenant } from '../persistence/tenant.entity';
import { TenantService } from '../services/tenant.service';
import { type FastifyReply } from 'fastify';
import { authenticationHttpError } from './authentication-errors';
import { clearSessionCookies } from './cookies';
import { CloseTenantDto, ClosedTenantDto, TenantDto, UpdateTenantDto } from './identity.dto';

const view = (t: Tenant): TenantDto => ({
  id: t.id,
  name: t.name,
  inn: t.inn,
  ogrn: t.ogrn,
  kpp: t.kpp,
  legalAddress: t.legalAddress,
  requireTwoFactor: t.requireTwoFactor,
  createdAt: t.createdAt,
});

@ApiTags('tenant')
@ApiBearerAuth()
@Controller('tenant')
export class TenantController {
  constructor(private readonly tenants: TenantService) {}

  @Get()
  @RequirePermission('tenant.read')
  @ApiOperation({ summary: 'The current business and its legal requisites' })
  @ApiOkResponse({ type: TenantDto })
  async get(@CurrentPrincipal() principal: Principal): Promise<TenantDto> {
    return view(await this.tenants.get(principal.tenantId));
  }

  @Patch()
  @RequirePermission('tenant.manage')
  @ApiOperation({ summary: 'Change the requisites (checksums verified) or the two-factor policy' })
  @ApiOkResponse({ type: TenantDto })
  async update(@CurrentPrincipal() principal: Principal, @Body() body: UpdateTenantDto): Promise<TenantDto> {
    return view(await this.tenants.update(principal, body));
  }

  @Delete()
  @HttpCode(202)
  @RequirePermission('tenant.delete')
  @ApiOperation({ summary: 'Close the business account at once; its registration data is destroyed when the platform register\'s period since the closing runs out (7 days)' })
  @ApiAcceptedResponse({ type: ClosedTenantDto })
  async close(@CurrentPrincipal() principal: Principal, @Body() body: CloseTenantDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<ClosedTenantDto> {
    try {
      const closed = await this.tenants.close(principal, body);
      clearSessionCookies(reply);
      return closed;
    } catch (error) {
      throw authenticationHttpError(error, reply);
    }
  }
}
