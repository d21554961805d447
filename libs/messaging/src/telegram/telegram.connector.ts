import { Inject, Injectable, Logger } from '@nestjs/common';
import { Api } from 'telegram';
import { CustomFile } from 'telegram/client/uploads';
import { ClientLeases } from '../connectors/client-leases';
import { ChannelConnector, type ConnectionHandle, ConnectorError, type ConnectorSink, type HealthReport, type OutboundFile, type OutboundPayload, type SendResult } from '../connectors/channel-connector';
import { type ChannelType } from '../domain/channel-types';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging.options';
import { classifyTelegramError, connectorErrorCodeOf, failureMessage } from './domain/telegram-errors';
import { TelegramClients } from './gramjs/telegram-clients';
import { TelegramPeersRepository } from './persistence/telegram-peers.repository';
import { TelegramSyncStateRepository } from './persistence/telegram-sync-state.repository';
import { TelegramAccount } from './telegram-account';
import { readTelegramCredentials } from './telegram-credentials';
import { randomIdFor, telegramLong } from './telegram-random-id';

/**
 * A business's own Telegram account over MTProto (PRODUCT.md MSG-1..3, MSG-5, MSG-7, MSG-10),
 * built on GramJS behind our connector port. Exclusive: only the worker holding the
 * connection's lease runs its client (Telegram ends both sessions when one auth key is used
 * twice at once).
 */
@Injectable()
export class TelegramConnector extends ChannelConnector {
  readonly type: ChannelType = 'telegram';
  override readonly exclusive = true;
  private readonly logger = new Logger(TelegramConnector.name);
  private readonly accounts = new Map<string, TelegramAccount>();

