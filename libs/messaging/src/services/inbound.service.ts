import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InvalidInputError, NotFoundError, ObjectStorage, QueuePort, attachmentKindOf, detectContentType, storableText } from '@perepiska/platform';
import { createHash, randomUUID } from 'node:crypto';
import { type ChatReadReport, type ConnectorSink, type HealthChange, type InboundMessage, type StatusReport } from '../connectors/channel-connector';
import { INBOUND_QUEUE } from '../jobs/messaging.queues';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging.options';
import { type ConnectionRow, ConnectionsRepository } from '../persistence/connections.repository';
import { type NewInboundEvent, type StoredEvent, type StoredFileRef, InboundEventsRepository } from '../persistence/inbound-events.repository';
import { MessagesRepository } from '../persistence/messages.repository';
import { ConnectionHealthService } from './connection-health.service';

/** How long the nudges of one connection wait to ride on one job (see `nudge`). */
const NUDGE_WINDOW_MS = 20;

const optional = (value: string | undefined) => (value === undefined ? undefined : storableText(value));

/** A messenger's text mended where Postgres could not store it (see `storableText`): the event is kept, not refused. */
function storableMessage(m: InboundMessage): InboundMessage {
  return {
    ...m,
    externalMessageId: storableText(m.externalMessageId),
    chat: { ...m.chat, id: storableText(m.chat.id), title: optional(m.chat.title) },
    from: { id: storableText(m.from.id), displayName: storableText(m.from.displayName), username: optional(m.from.username), phone: optional(m.from.phone) },
    text: optional(m.text),
    attachments: m.attachments?.map((a) => ({ ...a, fileName: storableText(a.fileName) })),
  };
}

export interface Accepted {
  eventId: string;
  duplicate: boolean;
}

/**
 * The front door of every inbound event (ARCHITECTURE.md rule 3): files go to storage and the
 * event to `inbound_events` before the caller is answered; a duplicate delivery is absorbed;
 * the processing job is only a nudge — the sweeper finds any event whose job was lost.
 */
@Injectable()
export class InboundService implements ConnectorSink, OnApplicationShutdown {
  private readonly logger = new Logger(InboundService.name);
  /** Connections nudged within the last NUDGE_WINDOW_MS, and whether another nudge came since. */
  private readonly nudgeWindows = new Map<string, { again: boolean; timer: NodeJS.Timeout | undefined }>();

