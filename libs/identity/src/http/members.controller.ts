import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RecordsAccess, RequirePermission } from '@perepiska/platform';
import { MembersService } from '../services/members.service';
import { ChangeMemberRoleDto, MemberDto } from './identity.dto';

@ApiTags('members')
@ApiBearerAuth()
@Controller('members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @RequirePermission('members.read')
  @RecordsAccess('employees')
  @ApiOperation({ summary: 'The business\'s employees and their roles' })
  @ApiOkResponse({ type: [MemberDto] })
  list(@CurrentPrincipal() principal: Principal): Promise<MemberDto[]> {
    return this.members.list(principal.tenantId);
  }

  @Patch(':id')
  @RequirePermission('members.manage')
  @ApiOperation({ summary: 'Give an employee another role (applies from their next request)' })
  @ApiOkResponse({ type: MemberDto })
  changeRole(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: ChangeMemberRoleDto): Promise<MemberDto> {
    return this.members.changeRole(principal, id, body.role);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('members.manage')
  @ApiOperation({ summary: 'Remove an employee from the business (their sessions here end at once)' })
  async remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.members.remove(principal, id);
  }

  @Post(':id/deactivate')
  @HttpCode(204)
  @RequirePermission('members.manage')
  @ApiOperation({ summary: 'End an employee\'s access at once (sessions end, the next request is refused)' })
  async deactivate(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.members.deactivate(principal, id);
  }

  @Post(':id/reactivate')
  @HttpCode(204)
  @RequirePermission('members.manage')
  @ApiOperation({ summary: 'Give a deactivated employee access again' })
  async reactivate(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.members.reactivate(principal, id);
  }
}
