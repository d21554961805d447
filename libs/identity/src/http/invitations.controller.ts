import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequirePermission } from '@perepiska/platform';
import { type FastifyReply } from 'fastify';
import { InvitationsService } from '../services/invitations.service';
import { CreateInvitationDto, CreatedInvitationDto, InvitationDto } from './identity.dto';

@ApiTags('members')
@ApiBearerAuth()
@Controller('invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get()
  @RequirePermission('members.read')
  @ApiOperation({ summary: 'Invitations of the business, newest first, with their status' })
  @ApiOkResponse({ type: [InvitationDto] })
  list(@CurrentPrincipal() principal: Principal): Promise<InvitationDto[]> {
    return this.invitations.list(principal.tenantId);
  }

  @Post()
  @RequirePermission('members.manage')
  @ApiOperation({ summary: 'Invite an employee by e-mail with a role; the link is valid for 7 days' })
  @ApiCreatedResponse({ type: CreatedInvitationDto })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateInvitationDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<CreatedInvitationDto> {
    void reply.header('cache-control', 'no-store');
    const { invitation, link } = await this.invitations.create(principal, body);
    return { ...invitation, link };
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('members.manage')
  @ApiOperation({ summary: 'Revoke a pending invitation; its link stops working at once' })
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.invitations.revoke(principal, id);
  }
}
