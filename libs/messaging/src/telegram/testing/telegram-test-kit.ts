import { type Principal } from '@perepiska/platform';
import { type ClientLeases } from '../../connectors/client-leases';
import { type ConnectorSink, type InboundMessage, type StatusReport, type HealthChange, type ChatReadReport } from '../../connectors/channel-connector';
import { type MessagingOptions } from '../../messaging.options';
import { TelegramClients } from '../gramjs/telegram-clients';
import { type TelegramPeer } from '../persistence/telegram-peers.repository';
import { type SyncState } from '../persistence/telegram-sync-state.repository';
import { LocalTlWire } from '../transport/local-tl-wire';
import { type FakeTelegram } from './fake-telegram';

/**
 * In-memory stand-ins for what the Telegram connector and login talk to besides Telegram, for
 * the adapter's unit tests: the GramJS client is real, its network is the local fake.
 */
export function telegramClientsFor(fake: FakeTelegram): TelegramClients {
  const options = { telegram: { apiId: 12345, apiHash: 'a'.repeat(32), testServerUrl: null }, maxAttachmentBytes: 1024 * 1024 } as unknown as MessagingOptions;
  return new TelegramClients(options, new LocalTlWire(fake));
}

export const allLeases: ClientLeases = { holder: 'test', holds: () => true, wake: () => undefined };

export class MemoryPeers {
  readonly rows = new Map<string, TelegramPeer>();
  remember(_tenantId: string, connectionId: string, peers: TelegramPeer[]): Promise<void> {
    for (const peer of peers) this.rows.set(`${connectionId}:${peer.peerId}`, peer);
    return Promise.resolve();
  }
  find(connectionId: string, peerId: string): Promise<TelegramPeer | null> {
    return Promise.resolve(this.rows.get(`${connectionId}:${peerId}`) ?? null);
  }
}

export class MemorySyncState {
  readonly rows = new Map<string, SyncState>();
  find(connectionId: string): Promise<SyncState | null> {
    return Promise.resolve(this.rows.get(connectionId) ?? null);
  }
  saveIfAbsent(connectionId: string, state: SyncState): Promise<void> {
    if (!this.rows.has(connectionId)) this.rows.set(connectionId, state);
    return Promise.resolve();
  }
  save(connectionId: string, state: SyncState): Promise<void> {
    const before = this.rows.get(connectionId);
    this.rows.set(connectionId, before ? { pts: Math.max(before.pts, state.pts), qts: Math.max(before.qts, state.qts), date: Math.max(before.date, state.date) } : state);
    return Promise.resolve();
  }
}

/** Collects what the connector hands the product, like InboundService would store it. */
export class RecordingSink implements ConnectorSink {
  readonly messages: InboundMessage[] = [];
  readonly statuses: StatusReport[] = [];
  readonly healthChanges: HealthChange[] = [];
  readonly reads: ChatReadReport[] = [];
  message(_connectionId: string, message: InboundMessage): Promise<{ eventId: string; duplicate: boolean }> {
    const duplicate = this.messages.some((m) => m.externalMessageId === message.externalMessageId);
    if (!duplicate) this.messages.push(message);
    return Promise.resolve({ eventId: String(this.messages.length), duplicate });
  }
  status(_connectionId: string, report: StatusReport): Promise<{ duplicate: boolean }> {
    this.statuses.push(report);
    return Promise.resolve({ duplicate: false });
  }
  health(_connectionId: string, change: HealthChange): Promise<void> {
    this.healthChanges.push(change);
    return Promise.resolve();
  }
  chatRead(_connectionId: string, report: ChatReadReport): Promise<void> {
    this.reads.push(report);
    return Promise.resolve();
  }
}

export const testPrincipal: Principal = { kind: 'user', tenantId: '00000000-0000-4000-8000-0000000000aa', permissions: new Set(), userId: 'u-1' };

/** Polls until `check` passes; no fixed sleeps asserting timing. */
export async function eventually<T>(read: () => T | Promise<T>, check: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
