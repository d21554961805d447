import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  InvalidInputError,
  NotFoundError,
  ObjectStorage,
  OutboundCheckRegistry,
  type OutboundPurpose,
  type Principal,
  QueuePort,
  RateLimiter,
  RefusedError,
} from '@perepiska/platform';
import { DataSource } from 'typeorm';
import { ConnectorError, type MessageKind, type OutboundFile } from '../connectors/channel-connector';
import { ConnectorRegistry } from '../connectors/connector-registry';
import { conversationScope } from '../domain/conversation-scope';
import { withOptOutLine } from '../domain/opt-out';
import { type RefusalReason, refusalOf } from '../domain/outbound-refusal';
import { OUTBOUND_QUEUE } from '../jobs/messaging.queues';
import { AttachmentsRepository } from '../persistence/attachments.repository';
import { ConnectionsRepository } from '../persistence/connections.repository';
import { ContactsRepository } from '../persistence/contacts.repository';
import { ConversationsRepository } from '../persistence/conversations.repository';
import { type MessageView, MessagesRepository } from '../persistence/messages.repository';
import { MessagingSettingsRepository } from '../persistence/messaging-settings.repository';
import { ConnectionHandles } from './connection-handles';
import { ClientRouter } from './client-router';
import { MessengerModuleAccess } from './messenger-module-access';
import { ConnectionHealthService } from './connection-health.service';
import { RealtimeNotifier } from './realtime-notifier.service';

export interface SendCommand {
  text?: string;
  attachmentIds?: string[];
  /** The caller's idempotency key: the same key in the same conversation sends once. */
  clientMessageId?: string;
  purpose?: OutboundPurpose;
}

/** Retries of a send the messenger could not take now; then the message fails for good. */
export const OUTBOUND_ATTEMPTS = 6;

const REFUSAL_MESSAGES: Record<RefusalReason, string> = {
  'contact-suppressed': 'The client opted out of messages: nothing can be sent to them',
  'contact-blocked': 'Processing of this client\'s data is blocked on their request',
  'not-a-private-chat': 'Messages are sent to private chats only, never to groups or channels',
  'connection-not-active': 'The connection is not active: reconnect it first',
  'channel-suspended': 'This messenger is suspended on the platform',
  'connection-rate-limited': 'Too many messages from this connection: wait a minute',
  'chat-rate-limited': 'Too many messages to this chat: wait a minute',
  'consent-required': 'Advertising needs the client\'s recorded consent',
  'empty-message': 'A message needs text or a file',
  'messenger-module-off': 'The messenger module is off: an owner or admin must accept the messenger-module agreement first',
  'messenger-module-suspended': 'The messenger module is suspended until the new version of its agreement is accepted',
};

/**
 * The outbound pipeline (ARCHITECTURE.md "Outbound"): the guard decides, the message is stored
 * `queued` in the same breath, and a job hands it to the connector; the answer never waits for
 * the messenger.
 */
@Injectable()
export class OutboundService {
  private readonly logger = new Logger(OutboundService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly conversations: ConversationsRepository,
    private readonly connections: ConnectionsRepository,
    private readonly contacts: ContactsRepository,
    private readonly messages: MessagesRepository,
    private readonly attachments: AttachmentsRepository,
    private readonly settings: MessagingSettingsRepository,
    private readonly checks: OutboundCheckRegistry,
    private readonly limiter: RateLimiter,
    private readonly queue: QueuePort,
    private readonly registry: ConnectorRegistry,
    private readonly handles: ConnectionHandles,
    private readonly storage: ObjectStorage,
    private readonly notifier: RealtimeNotifier,
    private readonly health: ConnectionHealthService,
    private readonly router: ClientRouter,
    private readonly moduleAccess: MessengerModuleAccess,
  ) {}

