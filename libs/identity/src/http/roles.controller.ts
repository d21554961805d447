import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, PERMISSIONS, type Principal, RequirePermission } from '@perepiska/platform';
import { RolesService } from '../services/roles.service';
import { CreateRoleDto, RoleDto, UpdateRoleDto } from './identity.dto';

@ApiTags('roles')
@ApiBearerAuth()
@Controller()
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Get('roles')
  @RequirePermission('members.read')
  @ApiOperation({ summary: 'The roles an employee can be given: built-in ones, then the business\'s own' })
  @ApiOkResponse({ type: [RoleDto] })
  list(@CurrentPrincipal() principal: Principal): Promise<RoleDto[]> {
    return this.roles.list(principal.tenantId);
  }

  @Post('roles')
  @RequirePermission('roles.manage')
  @ApiOperation({ summary: 'Create a custom role from permissions you hold yourself' })
  @ApiCreatedResponse({ type: RoleDto })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateRoleDto): Promise<RoleDto> {
    return this.roles.create(principal, body);
  }

  @Patch('roles/:id')
  @RequirePermission('roles.manage')
  @ApiOperation({ summary: 'Rename a custom role or change its permissions (holders get them on their next request)' })
  @ApiOkResponse({ type: RoleDto })
  update(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateRoleDto): Promise<RoleDto> {
    return this.roles.update(principal, id, withoutUndefined(body));
  }

  @Delete('roles/:id')
  @HttpCode(204)
  @RequirePermission('roles.manage')
  @ApiOperation({ summary: 'Delete a custom role nobody holds' })
  async remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.roles.remove(principal, id);
  }

  @Get('permissions')
  @RequirePermission('members.read')
  @ApiOperation({ summary: 'The permission catalogue' })
  @ApiOkResponse({ type: [String] })
  permissions(): string[] {
    return [...PERMISSIONS];
  }
}

/** DTO instances carry absent fields as own `undefined` properties. */
function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
