import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequirePermission } from '@perepiska/platform';
import { type ApiToken } from '../persistence/api-token.entity';
import { ApiTokensService } from '../services/api-tokens.service';
import { ApiTokenDto, CreateApiTokenDto, CreatedApiTokenDto } from './identity.dto';

const view = (t: ApiToken): ApiTokenDto => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  permissions: t.permissions,
  createdAt: t.createdAt,
  expiresAt: t.expiresAt,
  lastUsedAt: t.lastUsedAt,
  revokedAt: t.revokedAt,
});

@ApiTags('api-tokens')
@ApiBearerAuth()
@Controller('api-tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Get()
  @RequirePermission('api-tokens.manage')
  @ApiOperation({ summary: 'The business\'s API tokens (never their secrets)' })
  @ApiOkResponse({ type: [ApiTokenDto] })
  async list(@CurrentPrincipal() principal: Principal): Promise<ApiTokenDto[]> {
    return (await this.tokens.list(principal.tenantId)).map(view);
  }

  @Post()
  @RequirePermission('api-tokens.manage')
  @ApiOperation({ summary: 'Create a token with a subset of your permissions; the secret is shown once' })
  @ApiCreatedResponse({ type: CreatedApiTokenDto })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateApiTokenDto): Promise<CreatedApiTokenDto> {
    const { token, record } = await this.tokens.create(principal, body);
    return { ...view(record), token };
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('api-tokens.manage')
  @ApiOperation({ summary: 'Revoke a token; it is refused from its next request' })
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.tokens.revoke(principal, id);
  }
}
