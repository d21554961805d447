import { Injectable } from '@nestjs/common';
import { type ChannelType } from '../../domain/channel-types';
import { planBotSends } from '../../domain/telegram-bot-sends';
import { type BotInboundDraft, skippedFileNote, withNotes } from '../../domain/telegram-bot-updates';
import {
  ChannelConnector,
  type ConnectionHandle,
  ConnectorError,
  type ConnectorSink,
  type HealthReport,
  type InboundFile,
  type InboundMessage,
  type OutboundPayload,
  type SendResult,
} from '../channel-connector';
import { type BotUser } from './bot-api.types';
import { TelegramBotApiClient } from './telegram-bot-api.client';
import { type TelegramBotCredentials, botCredentialsOf } from './telegram-bot-credentials';

/**
 * A business's Telegram bot over the Bot API, in webhook mode: Telegram posts each update to our
 * webhook route (which hands it here to be read), and we call the Bot API to answer. Nothing
 * long-lived runs, so connect and disconnect have nothing to start or stop.
 */
@Injectable()
export class TelegramBotConnector extends ChannelConnector {
  readonly type: ChannelType = 'telegram-bot';

  constructor(private readonly api: TelegramBotApiClient) {
    super();
  }

  connect(_connection: ConnectionHandle, _sink: ConnectorSink): Promise<void> {
    return Promise.resolve();
  }

  disconnect(_connectionId: string): Promise<void> {
    return Promise.resolve();
  }

  /**
   * One Bot API call per step (text, then each file; a lone file carries the text as caption).
   * The message's id is the first call's `message_id`. The Bot API takes no idempotency key.
   */
  async send(connection: ConnectionHandle, payload: OutboundPayload): Promise<SendResult> {
    const { botToken } = botCredentialsOf(connection);
    let externalId: string | null = null;
    for (const step of planBotSends(payload.text, payload.attachments)) {
      const sent =
        step.method === 'sendMessage'
          ? await this.api.sendMessage(botToken, payload.chatId, step.text)
          : await this.api.sendMedia(botToken, step.method, payload.chatId, step.file, step.caption);
      externalId ??= String(sent.message_id);
    }
    if (externalId === null) throw new ConnectorError('A message needs text or a file', 'rejected');
    return { externalId };
  }

  markRead(_connection: ConnectionHandle, _chatId: string, _upToExternalId: string): Promise<void> {
    // The Bot API has no read receipts: a bot cannot mark a client's messages as read.
    return Promise.resolve();
  }

  /** getMe answers for a live token; a revoked one means the business must connect the bot again. */
  async health(connection: ConnectionHandle): Promise<HealthReport> {
    try {
      await this.api.getMe(botCredentialsOf(connection).botToken);
      return { state: 'active', checkedAt: new Date() };
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      if (error.code === 'auth-lost') return { state: 'needs-relogin', reason: error.message, checkedAt: new Date() };
      if (error.code === 'flood-wait') {
        const floodWaitUntil = new Date(Date.now() + (error.retryAfterSeconds ?? 1) * 1000);
        return { state: 'flood-wait', reason: error.message, floodWaitUntil, checkedAt: new Date() };
      }
      // Unreachable says nothing about the bot: no verdict rather than a wrong one.
      throw error;
    }
  }

  /** Who the token belongs to; refuses a token Telegram does not take (ConnectorError 'auth-lost'). */
  identify(botToken: string): Promise<BotUser> {
    return this.api.getMe(botToken);
  }

  registerWebhook(credentials: TelegramBotCredentials, url: string): Promise<void> {
    return this.api.setWebhook(credentials.botToken, { url, secretToken: credentials.webhookSecret });
  }

  removeWebhook(credentials: TelegramBotCredentials): Promise<void> {
    return this.api.deleteWebhook(credentials.botToken);
  }

  /**
   * The update's message with its files fetched from Telegram (getFile, then the download). A file
   * over `maxBytes`, or one Telegram will not hand over (bots may download up to 20 MB), is left
   * out with a note in the text, so the message itself is never lost. An outage throws: the
   * webhook then fails and Telegram delivers the update again later.
   */
  async inboundOf(connection: ConnectionHandle, draft: BotInboundDraft, maxBytes: number): Promise<InboundMessage> {
    const { botToken } = botCredentialsOf(connection);
    const attachments: InboundFile[] = [];
    const notes: string[] = [];
    for (const ref of draft.files) {
      if (ref.fileSize !== undefined && ref.fileSize > maxBytes) {
        notes.push(skippedFileNote(ref.fileName, 'too-large', maxBytes));
        continue;
      }
      const fetched = await this.fetchFile(botToken, ref.fileId, maxBytes);
      if (fetched === 'too-large' || fetched === 'unavailable') notes.push(skippedFileNote(ref.fileName, fetched, maxBytes));
      else attachments.push({ fileName: ref.fileName, content: fetched });
    }
    return {
      externalMessageId: draft.externalMessageId,
      chat: draft.chat,
      from: draft.from,
      text: withNotes(draft.text, notes),
      attachments,
      sentAt: draft.sentAt,
    };
  }

  private async fetchFile(botToken: string, fileId: string, maxBytes: number): Promise<Buffer | 'too-large' | 'unavailable'> {
    try {
      const file = await this.api.getFile(botToken, fileId);
      if (file.file_size !== undefined && file.file_size > maxBytes) return 'too-large';
      if (!file.file_path) return 'unavailable';
      const downloaded = await this.api.downloadFile(botToken, file.file_path, maxBytes);
      if ('tooLarge' in downloaded) return 'too-large';
      return downloaded.content.length ? downloaded.content : 'unavailable';
    } catch (error) {
      // getFile refuses for good ("file is too big" past 20 MB, an expired file): keep the message.
      if (error instanceof ConnectorError && error.code === 'rejected') return /too big/i.test(error.message) ? 'too-large' : 'unavailable';
      throw error;
    }
  }
}
