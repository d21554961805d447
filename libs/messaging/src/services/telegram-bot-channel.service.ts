import { Inject, Injectable, Logger } from '@nestjs/common';
import { InvalidInputError, RefusedError } from '@perepiska/platform';
import { randomBytes } from 'node:crypto';
import { ConnectorError } from '../connectors/channel-connector';
import { type BotUser } from '../connectors/telegram-bot/bot-api.types';
import { type TelegramBotCredentials, botCredentialsOf } from '../connectors/telegram-bot/telegram-bot-credentials';
import { TelegramBotConnector } from '../connectors/telegram-bot/telegram-bot.connector';
import { botIdOf, isBotTokenShape } from '../domain/telegram-bot-token';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging.options';
import { type ConnectionRow } from '../persistence/connections.repository';
import { ConnectionHandles } from './connection-handles';

export interface PreparedBot {
  /** "Name (@username)" as Telegram knows the bot, for a connection the business did not name. */
  displayName: string;
  credentials: TelegramBotCredentials;
}

const DISPLAY_NAME_MAX = 100;

/**
 * Connecting and disconnecting a business's Telegram bot: the token is checked with Telegram
 * before anything is stored, a fresh webhook secret is made for it, and the webhook is pointed at
 * this deployment. What goes wrong is said in the product's words: a token Telegram refuses is
 * the caller's input (400 on botToken), an unreachable Bot API is a refusal for now (422).
 */
@Injectable()
export class TelegramBotChannelService {
  private readonly logger = new Logger(TelegramBotChannelService.name);

  constructor(
    private readonly connector: TelegramBotConnector,
    private readonly handles: ConnectionHandles,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  async prepare(botToken: string | undefined): Promise<PreparedBot> {
    const token = botToken?.trim() ?? '';
    if (!isBotTokenShape(token)) throw tokenRefused('must be the token @BotFather gave the bot, like 123456789:AAE…');
    let bot: BotUser;
    try {
      bot = await this.connector.identify(token);
    } catch (error) {
      throw refusalOf(error, 'getMe');
    }
    // 32 random bytes in base64url: 43 characters, all within setWebhook's A-Z a-z 0-9 _ - alphabet.
    const webhookSecret = randomBytes(32).toString('base64url');
    return { displayName: displayNameOf(bot), credentials: { botToken: token, webhookSecret } };
  }

  /** Where Telegram posts this connection's updates (the route of TelegramBotWebhookController). */
  webhookUrl(connectionId: string): string {
    return `${this.options.publicUrl}/api/v1/channels/telegram-bot/${connectionId}/updates`;
  }

  async registerWebhook(connectionId: string, credentials: TelegramBotCredentials): Promise<void> {
    try {
      await this.connector.registerWebhook(credentials, this.webhookUrl(connectionId));
    } catch (error) {
      throw refusalOf(error, 'setWebhook');
    }
  }

  /** The bot's credentials while the row still holds them; null when they cannot be read (then nothing is removed). */
  credentialsOf(row: ConnectionRow): TelegramBotCredentials | null {
    try {
      return row.credentials ? botCredentialsOf(this.handles.open(row)) : null;
    } catch (error) {
      this.logger.warn(`Credentials of connection ${row.id} unreadable, its webhook stays at Telegram: ${(error as Error).message}`);
      return null;
    }
  }

  /**
   * Best effort: the connection is gone for us whatever Telegram answers. A webhook left behind
   * only makes Telegram post to a route that now answers 401, until it gives up.
   */
  async removeWebhook(connectionId: string, credentials: TelegramBotCredentials): Promise<void> {
    try {
      await this.connector.removeWebhook(credentials);
    } catch (error) {
      this.logger.warn(`Webhook of bot ${botIdOf(credentials.botToken)} (connection ${connectionId}) not removed: ${(error as Error).message}`);
    }
  }
}

function displayNameOf(bot: BotUser): string {
  const name = [bot.first_name, bot.last_name].filter(Boolean).join(' ').trim();
  const handle = bot.username ? `@${bot.username}` : '';
  const both = name && handle ? `${name} (${handle})` : name || handle || `Telegram bot ${bot.id}`;
  return both.slice(0, DISPLAY_NAME_MAX);
}

function tokenRefused(message: string): InvalidInputError {
  return new InvalidInputError('Validation failed: botToken', [{ field: 'botToken', messages: [message] }]);
}

function refusalOf(error: unknown, call: 'getMe' | 'setWebhook'): Error {
  if (!(error instanceof ConnectorError)) return error as Error;
  switch (error.code) {
    case 'auth-lost':
    case 'banned':
      return tokenRefused('Telegram did not accept this bot token');
    case 'rejected':
      // getMe takes no parameters: a refusal there is about the token. setWebhook's is about the URL.
      return call === 'getMe'
        ? tokenRefused('Telegram did not accept this bot token')
        : new RefusedError(`Telegram did not accept the webhook address: ${error.message}`, { reason: 'webhook-refused' });
    case 'flood-wait':
    case 'unavailable':
      return new RefusedError('The Telegram Bot API cannot be reached right now; try again later', { reason: 'messenger-unavailable' });
  }
}
