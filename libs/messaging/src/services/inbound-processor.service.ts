import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ContactOptedOut, DomainEvents, QueuePort } from '@perepiska/platform';
import { DataSource } from 'typeorm';
import { identityChannel } from '../domain/channel-types';
import { isOptOut } from '../domain/opt-out';
import { INBOUND_QUEUE, OUTBOUND_QUEUE } from '../jobs/messaging.queues';
import { ConnectionsRepository } from '../persistence/connections.repository';
import { type MessageEventPayload, type PendingEvent, type StatusEventPayload, InboundEventsRepository } from '../persistence/inbound-events.repository';
import { type Chat, type InsertedMessage, type Sender, InboundIngestRepository } from '../persistence/inbound-ingest.repository';
import { MessagesRepository } from '../persistence/messages.repository';
import { MessagingSettingsRepository } from '../persistence/messaging-settings.repository';
import { RealtimeNotifier } from './realtime-notifier.service';
import { MessengerModuleAccess } from './messenger-module-access';

/** One transaction takes at most this many events: big enough to batch, small enough to stay short. */
export const INBOUND_BATCH = 500;
/** A status report for a message we do not know yet is retried this many times, then dropped. */
const STATUS_RETRIES = 20;

/**
 * Turns stored inbound events into contacts, conversations, messages and statuses, one batch
 * of one connection per transaction (ARCHITECTURE.md "Inbound"). Safe to run twice: events
 * are claimed in order under the channel's lock and marked processed in the same commit.
 */
