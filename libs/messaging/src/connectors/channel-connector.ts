import { type ChannelType, type ConnectionState } from '../domain/channel-types';
import { type ReportedStatus } from '../domain/message-status';

/**
 * The one port every messenger plugs in behind (ARCHITECTURE.md "Inbound", "Outbound").
 * Outbound calls go in through the connector; inbound messages, status reports and health
 * changes come back through the sink, which stores each in Postgres before it returns — a
 * connector acknowledges its messenger only after the sink has answered.
 */
export type MessageKind = 'text' | 'image' | 'file' | 'voice' | 'video';
export type ChatKind = 'private' | 'group' | 'channel';

export interface ConnectionHandle {
  id: string;
  tenantId: string;
  type: ChannelType;
  /** Decrypted for the call only; never logged, never returned by the API (MSG-2). */
  credentials: Record<string, unknown> | null;
  webhookUrl: string | null;
}

export interface OutboundFile {
  fileName: string;
  mimeType: string;
  kind: Exclude<MessageKind, 'text'>;
  content: Buffer;
}

export interface OutboundPayload {
  /** Our message id: messengers that take an idempotency key get this one. */
  messageId: string;
  chatId: string;
  text: string | null;
  attachments: OutboundFile[];
}

export interface SendResult {
  externalId: string;
}

export interface InboundFile {
  fileName: string;
  content: Buffer;
}

export interface InboundMessage {
  /** The messenger's id of the message: the same event delivered twice carries the same id. */
  externalMessageId: string;
  chat: { id: string; kind: ChatKind; title?: string };
  from: { id: string; displayName: string; username?: string; phone?: string };
  text?: string;
  attachments?: InboundFile[];
  sentAt?: Date;
}

export interface StatusReport {
  /** The messenger's id of one of our outgoing messages. */
  externalMessageId: string;
  status: ReportedStatus;
  at?: Date;
  reason?: string;
}

export interface HealthChange {
  state: ConnectionState;
  reason?: string;
  floodWaitUntil?: Date;
}

export interface HealthReport extends HealthChange {
  checkedAt: Date;
}

export interface ChatReadReport {
  chatId: string;
  /** The client has read every message of ours in the chat up to this messenger id. */
  upToExternalId: string;
}

export interface ConnectorSink {
  message(connectionId: string, message: InboundMessage): Promise<{ eventId: string; duplicate: boolean }>;
  status(connectionId: string, report: StatusReport): Promise<{ duplicate: boolean }>;
  health(connectionId: string, change: HealthChange): Promise<void>;
  /** Messengers that report reading as "up to message N" (Telegram) rather than per message. */
  chatRead?(connectionId: string, report: ChatReadReport): Promise<void>;
}

export type ConnectorErrorCode = 'flood-wait' | 'auth-lost' | 'banned' | 'rejected' | 'unavailable';

/** What a connector throws when a send fails; the pipeline decides from the code what follows. */
export class ConnectorError extends Error {
  constructor(
    message: string,
    readonly code: ConnectorErrorCode,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }

  /** Worth another attempt later: the messenger was busy or away, not refusing this message. */
  get retryable(): boolean {
    return this.code === 'unavailable' || this.code === 'flood-wait';
  }
}

export abstract class ChannelConnector {
  abstract readonly type: ChannelType;
  /**
   * Runs one long-lived client per account that must never run twice at once (Telegram ends
   * both sessions with AUTH_KEY_DUPLICATED): only the worker holding the connection's lease
   * connects it, and the client checks `ClientLeases.holds` before each call to the messenger.
   * A non-exclusive connector (webhooks, the API channel) is connected in every process.
   */
  readonly exclusive: boolean = false;
  /**
   * Keeps a copy of what it sends on our side (the API channel logs every webhook body for
   * replay). Such a channel never carries a secret such as a one-time code: the copy would
   * outlive the message and show in the delivery log.
   */
  readonly keepsSentCopies: boolean = false;
  /** Starts receiving for the connection (a long-lived client, a webhook registration…). */
  abstract connect(connection: ConnectionHandle, sink: ConnectorSink): Promise<void>;
  abstract disconnect(connectionId: string): Promise<void>;
  abstract send(connection: ConnectionHandle, payload: OutboundPayload): Promise<SendResult>;
  abstract markRead(connection: ConnectionHandle, chatId: string, upToExternalId: string): Promise<void>;
  abstract health(connection: ConnectionHandle): Promise<HealthReport>;
  /** Where the messenger has sessions: ends this one on the messenger's side too (reference 000 §6). */
  endSession?(connection: ConnectionHandle): Promise<void>;
}
