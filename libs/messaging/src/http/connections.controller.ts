import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequirePermission } from '@perepiska/platform';
import { ApiChannelService } from '../services/api-channel.service';
import { ConnectionsService } from '../services/connections.service';
import {
  ChannelTypeDto,
  ConnectionDto,
  ConnectionSecretsDto,
  CreateConnectionDto,
  CreatedConnectionDto,
  DisconnectQueryDto,
  PageQueryDto,
  ReplayResultDto,
  UpdateConnectionDto,
  WebhookDeliveryPageDto,
} from './messaging.dto';

@ApiTags('connections')
@ApiBearerAuth()
@Controller()
export class ConnectionsController {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly apiChannel: ApiChannelService,
  ) {}

  @Get('channel-types')
  @RequirePermission('connections.read')
  @ApiOperation({ summary: 'Messengers a business can connect, and any the platform suspended' })
  @ApiOkResponse({ type: [ChannelTypeDto] })
  channelTypes(): Promise<ChannelTypeDto[]> {
    return this.connections.channelTypes();
  }

  @Get('connections')
  @RequirePermission('connections.read')
  @ApiOperation({ summary: 'The business\'s messenger connections with their health' })
  @ApiOkResponse({ type: [ConnectionDto] })
  list(@CurrentPrincipal() principal: Principal): Promise<ConnectionDto[]> {
    return this.connections.list(principal.tenantId);
  }

  @Get('connections/:id')
  @RequirePermission('connections.read')
  @ApiOperation({ summary: 'One connection' })
  @ApiOkResponse({ type: ConnectionDto })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ConnectionDto> {
    return this.connections.get(principal.tenantId, id);
  }

  @Post('connections')
  @RequirePermission('connections.manage')
  @ApiOperation({ summary: 'Connect an account; an API channel\'s secrets are shown once' })
  @ApiCreatedResponse({ type: CreatedConnectionDto })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateConnectionDto): Promise<CreatedConnectionDto> {
    return this.connections.create(principal, body);
  }

  @Patch('connections/:id')
  @RequirePermission('connections.manage')
  @ApiOperation({ summary: 'Rename, set the webhook URL or the per-minute limit, choose its operators' })
  @ApiOkResponse({ type: ConnectionDto })
  update(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateConnectionDto): Promise<ConnectionDto> {
    return this.connections.update(principal, id, body);
  }

  @Post('connections/:id/rotate-secrets')
  @RequirePermission('connections.manage')
  @ApiOperation({ summary: 'New inbound token and signing secret for an API channel (the old ones stop working)' })
  @ApiCreatedResponse({ type: ConnectionSecretsDto })
  rotate(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ConnectionSecretsDto> {
    return this.connections.rotateSecrets(principal, id);
  }

  @Delete('connections/:id')
  @HttpCode(204)
  @RequirePermission('connections.manage')
  @ApiOperation({ summary: 'Disconnect: credentials are deleted at once, history stays' })
  async disconnect(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() query: DisconnectQueryDto): Promise<void> {
    await this.connections.disconnect(principal, id, { logOut: query.logOut === true });
  }

  @Get('connections/:id/webhook-deliveries')
  @RequirePermission('connections.read')
  @ApiOperation({ summary: 'The API channel\'s webhook delivery log, newest first' })
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  deliveries(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() query: PageQueryDto): Promise<WebhookDeliveryPageDto> {
    return this.apiChannel.deliveriesOf(principal, id, query.cursor, query.limit);
  }

  @Post('connections/:id/webhook-deliveries/:deliveryId/replay')
  @HttpCode(202)
  @RequirePermission('connections.manage')
  @ApiOperation({ summary: 'Post a logged webhook again' })
  @ApiAcceptedResponse({ type: ReplayResultDto })
  replay(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Param('deliveryId', ParseUUIDPipe) deliveryId: string): Promise<ReplayResultDto> {
    return this.apiChannel.replay(principal, id, deliveryId);
  }
}
