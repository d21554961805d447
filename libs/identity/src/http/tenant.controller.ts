import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequirePermission } from '@perepiska/platform';
import { type Tenant } from '../persistence/tenant.entity';
import { TenantService } from '../services/tenant.service';
import { TenantDto, UpdateTenantDto } from './identity.dto';

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
}