@Injectable()
export class InboundProcessor {
  /** Connections this process is draining now, each with whether a nudge came in meanwhile. */
  private readonly draining = new Map<string, { nudged: boolean }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: InboundEventsRepository,
    private readonly ingest: InboundIngestRepository,
    private readonly connections: ConnectionsRepository,
    private readonly messages: MessagesRepository,
    private readonly settings: MessagingSettingsRepository,
    private readonly notifier: RealtimeNotifier,
    private readonly queue: QueuePort,
    private readonly domainEvents: DomainEvents,
    private readonly moduleAccess: MessengerModuleAccess,
  ) {}

  /**
   * The inbound job: processes the connection's backlog. A nudge for a connection this process
   * is draining already only asks the running drain to claim once more when its batch is done,
   * instead of taking a second job slot and a database connection to queue on the channel's
   * lock behind it (every request of a busy channel sends a nudge). The nudge's events are
   * committed before it was sent, so that next claim sees them; if this process dies first, they
   * stay in Postgres for the sweeper.
   */
  async drain(connectionId: string): Promise<void> {
    const running = this.draining.get(connectionId);
    if (running) {
      running.nudged = true;
      return;
    }
    const state = { nudged: false };
    this.draining.set(connectionId, state);
    try {
      do {
        state.nudged = false;
        await this.processConnection(connectionId);
      } while (state.nudged);
    } finally {
      this.draining.delete(connectionId);
    }
  }

  async processConnection(connectionId: string): Promise<number> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const connection = await this.connections.find(connectionId, undefined, manager);
      if (!connection) return null;
      // Issue 6: while the module is suspended, what arrives is kept, unprocessed, until it is back on.
      if (!(await this.moduleAccess.isActive(connection.tenantId))) return null;
      const channel = identityChannel(connection.type, connection.id);
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`inbound:${connection.tenantId}:${channel}`]);
      const pending = await this.events.claim(manager, connectionId, INBOUND_BATCH);
      if (!pending.length) return { tenantId: connection.tenantId, claimed: 0, created: [] as InsertedMessage[], changed: [] as string[], confirmations: [] as string[] };

      const messageEvents = pending.filter((e): e is PendingEvent & { payload: MessageEventPayload } => e.kind === 'message');
      const statusEvents = pending.filter((e): e is PendingEvent & { payload: StatusEventPayload } => e.kind === 'status');
      const settings = await this.settings.get(connection.tenantId, manager);

      // Contacts and conversations, each created once however many messages the batch holds.
      const senders = new Map<string, Sender>();
      for (const e of messageEvents) {
        const from = e.payload.from;
        senders.set(from.id, { externalId: from.id, displayName: from.displayName, username: from.username ?? null, phone: from.phone ?? null });
      }
      const contactOf = await this.ingest.contacts(manager, connection.tenantId, channel, [...senders.values()]);
      const chats = new Map<string, Chat>();
      for (const e of messageEvents) {
        if (!chats.has(e.payload.chat.id)) {
          chats.set(e.payload.chat.id, { externalChatId: e.payload.chat.id, kind: e.payload.chat.kind, title: e.payload.chat.title ?? null, contactId: contactOf.get(e.payload.from.id)! });
        }
      }
      const conversationOf = await this.ingest.conversations(manager, connection.tenantId, connection.id, [...chats.values()]);

      const created = await this.ingest.insertMessages(
        manager,
        connection.tenantId,
        connection.id,
        messageEvents.map((e) => ({
          conversationId: conversationOf.get(e.payload.chat.id)!,
          externalId: e.externalId,
          kind: e.payload.attachments[0]?.kind ?? 'text',
          text: e.payload.text ?? null,
          sentAt: e.payload.sentAt ? new Date(e.payload.sentAt) : null,
        })),
      );
      const eventOf = new Map(messageEvents.map((e) => [e.externalId, e]));
      await this.ingest.insertAttachments(
        manager,
        connection.tenantId,
        created.flatMap((m) => eventOf.get(m.externalId)!.payload.attachments.map((file) => ({ ...file, messageId: m.id, conversationId: m.conversationId }))),
      );
      const bumps = new Map<string, { conversationId: string; count: number; at: Date; preview: string }>();
      for (const m of created) {
        const bump = bumps.get(m.conversationId) ?? { conversationId: m.conversationId, count: 0, at: m.createdAt, preview: '' };
        bump.count += 1;
        bump.at = m.createdAt;
        bump.preview = (m.text ?? `[${eventOf.get(m.externalId)!.payload.attachments[0]?.fileName ?? m.kind}]`).slice(0, 200);
        bumps.set(m.conversationId, bump);
      }
      await this.ingest.bumpConversations(manager, [...bumps.values()]);

      // MSG-8: "стоп" in a private chat suppresses the contact at once, with one confirmation.
      const optOuts = created
        .map((m) => eventOf.get(m.externalId)!)
        .filter((e) => e.payload.chat.kind === 'private' && isOptOut(e.payload.text, settings.optOutKeywords))
        .map((e) => ({ contactId: contactOf.get(e.payload.from.id)!, keyword: e.payload.text!.trim().slice(0, 64), conversationId: conversationOf.get(e.payload.chat.id)! }));
      const suppressed = new Set(await this.ingest.suppress(manager, connection.tenantId, optOuts));
      // Every keyword is a withdrawal of advertising consent (38-FZ art. 18), even from a client
      // already suppressed: consent records it, committed with the suppression, without messaging knowing consent.
      for (const optOut of optOuts) {
        await this.domainEvents.publish(manager, ContactOptedOut, {
          tenantId: connection.tenantId,
          contactId: optOut.contactId,
          conversationId: optOut.conversationId,
          connectionId: connection.id,
          channel: connection.type,
          keyword: optOut.keyword,
          at: new Date().toISOString(),
        });
      }
      const confirmations: string[] = [];
      for (const optOut of optOuts) {
        if (!suppressed.delete(optOut.contactId)) continue;
        const confirmation = await this.messages.insertOutbound(manager, {
          tenantId: connection.tenantId,
          conversationId: optOut.conversationId,
          connectionId: connection.id,
          kind: 'text',
          text: settings.optOutConfirmation,
          senderMembershipId: null,
          senderTokenId: null,
          clientMessageId: null,
        });
        confirmations.push(confirmation.id);
      }

      // Statuses: out-of-order reports end in the highest; a report ahead of its message waits.
      const changed: string[] = [];
      const done = messageEvents.map((e) => e.id);
      const waiting: PendingEvent[] = [];
      for (const e of statusEvents) {
        const at = e.payload.at ? new Date(e.payload.at) : new Date();
        const result = await this.messages.applyStatus(manager, connection.id, e.payload.externalMessageId, e.payload.status, at, e.payload.reason ?? null);
        if (result?.changed) changed.push(result.id);
        if (result || e.attempts + 1 >= STATUS_RETRIES) done.push(e.id);
        else waiting.push(e);
      }
      await this.events.markProcessed(manager, done);
      await this.events.markAttempt(manager, waiting.map((e) => e.id), 'The message this status is about is not known yet');
      return { tenantId: connection.tenantId, claimed: pending.length, created, changed, confirmations };
    });
    if (!outcome) return 0;

    for (const id of outcome.confirmations) await this.queue.enqueue(OUTBOUND_QUEUE, { messageId: id }, { jobId: `out:${id}` });
    if (outcome.claimed === INBOUND_BATCH) {
      await this.queue.enqueue(INBOUND_QUEUE, { connectionId }, { jobId: `in:${connectionId}:${Date.now()}` });
    }
    await this.notifier.messagesChanged(outcome.tenantId, [...outcome.created.map((m) => m.id), ...outcome.changed, ...outcome.confirmations]);
    return outcome.claimed;
  }
}
