import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '@perepiska/platform';
import { TelegramBotWebhookService } from '../services/telegram-bot-webhook.service';

/**
 * Where Telegram posts a connected bot's updates (setWebhook points here). Public to the product's
 * guard: the secret token Telegram repeats in a header is the credential (checked in the service).
 */
@ApiTags('telegram-bot')
@Controller('channels/telegram-bot')
export class TelegramBotWebhookController {
  constructor(private readonly webhook: TelegramBotWebhookService) {}

  @Post(':connectionId/updates')
  @HttpCode(200)
  @Public('Telegram Bot API webhook, authenticated by its secret token header')
  @ApiOperation({ summary: 'Telegram\'s webhook for a connected bot (not for integrators): stored before the 200; a repeated update is absorbed' })
  @ApiHeader({ name: 'X-Telegram-Bot-Api-Secret-Token', required: true, description: 'The secret the connection gave setWebhook' })
  @ApiBody({ description: 'A Telegram Update (https://core.telegram.org/bots/api#update)', schema: { type: 'object', additionalProperties: true } })
  @ApiOkResponse({ description: 'Stored, absorbed as a repeat, or not a kind of update the product keeps' })
  @ApiUnauthorizedResponse({ description: 'Missing or wrong secret, or no such live bot connection' })
  async updates(
    @Param('connectionId') connectionId: string,
    @Headers('x-telegram-bot-api-secret-token') secretToken: string | undefined,
    @Body() update: Record<string, unknown>,
  ): Promise<void> {
    // The answer carries no body: Telegram would run a `method` found in a webhook's answer.
    await this.webhook.receive(connectionId, secretToken, update);
  }
}
