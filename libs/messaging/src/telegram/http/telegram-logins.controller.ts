import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequirePermission } from '@perepiska/platform';
import { TelegramLoginService } from '../telegram-login.service';
import { StartTelegramLoginDto, TelegramLoginCodeDto, TelegramLoginDto, TelegramLoginPasswordDto } from './telegram-login.dto';

/** Connecting a business's own Telegram account (issue 5): the wizard's steps, one request each. */
@ApiTags('connections')
@ApiBearerAuth()
@Controller('telegram/logins')
export class TelegramLoginsController {
  constructor(private readonly logins: TelegramLoginService) {}

  @Post()
  @RequirePermission('connections.manage')
  @ApiOperation({ summary: 'Start logging a Telegram account in, by QR code or by phone code' })
  @ApiCreatedResponse({ type: TelegramLoginDto })
  start(@CurrentPrincipal() principal: Principal, @Body() body: StartTelegramLoginDto): Promise<TelegramLoginDto> {
    return this.logins.start(principal, body);
  }

  @Get(':id')
  @RequirePermission('connections.manage')
  @ApiOperation({ summary: 'Where the login stands (poll while it is pending)' })
  @ApiOkResponse({ type: TelegramLoginDto })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): TelegramLoginDto {
    return this.logins.get(principal.tenantId, id);
  }

  @Post(':id/code')
  @HttpCode(200)
  @RequirePermission('connections.manage')
  @ApiOperation({ summary: 'The code Telegram sent to the phone' })
  @ApiOkResponse({ type: TelegramLoginDto })
  code(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: TelegramLoginCodeDto): Promise<TelegramLoginDto> {
    return this.logins.submitCode(principal.tenantId, id, body.code);
  }

  @Post(':id/password')
  @HttpCode(200)
  @RequirePermission('connections.manage')
  @ApiOperation({ summary: 'The two-step verification password (checked by SRP; never stored, logged or echoed)' })
  @ApiOkResponse({ type: TelegramLoginDto })
  password(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: TelegramLoginPasswordDto): Promise<TelegramLoginDto> {
    return this.logins.submitPassword(principal.tenantId, id, body.password);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('connections.manage')
  @ApiOperation({ summary: 'Cancel a pending login and free its client' })
  async cancel(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.logins.cancel(principal.tenantId, id);
  }
}
