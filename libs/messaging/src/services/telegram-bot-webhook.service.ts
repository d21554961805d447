import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { InvalidInputError, RefusedError } from '@perepiska/platform';
import { createHash, timingSafeEqual } from 'node:crypto';
import { type ConnectionHandle, ConnectorError, type InboundMessage } from '../connectors/channel-connector';
import { botCredentialsOf } from '../connectors/telegram-bot/telegram-bot-credentials';
import { TelegramBotConnector } from '../connectors/telegram-bot/telegram-bot.connector';
import { parseBotUpdate } from '../domain/telegram-bot-updates';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging.options';
import { type ConnectionRow, ConnectionsRepository } from '../persistence/connections.repository';
import { ConnectionHandles } from './connection-handles';
import { InboundService } from './inbound.service';

export type UpdateOutcome = 'stored' | 'duplicate' | 'ignored';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Telegram's side of a bot connection: each webhook post is authenticated by the secret token the
 * connection gave setWebhook (Telegram signs nothing else), then its message is stored through
 * the inbound pipeline before the 200 that tells Telegram to stop retrying.
 */
@Injectable()
export class TelegramBotWebhookService {
  constructor(
    private readonly connections: ConnectionsRepository,
    private readonly handles: ConnectionHandles,
    private readonly connector: TelegramBotConnector,
    private readonly inbound: InboundService,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  async receive(connectionId: string, secretToken: string | undefined, update: unknown): Promise<UpdateOutcome> {
    const { row, handle } = await this.authenticate(connectionId, secretToken);
    // Refused, not dropped: Telegram keeps the update and tries again, so nothing is lost.
    if (row.suspendedReason) throw new RefusedError('This channel is suspended on the platform', { reason: 'channel-suspended' });
    const parsed = parseBotUpdate(update);
    if (parsed.kind === 'invalid') throw new InvalidInputError(`Not a Telegram update: ${parsed.reason}`, [{ field: 'update', messages: [parsed.reason] }]);
    if (parsed.kind === 'ignored') return 'ignored';
    let message: InboundMessage;
    try {
      message = await this.connector.inboundOf(handle, parsed.draft, this.options.maxAttachmentBytes);
    } catch (error) {
      // Nothing is stored yet: a failed answer makes Telegram deliver the update again later.
      if (error instanceof ConnectorError) throw new RefusedError('Telegram did not hand over the message\'s files; it will deliver the update again', { reason: 'messenger-unavailable' });
      throw error;
    }
    const [accepted] = await this.inbound.acceptMessages(row, [message]);
    return accepted.duplicate ? 'duplicate' : 'stored';
  }

  /** An unknown, disconnected or non-bot connection answers exactly as a wrong secret does. */
  private async authenticate(connectionId: string, secretToken: string | undefined): Promise<{ row: ConnectionRow; handle: ConnectionHandle }> {
    const refused = new UnauthorizedException('A valid X-Telegram-Bot-Api-Secret-Token is required');
    if (!secretToken || !UUID.test(connectionId)) throw refused;
    const row = await this.connections.find(connectionId);
    if (!row || row.type !== 'telegram-bot' || row.state === 'disconnected' || !row.credentials) throw refused;
    const handle = this.handles.open(row);
    let expected: string;
    try {
      expected = botCredentialsOf(handle).webhookSecret;
    } catch {
      throw refused;
    }
    if (!sameSecret(secretToken, expected)) throw refused;
    return { row, handle };
  }
}

/** Constant-time whatever the lengths: both sides are hashed to 32 bytes first. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
