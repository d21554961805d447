import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DomainEvents, MessengerModuleDeactivated, TenantDeleted } from '@perepiska/platform';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type ChannelConnector } from '../connectors/channel-connector';
import { ConnectorRegistry } from '../connectors/connector-registry';
import { type ChannelType } from '../domain/channel-types';
import {
  CLIENT_STATES,
  type ClientStopReason,
  type LeaseTiming,
  MAX_STARTS_PER_TICK,
  backingOff,
  clientsToStop,
  credentialsDigestOf,
  fenceDeadline,
  leaseTiming,
  retryDelayMs,
  whyNotRunnable,
} from '../domain/client-lease';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging.options';
import { ConnectionLeasesRepository } from '../persistence/connection-leases.repository';
import { type ConnectionRow, ConnectionsRepository } from '../persistence/connections.repository';
import { ConnectionHandles } from './connection-handles';
import { InboundService } from './inbound.service';
import { LeaseFence } from './lease-fence';

/** An exclusive client this process runs; `work` is its connect (never rejects), which a stop waits for. */
interface HeldClient {
  connector: ChannelConnector;
  work: Promise<boolean>;
  /** The credentials it started with; a re-login replaces them and the client restarts. */
  credentialsDigest: string | null;
}

type Phase = 'idle' | 'running' | 'closing' | 'halted';
type StopCause = ClientStopReason | 'start-failed' | 'disconnected' | 'shutdown';

/** An error's message only: a connector's error object may carry the handle it was given. */
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : 'a non-error value was thrown');

/**
 * Starts and stops the connectors of connections, and ends a closed business's connections:
 * its credentials go at once (MSG-3), long before the purge.
 *
 * - Non-exclusive connectors (the API channel, webhooks) are connected at start in every process.
 * - Exclusive ones (Telegram's MTProto client) run exactly once across all processes
 *   (ARCHITECTURE.md "Telegram MTProto"): in a process that runs clients, a heartbeat every
 *   third of CONNECTION_LEASE_TTL_SECONDS renews this process's leases, stops the clients whose
 *   lease was lost or whose connection may no longer run (see `whyNotRunnable`), and acquires
 *   the leases of live connections nobody holds — so a dead worker's accounts move to another
 *   once its leases run out. A client also stops on its own local deadline (`LeaseFence`) when
 *   the database cannot be reached to renew. A graceful shutdown gives the leases back at once.
 */