  constructor(
    private readonly clients: TelegramClients,
    private readonly peers: TelegramPeersRepository,
    private readonly sync: TelegramSyncStateRepository,
    private readonly leases: ClientLeases,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {
    super();
  }

  /** Whether this process runs the account's client now. */
  runs(connectionId: string): boolean {
    return this.accounts.has(connectionId);
  }

  async connect(connection: ConnectionHandle, sink: ConnectorSink): Promise<void> {
    if (this.accounts.has(connection.id)) return;
    const credentials = readTelegramCredentials(connection.credentials);
    if (!credentials) throw new ConnectorError('The connection has no Telegram session: log in again', 'auth-lost');
    const account = new TelegramAccount(connection, this.clients.create(credentials.session), sink, { peers: this.peers, sync: this.sync, maxAttachmentBytes: this.options.maxAttachmentBytes });
    this.accounts.set(connection.id, account);
    try {
      await account.start();
    } catch (error) {
      this.accounts.delete(connection.id);
      await account.stop();
      await account.reportFailure(error);
      const failure = classifyTelegramError(error as { errorMessage?: string });
      throw new ConnectorError(failureMessage(failure), connectorErrorCodeOf(failure));
    }
  }

  async disconnect(connectionId: string): Promise<void> {
    const account = this.accounts.get(connectionId);
    this.accounts.delete(connectionId);
    await account?.stop();
  }

  /**
   * Ends the session on Telegram's side too (auth.LogOut; reference 000 §6), with the live client
   * when this process runs it, else with a short-lived one from the session string.
   */
  override async endSession(connection: ConnectionHandle): Promise<void> {
    const live = this.accounts.get(connection.id);
    const credentials = readTelegramCredentials(connection.credentials);
    if (!live && !credentials) return;
    const client = live?.client ?? this.clients.create(credentials!.session);
    try {
      if (!live) await client.connect();
      await client.invoke(new Api.auth.LogOut());
    } finally {
      if (live) await this.disconnect(connection.id);
      else await client.destroy().catch(() => undefined);
    }
  }

  async send(connection: ConnectionHandle, payload: OutboundPayload): Promise<SendResult> {
    const account = this.live(connection.id);
    const peer = await this.peer(connection.id, payload.chatId);
    try {
      let externalId: string | null = null;
      if (!payload.attachments.length) {
        const result = await account.client.invoke(new Api.messages.SendMessage({ peer, message: payload.text ?? '', randomId: randomIdFor(payload.messageId), noWebpage: false }));
        externalId = sentId(result);
        account.noteOwnUpdate(result);
      }
      for (const [index, file] of payload.attachments.entries()) {
        const uploaded = await account.client.uploadFile({ file: new CustomFile(file.fileName, file.content.length, '', file.content), workers: 1 });
        const result = await account.client.invoke(
          new Api.messages.SendMedia({ peer, media: inputMedia(file, uploaded), message: index === 0 ? (payload.text ?? '') : '', randomId: randomIdFor(payload.messageId, index) }),
        );
        externalId = sentId(result) ?? externalId;
        account.noteOwnUpdate(result);
      }
      if (!externalId) throw new ConnectorError('Telegram did not answer with the message id', 'unavailable');
      await account.sendSucceeded();
      return { externalId };
    } catch (error) {
      throw this.connectorError(account, error);
    }
  }

  /** Only when an employee opens the conversation (Telegram API terms: no faked read status). */
  async markRead(connection: ConnectionHandle, chatId: string, upToExternalId: string): Promise<void> {
    const account = this.live(connection.id);
    const peer = await this.peer(connection.id, chatId);
    try {
      await account.client.invoke(new Api.messages.ReadHistory({ peer, maxId: Number(upToExternalId) }));
    } catch (error) {
      throw this.connectorError(account, error);
    }
  }

  health(connection: ConnectionHandle): Promise<HealthReport> {
    return Promise.resolve({ state: this.accounts.has(connection.id) ? 'active' : 'disconnected', checkedAt: new Date() });
  }

  private live(connectionId: string): TelegramAccount {
    const account = this.accounts.get(connectionId);
    // The lease is checked before every call: a worker past its deadline may already have a successor.
    if (!account || !this.leases.holds(connectionId)) throw new ConnectorError('The account\'s Telegram client is not running in this process', 'unavailable', 2);
    return account;
  }

  private async peer(connectionId: string, chatId: string): Promise<Api.InputPeerUser> {
    const known = await this.peers.find(connectionId, chatId);
    if (!known) throw new ConnectorError('Telegram has not introduced this client to the account yet: wait for their message', 'rejected');
    return new Api.InputPeerUser({ userId: telegramLong(known.peerId), accessHash: telegramLong(known.accessHash) });
  }

  private connectorError(account: TelegramAccount, error: unknown): ConnectorError {
    if (error instanceof ConnectorError) return error;
    const failure = classifyTelegramError(error as { errorMessage?: string; code?: number; seconds?: number });
    if (failure.kind === 'flood-wait') account.noteFloodWait(failure.seconds);
    // A session Telegram ended is dead for good here: the client goes, a re-login brings a new one.
    if (failure.kind === 'auth-lost' || failure.kind === 'banned' || failure.kind === 'password-needed') void this.disconnect(account.handle.id);
    if (failure.kind !== 'rejected') this.logger.warn(`Telegram connection ${account.handle.id}: ${failureMessage(failure)}`);
    return new ConnectorError(failureMessage(failure), connectorErrorCodeOf(failure), failure.kind === 'flood-wait' ? failure.seconds : undefined);
  }
}

/**
 * Every file goes as a document, images included: Telegram re-encodes "photos" (smaller, without
 * the name), while a document reaches the client byte for byte under the name the operator gave
 * it — a scan of a contract stays legible.
 */
function inputMedia(file: OutboundFile, uploaded: Api.TypeInputFile): Api.TypeInputMedia {
  const attributes: Api.TypeDocumentAttribute[] = [new Api.DocumentAttributeFilename({ fileName: file.fileName })];
  // A voice note is an OGG/Opus document flagged as voice; Telegram shows it as a playable note.
  if (file.kind === 'voice') attributes.push(new Api.DocumentAttributeAudio({ voice: true, duration: 0 }));
  if (file.kind === 'video') attributes.push(new Api.DocumentAttributeVideo({ duration: 0, w: 0, h: 0, supportsStreaming: true }));
  return new Api.InputMediaUploadedDocument({ file: uploaded, mimeType: file.mimeType, attributes, forceFile: file.kind === 'file' || file.kind === 'image' });
}

/** The new message's id from what sendMessage / sendMedia answered. */
function sentId(result: Api.TypeUpdates): string | null {
  if (result instanceof Api.UpdateShortSentMessage) return String(result.id);
  if (result instanceof Api.Updates || result instanceof Api.UpdatesCombined) {
    const byId = result.updates.find((u): u is Api.UpdateMessageID => u instanceof Api.UpdateMessageID);
    if (byId) return String(byId.id);
    const created = result.updates.find((u): u is Api.UpdateNewMessage => u instanceof Api.UpdateNewMessage);
    if (created) return String(created.message.id);
  }
  return null;
}