  async send(principal: Principal, conversationId: string, command: SendCommand): Promise<MessageView> {
    const conversation = await this.conversations.get(principal.tenantId, conversationScope(principal), conversationId);
    if (!conversation) throw new NotFoundError('Conversation not found');
    if (command.clientMessageId) {
      const existing = await this.messages.findByClientId(conversationId, command.clientMessageId);
      if (existing) return (await this.messages.views([existing]))[0];
    }
    const connection = (await this.connections.find(conversation.connectionId, principal.tenantId))!;
    const contact = (await this.contacts.find(principal.tenantId, conversation.contactId))!;
    const text = command.text?.trim() ? command.text.trim() : null;
    const attachmentIds = [...new Set(command.attachmentIds ?? [])];
    const refusal = refusalOf({
      chatKind: conversation.chatKind,
      suppressed: conversation.suppressed,
      contactBlocked: contact.blockedReason !== null,
      connectionState: connection.state,
      channelSuspended: connection.suspendedReason !== null,
      hasContent: text !== null || attachmentIds.length > 0,
    });
    if (refusal) this.refuse(refusal);
    // Issue 6: a suspended module stops sending until the new agreement is accepted.
    const moduleState = await this.moduleAccess.state(principal.tenantId, true);
    if (moduleState !== 'active') this.refuse(moduleState === 'off' ? 'messenger-module-off' : 'messenger-module-suspended');
    await this.pluginChecks(principal.tenantId, contact.id, connection.type, command.purpose ?? 'service');
    const settings = await this.settings.get(principal.tenantId);
    // MSG-7: per-connection and per-chat ceilings keep an account from looking like a spammer.
    const perConnection = await this.limiter.hit(`out:connection:${connection.id}`, connection.perMinuteLimit, 60);
    if (!perConnection.allowed) this.refuse('connection-rate-limited', { retryAfterSeconds: perConnection.retryAfterSeconds });
    const perChat = await this.limiter.hit(`out:chat:${conversation.id}`, settings.perChatPerMinute, 60);
    if (!perChat.allowed) this.refuse('chat-rate-limited', { retryAfterSeconds: perChat.retryAfterSeconds });

    const messageId = await this.dataSource.transaction(async (manager) => {
      const files = attachmentIds.length ? await this.attachments.staged(manager, conversation.id, attachmentIds) : [];
      if (files.length !== attachmentIds.length) {
        throw new InvalidInputError('Validation failed: attachmentIds', [{ field: 'attachmentIds', messages: ['each must be a file uploaded to this conversation and not sent yet'] }]);
      }
      // MSG-8: the first message of a conversation tells the client how to opt out.
      const first = !(await this.messages.hasOutbound(manager, conversation.id));
      const body = first ? withOptOutLine(text ?? '', settings.optOutLine).trim() : text;
      const kind: MessageKind = files[0]?.kind ?? 'text';
      const inserted = await this.messages.insertOutbound(manager, {
        tenantId: principal.tenantId,
        conversationId: conversation.id,
        connectionId: connection.id,
        kind,
        text: body,
        senderMembershipId: principal.membershipId ?? null,
        senderTokenId: principal.tokenId ?? null,
        clientMessageId: command.clientMessageId ?? null,
      });
      await this.attachments.link(manager, inserted.id, attachmentIds);
      if (first) await this.conversations.markOptOutNoticed(manager, conversation.id);
      return inserted.id;
    });
    await this.enqueue(messageId);
    const [view] = await this.messages.views([messageId]);
    await this.notifier.messageViewsChanged([view]);
    return view;
  }

  async enqueue(messageId: string, suffix = 'first'): Promise<void> {
    await this.queue
      .enqueue(OUTBOUND_QUEUE, { messageId }, { jobId: `out:${messageId}:${suffix}`, attempts: OUTBOUND_ATTEMPTS, backoffMs: 2000 })
      .catch((error: Error) => this.logger.warn(`Outbound job not queued, the sweeper will pick it up: ${error.message}`));
  }

