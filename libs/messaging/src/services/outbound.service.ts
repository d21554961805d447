import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  EnvelopeCipher,
  InvalidInputError,
  NotFoundError,
  ObjectStorage,
  OutboundCheckRegistry,
  type OutboundPurpose,
  type OutboundVeto,
  type Principal,
  QueuePort,
  RateLimiter,
  RefusedError,
  type ServiceText,
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
import { type ConversationSummary, ConversationsRepository } from '../persistence/conversations.repository';
import { type MessageView, MessagesRepository } from '../persistence/messages.repository';
import { MessagingSettingsRepository } from '../persistence/messaging-settings.repository';
import { ConnectionHandles } from './connection-handles';
import { ClientRouter } from './client-router';
import { MessengerModuleAccess } from './messenger-module-access';
import { ConnectionHealthService } from './connection-health.service';
import { RealtimeNotifier } from './realtime-notifier.service';

/** What the pipeline sends, whichever way it was asked: `delivered` when the messenger gets other text than the conversation keeps. */
interface Dispatch {
  text: string | null;
  delivered: string | null;
  attachmentIds: string[];
  clientMessageId: string | null;
  purpose: OutboundPurpose;
}

/** Context of the sealed text a message carries to the messenger; it opens nowhere else. */
export const SEALED_TEXT_CONTEXT = 'messages.sealed_text';

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
    private readonly cipher: EnvelopeCipher,
  ) {}

  async send(principal: Principal, conversationId: string, command: SendCommand): Promise<MessageView> {
    const conversation = await this.conversations.get(principal.tenantId, conversationScope(principal), conversationId);
    if (!conversation) throw new NotFoundError('Conversation not found');
    if (command.clientMessageId) {
      const existing = await this.messages.findByClientId(conversationId, command.clientMessageId);
      if (existing) return (await this.messages.views([existing]))[0];
    }
    return this.dispatch(principal, conversation, {
      text: command.text?.trim() ? command.text.trim() : null,
      delivered: null,
      attachmentIds: [...new Set(command.attachmentIds ?? [])],
      clientMessageId: command.clientMessageId ?? null,
      purpose: command.purpose ?? 'service',
    });
  }

  /**
   * A service text the business sends on its own account rather than from the inbox — a
   * one-time code to a data subject's known contact: any conversation of the business, through
   * the same guard, queue and connector. The conversation keeps `recorded`; the messenger gets
   * `delivered`, which is held sealed on the message only until it is sent or fails.
   */
  async sendServiceText(principal: Principal, conversationId: string, text: ServiceText): Promise<MessageView> {
    const conversation = await this.conversations.get(principal.tenantId, { kind: 'all' }, conversationId);
    if (!conversation) throw new NotFoundError('Conversation not found');
    return this.dispatch(principal, conversation, { text: text.recorded.trim() || null, delivered: text.delivered.trim() || null, attachmentIds: [], clientMessageId: null, purpose: 'service' });
  }

  /** Whether the guard would let a service text into the conversation now (rate limits aside), and why not. */
  async serviceRefusal(tenantId: string, conversationId: string): Promise<OutboundVeto | null> {
    const conversation = await this.conversations.get(tenantId, { kind: 'all' }, conversationId);
    if (!conversation) throw new NotFoundError('Conversation not found');
    const connection = (await this.connections.find(conversation.connectionId, tenantId))!;
    const contact = (await this.contacts.find(tenantId, conversation.contactId))!;
    return this.guard(tenantId, conversation, connection, contact, 'service', true);
  }

  private async dispatch(principal: Principal, conversation: ConversationSummary, command: Dispatch): Promise<MessageView> {
    const connection = (await this.connections.find(conversation.connectionId, principal.tenantId))!;
    const contact = (await this.contacts.find(principal.tenantId, conversation.contactId))!;
    const { text, attachmentIds } = command;
    const veto = await this.guard(principal.tenantId, conversation, connection, contact, command.purpose, text !== null || attachmentIds.length > 0);
    if (veto) throw new RefusedError(veto.message, { reason: veto.reason });
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
      const withLine = (body: string | null) => (first ? withOptOutLine(body ?? '', settings.optOutLine).trim() : body);
      const kind: MessageKind = files[0]?.kind ?? 'text';
      const delivered = command.delivered === null ? null : withLine(command.delivered);
      const inserted = await this.messages.insertOutbound(manager, {
        tenantId: principal.tenantId,
        conversationId: conversation.id,
        connectionId: connection.id,
        kind,
        text: withLine(text),
        sealedText: delivered === null ? null : this.cipher.encrypt(delivered, SEALED_TEXT_CONTEXT),
        senderMembershipId: principal.membershipId ?? null,
        senderTokenId: principal.tokenId ?? null,
        clientMessageId: command.clientMessageId,
      });
      await this.attachments.link(manager, inserted.id, attachmentIds);
      if (first) await this.conversations.markOptOutNoticed(manager, conversation.id);
      return inserted.id;
    });
    await this.enqueue(messageId);
    const [view] = await this.messages.views([messageId]);
    await this.notifier.messageViewsChanged(principal.tenantId, [view]);
    return view;
  }

  /** The rules of the guard that need no counters: the chat, the client, the connection, the module, the plug-in checks. */
  private async guard(
    tenantId: string,
    conversation: ConversationSummary,
    connection: { type: string; state: string; suspendedReason: string | null },
    contact: { id: string; blockedReason: string | null },
    purpose: OutboundPurpose,
    hasContent: boolean,
  ): Promise<OutboundVeto | null> {
    const refusal = refusalOf({
      chatKind: conversation.chatKind,
      suppressed: conversation.suppressed,
      contactBlocked: contact.blockedReason !== null,
      connectionState: connection.state,
      channelSuspended: connection.suspendedReason !== null,
      hasContent,
    });
    if (refusal) return this.veto(refusal);
    // Issue 6: a suspended module stops sending until the new agreement is accepted.
    const moduleState = await this.moduleAccess.state(tenantId, true);
    if (moduleState !== 'active') return this.veto(moduleState === 'off' ? 'messenger-module-off' : 'messenger-module-suspended');
    return this.pluginChecks(tenantId, contact.id, connection.type, purpose);
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
    // The business of a message whose state changed; null when nothing changed.
    const touched = await this.dataSource.transaction(async (manager): Promise<string | null> => {
      const claim = await this.messages.claimForDelivery(manager, messageId);
      if (!claim) return null;
      const connection = await this.connections.find(claim.connectionId, claim.tenantId, manager);
      const stopped = !connection ? 'connection-deleted' : connection.suspendedReason ? 'channel-suspended' : connection.state === 'disconnected' ? 'connection-disconnected' : null;
      if (stopped || !connection) {
        await this.messages.markFailed(manager, messageId, stopped ?? 'connection-deleted');
        return claim.tenantId;
      }
      // A suspended module holds what was queued: it stays queued, and the sweeper offers it again.
      if (!(await this.moduleAccess.isActive(connection.tenantId))) return null;
      // An account's exclusive client may run in another worker: the delivery moves there, still queued.
      if (!(await this.router.runsHere(connection, { work: 'deliver', id: messageId, attempt, hops }))) return null;
      const files: OutboundFile[] = [];
      for (const file of await this.attachments.ofMessage(manager, messageId)) {
        const stored = await this.storage.get(file.storageKey);
        if (!stored) {
          await this.messages.markFailed(manager, messageId, `attachment-missing: ${file.fileName}`);
          return claim.tenantId;
        }
        files.push({ fileName: file.fileName, mimeType: file.mimeType, kind: file.kind, content: stored.body });
      }
      try {
        const text = claim.sealedText ? this.cipher.decrypt(claim.sealedText, SEALED_TEXT_CONTEXT) : claim.text;
        const result = await this.registry.get(connection.type).send(this.handles.open(connection), { messageId, chatId: claim.externalChatId, text, attachments: files });
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
          return null;
        }
        await this.messages.markFailed(manager, messageId, `${failure.code}: ${failure.message}`.slice(0, 500));
      }
      return claim.tenantId;
    });
    if (outcome.retry) throw outcome.retry;
    if (touched) await this.notifier.messagesChanged(touched, [messageId]);
  }

  /** Re-queues messages whose delivery job was lost. */
  async sweep(olderThanSeconds: number): Promise<number> {
    const ids = await this.messages.staleQueued(olderThanSeconds);
    const slot = Math.floor(Date.now() / 60_000);
    for (const id of ids) await this.enqueue(id, `sweep-${slot}`);
    return ids.length;
  }

  private async pluginChecks(tenantId: string, contactId: string, channelType: string, purpose: OutboundPurpose): Promise<OutboundVeto | null> {
    const checks = this.checks.for(purpose);
    // 38-FZ art. 18: advertising goes out only where a check proves consent; none registered, none goes.
    if (purpose === 'advertising' && checks.length === 0) return this.veto('consent-required');
    for (const check of checks) {
      const veto = await check.check({ tenantId, contactId, channelType, purpose });
      if (veto) return veto;
    }
    return null;
  }

  private veto(reason: RefusalReason): OutboundVeto {
    return { reason, message: REFUSAL_MESSAGES[reason] };
  }

  private refuse(reason: RefusalReason, extra: Record<string, unknown> = {}): never {
    throw new RefusedError(REFUSAL_MESSAGES[reason], { reason, ...extra });
  }
}
