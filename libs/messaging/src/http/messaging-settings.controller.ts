import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequirePermission } from '@perepiska/platform';
import { MessagingSettingsService } from '../services/messaging-settings.service';
import { MessagingSettingsDto } from './messaging.dto';

@ApiTags('connections')
@ApiBearerAuth()
@Controller('messaging/settings')
export class MessagingSettingsController {
  constructor(private readonly settings: MessagingSettingsService) {}

  @Get()
  @RequirePermission('connections.read')
  @ApiOperation({ summary: 'Opt-out wording, keywords and the per-chat limit' })
  @ApiOkResponse({ type: MessagingSettingsDto })
  get(@CurrentPrincipal() principal: Principal): Promise<MessagingSettingsDto> {
    return this.settings.get(principal.tenantId);
  }

  @Put()
  @RequirePermission('connections.manage')
  @ApiOperation({ summary: 'Change the opt-out wording, keywords and the per-chat limit' })
  @ApiOkResponse({ type: MessagingSettingsDto })
  save(@CurrentPrincipal() principal: Principal, @Body() body: MessagingSettingsDto): Promise<MessagingSettingsDto> {
    return this.settings.save(principal.tenantId, body);
  }
}