@Injectable()
export class ConnectionSupervisor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ConnectionSupervisor.name);
  private readonly timing: LeaseTiming;
  private readonly clients = new Map<string, HeldClient>();
  /** Clients being stopped: their lease goes back once they are down, and they are not taken again before. */
  private readonly stopping = new Map<string, Promise<void>>();
  private readonly retries = new Map<string, { failures: number; notBefore: number }>();
  private phase: Phase = 'idle';
  private heartbeat: NodeJS.Timeout | null = null;
  private fenceTimer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private tickAgain = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly connections: ConnectionsRepository,
    private readonly registry: ConnectorRegistry,
    private readonly handles: ConnectionHandles,
    private readonly inbound: InboundService,
    private readonly events: DomainEvents,
    private readonly leases: ConnectionLeasesRepository,
    private readonly fence: LeaseFence,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {
    this.timing = leaseTiming(options.leaseTtlSeconds);
  }

  get holder(): string {
    return this.fence.holder;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.events.subscribe(TenantDeleted, 'messaging.disconnect-connections', ({ tenantId }) => this.disconnectAll(tenantId, 'The business account was closed'));
    // Reference 001 §7: turning the messenger module off ends its agreement and disconnects the messengers.
    this.events.subscribe(MessengerModuleDeactivated, 'messaging.disconnect-on-module-off', ({ tenantId }) => this.disconnectAll(tenantId, 'The messenger module was turned off'));
    await this.connectShared();
    if (this.options.runsClients && this.exclusiveTypes().length) this.start();
  }

  /** Every connection of the business goes: credentials deleted at once (MSG-3), history kept. */
  private async disconnectAll(tenantId: string, reason: string): Promise<void> {
    const rows = await this.connections.list(tenantId);
    for (const row of rows) {
      if (row.state === 'disconnected') continue;
      await this.connections.disconnect(this.dataSource.manager, row.id, reason);
      if (!this.registry.has(row.type)) continue;
      const connector = this.registry.get(row.type);
      if (connector.exclusive) {
        // A holder in another process sees the state at its next heartbeat; here it stops now.
        await this.leases.remove(row.id);
        await this.stop(row.id, 'disconnected');
      } else {
        await connector.disconnect(row.id);
      }
    }
  }

  /** Nest runs this before closing the database: the leases can still be given back. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.phase !== 'running') return;
    this.phase = 'closing';
    this.clearTimers();
    await this.ticking;
    await Promise.all([...this.clients.keys()].map((connectionId) => this.stop(connectionId, 'shutdown')));
    await Promise.all(this.stopping.values());
  }

  /**
   * Test seam: stops the heartbeat and the fence timer the way a crash or a frozen process
   * would — its clients are neither stopped nor their leases given back, so other workers must
   * wait for the leases to run out. `holds` still answers from the deadlines already granted.
   */
  halt(): void {
    this.phase = 'halted';
    this.clearTimers();
    this.clients.clear();
  }

  private async connectShared(): Promise<void> {
    const shared = this.registry.types().filter((type) => !this.registry.get(type).exclusive);
    for (const id of await this.connections.activeIds(shared)) {
      const row = await this.connections.find(id);
      if (!row) continue;
      // One connection that cannot start (credentials sealed under a key this process lacks, a
      // messenger that is down) must not keep the others, or the process, from starting.
      try {
        await this.registry.get(row.type).connect(this.handles.open(row), this.inbound);
      } catch (error) {
        this.logger.warn(`Connection ${id} did not start: ${messageOf(error)}`);
      }
    }
  }

  /** A method, not a property read: the phase changes while a heartbeat awaits. */
  private is(phase: Phase): boolean {
    return this.phase === phase;
  }

  private exclusiveTypes(): ChannelType[] {
    return this.registry.types().filter((type) => this.registry.get(type).exclusive);
  }

  private start(): void {
    this.phase = 'running';
    this.fence.onWake(() => setImmediate(() => this.beat()));
    this.heartbeat = setInterval(() => this.beat(), this.timing.renewEveryMs);
    this.heartbeat.unref();
    this.beat();
  }

  private clearTimers(): void {
    this.fence.onWake(null);
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.fenceTimer) clearTimeout(this.fenceTimer);
    this.heartbeat = this.fenceTimer = null;
  }

  /** One heartbeat at a time; a beat that comes while one runs asks for another right after. */
  private beat(): void {
    if (this.phase !== 'running') return;
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    this.ticking = this.tick()
      .catch((error: unknown) => this.logger.warn(`Connection leases: heartbeat failed: ${messageOf(error)}`))
      .finally(() => {
        this.ticking = null;
        if (this.tickAgain) {
          this.tickAgain = false;
          this.beat();
        }
      });
  }

  private async tick(): Promise<void> {
    await this.keepHeld();
    if (this.is('running')) await this.adoptOrphans();
  }

  /** Renews what this process holds and stops what it must no longer run. */
  private async keepHeld(): Promise<void> {
    const held = [...this.clients.keys()];
    if (!held.length) return;
    const sentAt = this.fence.now();
    const renewed = new Set(await this.leases.renew(this.holder, held, this.options.leaseTtlSeconds));
    if (this.is('halted')) return;
    const deadline = fenceDeadline(sentAt, this.timing);
    // A renewal can land after the fence already stopped the client: that lease goes back.
    const strays = [...renewed].filter((connectionId) => !this.clients.has(connectionId));
    for (const connectionId of renewed) if (this.clients.has(connectionId)) this.fence.grant(connectionId, deadline);
    this.armFence();
    if (strays.length) await this.leases.release(this.holder, strays);
    const facts = await this.leases.clientFacts(held);
    const startedWith = new Map(held.map((connectionId) => [connectionId, this.clients.get(connectionId)?.credentialsDigest ?? null]));
    for (const { connectionId, reason } of clientsToStop(held, renewed, facts, startedWith)) {
      if (this.clients.has(connectionId)) void this.stop(connectionId, reason);
    }
  }

  private async adoptOrphans(): Promise<void> {
    const except = [...this.clients.keys(), ...this.stopping.keys(), ...backingOff(this.retries, this.fence.now())];
    const orphans = await this.leases.orphans(this.exclusiveTypes(), CLIENT_STATES, except, MAX_STARTS_PER_TICK);
    for (const connectionId of orphans) {
      if (!this.is('running')) return;
      const sentAt = this.fence.now();
      try {
        if (!(await this.leases.acquire(connectionId, this.holder, this.options.leaseTtlSeconds))) continue;
      } catch (error) {
        this.logger.warn(`Connection ${connectionId}: the lease could not be taken: ${messageOf(error)}`);
        continue;
      }
      const row = await this.connections.find(connectionId).catch((error: unknown) => {
        this.logger.warn(`Connection ${connectionId} could not be read: ${messageOf(error)}`);
        return null;
      });
      if (!this.is('running') || !row || !this.registry.has(row.type) || whyNotRunnable(this.factsOf(row))) {
        // Shutting down, or the connection changed between the two reads: not ours to run.
        if (!this.is('halted')) await this.leases.release(this.holder, [connectionId]).catch(() => undefined);
        continue;
      }
      this.fence.grant(connectionId, fenceDeadline(sentAt, this.timing));
      this.launch(row);
    }
    this.armFence();
  }

  private factsOf(row: ConnectionRow) {
    return { state: row.state, suspended: row.suspendedReason !== null, hasCredentials: row.credentials !== null };
  }

  /** Connects in the background: a slow messenger must not hold up the heartbeat of the other clients. */
  private launch(row: ConnectionRow): void {
    const connector = this.registry.get(row.type);
    const client: HeldClient = { connector, work: this.connect(row, connector), credentialsDigest: credentialsDigestOf(row.credentials) };
    this.clients.set(row.id, client);
    void client.work.then((started) => {
      if (!started && this.clients.get(row.id) === client) void this.stop(row.id, 'start-failed');
    });
  }

  private async connect(row: ConnectionRow, connector: ChannelConnector): Promise<boolean> {
    try {
      await connector.connect(this.handles.open(row), this.inbound);
      this.retries.delete(row.id);
      return true;
    } catch (error) {
      const failures = (this.retries.get(row.id)?.failures ?? 0) + 1;
      const delay = retryDelayMs(failures, this.timing);
      this.retries.set(row.id, { failures, notBefore: this.fence.now() + delay });
      this.logger.warn(`Connection ${row.id} did not start (attempt ${failures}; this process tries again in ${Math.ceil(delay / 1000)} s): ${messageOf(error)}`);
      return false;
    }
  }

  /**
   * Fences the client at once (`holds` answers false), then closes it and gives its lease back
   * once it is down, so the next holder never overlaps with it.
   */
  private stop(connectionId: string, reason: StopCause): Promise<void> {
    const client = this.clients.get(connectionId);
    if (!client) return this.stopping.get(connectionId) ?? Promise.resolve();
    this.clients.delete(connectionId);
    this.fence.revoke(connectionId);
    this.logger.log(`Connection ${connectionId}: client stopped (${reason})`);
    const done = client.work
      .then(() => client.connector.disconnect(connectionId))
      .catch((error: unknown) => this.logger.warn(`Connection ${connectionId}: the client did not stop cleanly: ${messageOf(error)}`))
      .then(() => (this.is('halted') ? undefined : this.leases.release(this.holder, [connectionId])))
      .catch((error: unknown) => this.logger.warn(`Connection ${connectionId}: the lease was not given back and will run out: ${messageOf(error)}`))
      .finally(() => this.stopping.delete(connectionId));
    this.stopping.set(connectionId, done);
    return done;
  }

  /** Wakes at the earliest local deadline: a renewal stuck on an unreachable database must not keep a client running. */
  private armFence(): void {
    if (this.fenceTimer) clearTimeout(this.fenceTimer);
    this.fenceTimer = null;
    const earliest = this.fence.earliestDeadline();
    if (this.phase !== 'running' || earliest === null) return;
    this.fenceTimer = setTimeout(() => this.enforceFence(), Math.max(0, earliest - this.fence.now()));
    this.fenceTimer.unref();
  }

  private enforceFence(): void {
    this.fenceTimer = null;
    for (const connectionId of this.fence.overdue()) {
      if (!this.clients.has(connectionId)) {
        this.fence.revoke(connectionId);
        continue;
      }
      this.logger.warn(`Connection ${connectionId}: the lease could not be renewed in time; the client stops`);
      void this.stop(connectionId, 'lease-lost');
    }
    this.armFence();
  }
}
