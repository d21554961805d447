import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequirePermission } from '@perepiska/platform';
import { TeamsService } from '../services/teams.service';
import { CreateTeamDto, TeamDto, UpdateTeamDto } from './messaging.dto';

@ApiTags('teams')
@ApiBearerAuth()
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @RequirePermission('members.read')
  @ApiOperation({ summary: 'Teams of employees' })
  @ApiOkResponse({ type: [TeamDto] })
  list(@CurrentPrincipal() principal: Principal): Promise<TeamDto[]> {
    return this.teams.list(principal.tenantId);
  }

  @Post()
  @RequirePermission('members.manage')
  @ApiOperation({ summary: 'Create a team' })
  @ApiCreatedResponse({ type: TeamDto })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateTeamDto): Promise<TeamDto> {
    return this.teams.create(principal.tenantId, body);
  }

  @Patch(':id')
  @RequirePermission('members.manage')
  @ApiOperation({ summary: 'Rename a team or change its members' })
  @ApiOkResponse({ type: TeamDto })
  update(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateTeamDto): Promise<TeamDto> {
    return this.teams.update(principal.tenantId, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('members.manage')
  @ApiOperation({ summary: 'Delete a team (its conversations stay, without a team)' })
  async remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.teams.remove(principal.tenantId, id);
  }
}