  constructor(
    private readonly connections: ConnectionsRepository,
    private readonly events: InboundEventsRepository,
    private readonly storage: ObjectStorage,
    private readonly queue: QueuePort,
    private readonly connectionHealth: ConnectionHealthService,
    private readonly messages: MessagesRepository,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  async message(connectionId: string, message: InboundMessage): Promise<Accepted> {
    const [accepted] = await this.acceptMessages(await this.connection(connectionId), [message]);
    return accepted;
  }

  async status(connectionId: string, report: StatusReport): Promise<{ duplicate: boolean }> {
    const [accepted] = await this.acceptStatuses(await this.connection(connectionId), [report]);
    return { duplicate: accepted.duplicate };
  }

  async health(connectionId: string, change: HealthChange): Promise<void> {
    await this.connectionHealth.change(connectionId, change);
  }

  /** "Read up to N" becomes a `read` report for each of our messages up to N, through the same inbox. */
  async chatRead(connectionId: string, report: ChatReadReport): Promise<void> {
    if (!/^[0-9]{1,18}$/.test(report.upToExternalId)) return;
    const connection = await this.connection(connectionId);
    const ids = await this.messages.unreadOutboundUpTo(connectionId, report.chatId, report.upToExternalId);
    if (ids.length) await this.acceptStatuses(connection, ids.map((externalMessageId) => ({ externalMessageId, status: 'read' as const })));
  }

  async acceptMessages(connection: ConnectionRow, received: InboundMessage[]): Promise<Accepted[]> {
    const messages = received.map(storableMessage);
    const stored: StoredFileRef[][] = [];
    for (const message of messages) stored.push(await this.storeFiles(connection.tenantId, message));
    const events: NewInboundEvent[] = messages.map((m, index) => ({
      kind: 'message',
      externalId: m.externalMessageId,
      payload: { chat: m.chat, from: m.from, text: m.text, attachments: stored[index], sentAt: m.sentAt?.toISOString() },
    }));
    let results: StoredEvent[];
    try {
      results = await this.events.store(connection.tenantId, connection.id, events);
    } catch (error) {
      // Not stored, not acknowledged: the caller sends them again, and these copies of the files would belong to nothing.
      for (const file of stored.flat()) await this.storage.delete(file.storageKey).catch(() => undefined);
      throw error;
    }
    // A duplicate's files were stored again for nothing: they go.
    for (const [index, result] of results.entries()) {
      if (result.duplicate) for (const file of stored[index]) await this.storage.delete(file.storageKey);
    }
    this.nudge(connection.id, results);
    return results.map((r) => ({ eventId: r.id, duplicate: r.duplicate }));
  }

  async acceptStatuses(connection: ConnectionRow, received: StatusReport[]): Promise<Accepted[]> {
    const reports = received.map((r) => ({ ...r, externalMessageId: storableText(r.externalMessageId), reason: optional(r.reason) }));
    const results = await this.events.store(
      connection.tenantId,
      connection.id,
      reports.map((r) => ({
        kind: 'status',
        externalId: `${r.externalMessageId}:${r.status}`,
        payload: { externalMessageId: r.externalMessageId, status: r.status, at: r.at?.toISOString(), reason: r.reason },
      })),
    );
    this.nudge(connection.id, results);
    return results.map((r) => ({ eventId: r.id, duplicate: r.duplicate }));
  }

  /**
   * Asks for the connection's backlog to be processed, without holding up the answer: the events
   * are committed already, so a nudge that is late or lost only delays them (the sweeper finds
   * them). The first nudge of a connection goes at once; those that follow within
   * NUDGE_WINDOW_MS ride on one more job at the window's end, which starts after all of their
   * events were committed (each job takes the whole backlog). A busy channel posting hundreds of
   * requests a second so costs the queue, the worker and Redis at most one job per window
   * instead of one per request.
   */
  private nudge(connectionId: string, results: Array<{ duplicate: boolean }>): void {
    if (!results.some((r) => !r.duplicate)) return;
    const open = this.nudgeWindows.get(connectionId);
    if (open) {
      open.again = true;
      return;
    }
    const window = { again: false, timer: undefined as NodeJS.Timeout | undefined };
    this.nudgeWindows.set(connectionId, window);
    const close = () => {
      if (!window.again) {
        this.nudgeWindows.delete(connectionId);
        return;
      }
      window.again = false;
      this.enqueueNudge(connectionId);
      window.timer = setTimeout(close, NUDGE_WINDOW_MS);
    };
    setImmediate(() => this.enqueueNudge(connectionId));
    window.timer = setTimeout(close, NUDGE_WINDOW_MS);
  }

  private enqueueNudge(connectionId: string): void {
    this.queue.enqueue(INBOUND_QUEUE, { connectionId }).catch((error: Error) => this.logger.warn(`Inbound job not queued, the sweeper will pick the events up: ${error.message}`));
  }

  /** Nudges still waiting for their window are dropped: their events are in Postgres for the sweeper. */
  onApplicationShutdown(): void {
    for (const window of this.nudgeWindows.values()) clearTimeout(window.timer);
    this.nudgeWindows.clear();
  }

  private async storeFiles(tenantId: string, message: InboundMessage): Promise<StoredFileRef[]> {
    const refs: StoredFileRef[] = [];
    for (const [index, file] of (message.attachments ?? []).entries()) {
      if (file.content.length === 0) throw new InvalidInputError(`Validation failed: attachments.${index}`, [{ field: `attachments.${index}.content`, messages: ['is empty'] }]);
      if (file.content.length > this.options.maxAttachmentBytes) {
        throw new InvalidInputError(`Validation failed: attachments.${index}`, [{ field: `attachments.${index}.content`, messages: [`is larger than ${this.options.maxAttachmentBytes} bytes`] }]);
      }
      const mimeType = detectContentType(file.content.subarray(0, 4100), file.fileName);
      const storageKey = `${tenantId}/attachments/${randomUUID()}`;
      await this.storage.put(storageKey, file.content, { contentType: mimeType });
      refs.push({
        storageKey,
        fileName: file.fileName.slice(0, 255) || 'file',
        mimeType,
        kind: attachmentKindOf(mimeType),
        size: file.content.length,
        sha256: createHash('sha256').update(file.content).digest('hex'),
      });
    }
    return refs;
  }

  private async connection(connectionId: string): Promise<ConnectionRow> {
    const connection = await this.connections.find(connectionId);
    if (!connection) throw new NotFoundError('Connection not found');
    return connection;
  }
}
