import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PERMISSIONS, RequirePermission } from '@perepiska/platform';
import { BUILT_IN_ROLES, BUILT_IN_ROLE_PERMISSIONS } from '../domain/built-in-roles';
import { RoleDto } from './identity.dto';

@ApiTags('roles')
@ApiBearerAuth()
@Controller()
export class RolesController {
  @Get('roles')
  @RequirePermission('members.read')
  @ApiOperation({ summary: 'The roles an employee can be given' })
  @ApiOkResponse({ type: [RoleDto] })
  list(): RoleDto[] {
    return BUILT_IN_ROLES.map((role) => ({ id: role, name: role, builtIn: true, permissions: [...BUILT_IN_ROLE_PERMISSIONS[role]] }));
  }

  @Get('permissions')
  @RequirePermission('members.read')
  @ApiOperation({ summary: 'The permission catalogue' })
  @ApiOkResponse({ type: [String] })
  permissions(): string[] {
    return [...PERMISSIONS];
  }
}
