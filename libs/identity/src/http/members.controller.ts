import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequirePermission } from '@perepiska/platform';
import { MembersService } from '../services/members.service';
import { MemberDto } from './identity.dto';

@ApiTags('members')
@ApiBearerAuth()
@Controller('members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @RequirePermission('members.read')
  @ApiOperation({ summary: 'The business\'s employees and their roles' })
  @ApiOkResponse({ type: [MemberDto] })
  list(@CurrentPrincipal() principal: Principal): Promise<MemberDto[]> {
    return this.members.list(principal.tenantId);
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
