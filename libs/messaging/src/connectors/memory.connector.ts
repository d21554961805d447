import { randomUUID } from 'node:crypto';
import { type ChannelType } from '../domain/channel-types';
import {
  ChannelConnector,
  type ConnectionHandle,
  type ConnectorError,
  type ConnectorSink,
  type HealthChange,
  type HealthReport,
  type InboundMessage,
  type OutboundPayload,
  type SendResult,
  type StatusReport,
} from './channel-connector';

export interface SentRecord {
  connectionId: string;
  externalId: string;
  payload: OutboundPayload;
}

/**
 * A messenger that lives in this process: the test suites deliver "client" messages through
 * it and read what the product sent. It behaves like a real one where it matters — ids are
 * the messenger's, failures are injected as the real connectors raise them.
 */
export class MemoryConnector extends ChannelConnector {
  readonly type: ChannelType = 'memory';
  readonly sent: SentRecord[] = [];
  readonly readMarks: Array<{ connectionId: string; chatId: string; upTo: string }> = [];
  private readonly sinks = new Map<string, ConnectorSink>();
  private readonly failures: ConnectorError[] = [];

  connect(connection: ConnectionHandle, sink: ConnectorSink): Promise<void> {
    this.sinks.set(connection.id, sink);
    return Promise.resolve();
  }

  disconnect(connectionId: string): Promise<void> {
    this.sinks.delete(connectionId);
    return Promise.resolve();
  }

  send(connection: ConnectionHandle, payload: OutboundPayload): Promise<SendResult> {
    const failure = this.failures.shift();
    if (failure) return Promise.reject(failure);
    const externalId = `mem-${randomUUID()}`;
    this.sent.push({ connectionId: connection.id, externalId, payload });
    return Promise.resolve({ externalId });
  }

  markRead(connection: ConnectionHandle, chatId: string, upToExternalId: string): Promise<void> {
    this.readMarks.push({ connectionId: connection.id, chatId, upTo: upToExternalId });
    return Promise.resolve();
  }

  health(connection: ConnectionHandle): Promise<HealthReport> {
    return Promise.resolve({ state: this.sinks.has(connection.id) ? 'active' : 'disconnected', checkedAt: new Date() });
  }

  /** The next sends fail with these errors, in order. */
  failNext(...errors: ConnectorError[]): void {
    this.failures.push(...errors);
  }

  /** A client writes to the connected account. */
  receive(connectionId: string, message: InboundMessage): Promise<{ eventId: string; duplicate: boolean }> {
    return this.sink(connectionId).message(connectionId, message);
  }

  report(connectionId: string, report: StatusReport): Promise<{ duplicate: boolean }> {
    return this.sink(connectionId).status(connectionId, report);
  }

  /** The messenger ends the session, bans the account or asks to wait, as a real client reports it. */
  reportHealth(connectionId: string, change: HealthChange): Promise<void> {
    return this.sink(connectionId).health(connectionId, change);
  }

  private sink(connectionId: string): ConnectorSink {
    const sink = this.sinks.get(connectionId);
    if (!sink) throw new Error(`Connection ${connectionId} is not connected`);
    return sink;
  }
}