  /**
   * One delivery attempt, holding the message's row lock so no other worker sends it too. A
   * retryable failure rolls back (still queued) and throws for the queue's backoff; a final one
   * marks the message failed with the reason.
   */
  async deliver(messageId: string, attempt: number, hops = 0): Promise<void> {
    const outcome: { retry?: ConnectorError } = {};
    const touched = await this.dataSource.transaction(async (manager) => {
      const claim = await this.messages.claimForDelivery(manager, messageId);
      if (!claim) return false;
      const connection = await this.connections.find(claim.connectionId, claim.tenantId, manager);
      const stopped = !connection ? 'connection-deleted' : connection.suspendedReason ? 'channel-suspended' : connection.state === 'disconnected' ? 'connection-disconnected' : null;
      if (stopped || !connection) {
        await this.messages.markFailed(manager, messageId, stopped ?? 'connection-deleted');
        return true;
      }
      // A suspended module holds what was queued: it stays queued, and the sweeper offers it again.
      if (!(await this.moduleAccess.isActive(connection.tenantId))) return false;
      // An account's exclusive client may run in another worker: the delivery moves there, still queued.
      if (!(await this.router.runsHere(connection, { work: 'deliver', id: messageId, attempt, hops }))) return false;
      const files: OutboundFile[] = [];
      for (const file of await this.attachments.ofMessage(manager, messageId)) {
        const stored = await this.storage.get(file.storageKey);
        if (!stored) {
          await this.messages.markFailed(manager, messageId, `attachment-missing: ${file.fileName}`);
          return true;
        }
        files.push({ fileName: file.fileName, mimeType: file.mimeType, kind: file.kind, content: stored.body });
      }
      try {
        const result = await this.registry.get(connection.type).send(this.handles.open(connection), { messageId, chatId: claim.externalChatId, text: claim.text, attachments: files });
        await this.messages.markSent(manager, messageId, result.externalId);
      } catch (error) {
        const failure = error instanceof ConnectorError ? error : new ConnectorError((error as Error).message, 'unavailable');
        if (failure.code === 'flood-wait' && failure.retryAfterSeconds) {
          await this.health.change(connection.id, { state: 'flood-wait', floodWaitUntil: new Date(Date.now() + failure.retryAfterSeconds * 1000), reason: failure.message });
        } else if (failure.code === 'auth-lost' || failure.code === 'banned') {
          await this.health.change(connection.id, { state: failure.code === 'banned' ? 'banned' : 'needs-relogin', reason: failure.message });
        }
        if (failure.retryable && attempt < OUTBOUND_ATTEMPTS) {
          outcome.retry = failure;
          return false;
        }
        await this.messages.markFailed(manager, messageId, `${failure.code}: ${failure.message}`.slice(0, 500));
      }
      return true;
    });
    if (outcome.retry) throw outcome.retry;
    if (touched) await this.notifier.messagesChanged([messageId]);
  }

  /** Re-queues messages whose delivery job was lost. */
  async sweep(olderThanSeconds: number): Promise<number> {
    const ids = await this.messages.staleQueued(olderThanSeconds);
    const slot = Math.floor(Date.now() / 60_000);
    for (const id of ids) await this.enqueue(id, `sweep-${slot}`);
    return ids.length;
  }

  private async pluginChecks(tenantId: string, contactId: string, channelType: string, purpose: OutboundPurpose): Promise<void> {
    const checks = this.checks.for(purpose);
    // 38-FZ art. 18: advertising goes out only where a check proves consent; none registered, none goes.
    if (purpose === 'advertising' && checks.length === 0) this.refuse('consent-required');
    for (const check of checks) {
      const veto = await check.check({ tenantId, contactId, channelType, purpose });
      if (veto) throw new RefusedError(veto.message, { reason: veto.reason });
    }
  }

  private refuse(reason: RefusalReason, extra: Record<string, unknown> = {}): never {
    throw new RefusedError(REFUSAL_MESSAGES[reason], { reason, ...extra });
  }
}
