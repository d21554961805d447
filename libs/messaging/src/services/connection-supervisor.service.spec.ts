import { Logger } from '@nestjs/common';
import { type DomainEvents } from '@perepiska/platform';
import { type DataSource } from 'typeorm';
import { ChannelConnector, type ConnectionHandle, type HealthReport, type SendResult } from '../connectors/channel-connector';
import { ConnectorRegistry } from '../connectors/connector-registry';
import { type ChannelType, type ConnectionState } from '../domain/channel-types';
import { type ClientFacts, fenceDeadline, leaseTiming } from '../domain/client-lease';
import { type MessagingOptions } from '../messaging.options';
import { type ConnectionLeasesRepository, type LeaseRow } from '../persistence/connection-leases.repository';
import { type ConnectionRow, type ConnectionsRepository } from '../persistence/connections.repository';
import { type ConnectionHandles } from './connection-handles';
import { ConnectionSupervisor } from './connection-supervisor.service';
import { type InboundService } from './inbound.service';
import { LeaseFence } from './lease-fence';

const TTL_SECONDS = 3;
const timing = leaseTiming(TTL_SECONDS);
const SESSION = 'session-string-that-must-never-be-logged';
const now = () => performance.now();

/** The `connections` rows the fakes read; a test changes them as the product would. */
class Rows {
  readonly rows = new Map<string, ConnectionRow>();
  private seq = 0;

  add(type: ChannelType, change: Partial<ConnectionRow> = {}): string {
    const id = `00000000-0000-4000-8000-${String(++this.seq).padStart(12, '0')}`;
    this.rows.set(id, {
      id,
      tenantId: 'tenant-1',
      type,
      displayName: `Аккаунт ${this.seq}`,
      state: 'active',
      stateReason: null,
      floodWaitUntil: null,
      credentials: 'sealed',
      webhookUrl: null,
      perMinuteLimit: 60,
      createdAt: new Date(),
      disconnectedAt: null,
      suspendedReason: null,
      memberIds: [],
      ...change,
    });
    return id;
  }

  change(id: string, change: Partial<ConnectionRow>): void {
    this.rows.set(id, { ...this.rows.get(id)!, ...change });
  }
}

/** `connection_leases` on the fake clock, with the repository's semantics. */
class FakeLeases {
  readonly leases = new Map<string, { holder: string; expiresAt: number }>();
  /** The database stops answering: every statement waits forever. */
  unreachable = false;

  constructor(private readonly rows: Rows) {}

  acquire(connectionId: string, holder: string, ttlSeconds: number): Promise<LeaseRow | null> {
    const lease = this.leases.get(connectionId);
    if (!this.rows.rows.has(connectionId) || (lease && lease.expiresAt > now() && lease.holder !== holder)) return Promise.resolve(null);
    this.leases.set(connectionId, { holder, expiresAt: now() + ttlSeconds * 1000 });
    return Promise.resolve({ connectionId, holder, acquiredAt: new Date(), renewedAt: new Date(), expiresAt: new Date() });
  }

  renew(holder: string, connectionIds: readonly string[], ttlSeconds: number): Promise<string[]> {
    if (this.unreachable) return new Promise<string[]>(() => undefined);
    const renewed = connectionIds.filter((id) => {
      const lease = this.leases.get(id);
      return lease?.holder === holder && lease.expiresAt > now();
    });
    for (const id of renewed) this.leases.set(id, { holder, expiresAt: now() + ttlSeconds * 1000 });
    return Promise.resolve(renewed);
  }

  release(holder: string, connectionIds: readonly string[]): Promise<void> {
    if (this.unreachable) return new Promise<void>(() => undefined);
    for (const id of connectionIds) if (this.leases.get(id)?.holder === holder) this.leases.delete(id);
    return Promise.resolve();
  }

  remove(connectionId: string): Promise<void> {
    this.leases.delete(connectionId);
    return Promise.resolve();
  }

  orphans(types: readonly ChannelType[], states: readonly ConnectionState[], except: readonly string[], limit: number): Promise<string[]> {
    const ids = [...this.rows.rows.values()]
      .filter((row) => types.includes(row.type) && states.includes(row.state) && row.credentials && !row.suspendedReason && !except.includes(row.id))
      .filter((row) => !this.holderOf(row.id))
      .map((row) => row.id);
    return Promise.resolve(ids.slice(0, limit));
  }

  clientFacts(connectionIds: readonly string[]): Promise<Map<string, ClientFacts>> {
    const facts = new Map<string, ClientFacts>();
    for (const id of connectionIds) {
      const row = this.rows.rows.get(id);
      if (row) facts.set(id, { state: row.state, suspended: row.suspendedReason !== null, hasCredentials: row.credentials !== null });
    }
    return Promise.resolve(facts);
  }

  holderOf(connectionId: string): string | undefined {
    const lease = this.leases.get(connectionId);
    return lease && lease.expiresAt > now() ? lease.holder : undefined;
  }
}

/** A messenger client per account; it refuses to start while told to, as a messenger that is down. */
class FakeConnector extends ChannelConnector {
  readonly running = new Set<string>();
  readonly handles: ConnectionHandle[] = [];
  readonly disconnects: string[] = [];
  failures = 0;

  constructor(
    readonly type: ChannelType,
    override readonly exclusive: boolean,
  ) {
    super();
  }

  connect(connection: ConnectionHandle): Promise<void> {
    this.handles.push(connection);
    if (this.failures > 0) {
      this.failures -= 1;
      return Promise.reject(new Error('the messenger is unreachable'));
    }
    this.running.add(connection.id);
    return Promise.resolve();
  }

  disconnect(connectionId: string): Promise<void> {
    this.disconnects.push(connectionId);
    this.running.delete(connectionId);
    return Promise.resolve();
  }

  send(): Promise<SendResult> {
    return Promise.reject(new Error('not used'));
  }

  markRead(): Promise<void> {
    return Promise.resolve();
  }

  health(): Promise<HealthReport> {
    return Promise.resolve({ state: 'active', checkedAt: new Date() });
  }
}

interface Worker {
  supervisor: ConnectionSupervisor;
  fence: LeaseFence;
  telegram: FakeConnector;
  api: FakeConnector;
}

function worker(rows: Rows, leases: FakeLeases, runsClients = true): Worker {
  const telegram = new FakeConnector('telegram', true);
  const api = new FakeConnector('api', false);
  const fence = new LeaseFence();
  const connections = {
    find: (id: string) => Promise.resolve(rows.rows.get(id) ?? null),
    activeIds: (types: ChannelType[]) => Promise.resolve([...rows.rows.values()].filter((r) => r.state === 'active' && types.includes(r.type)).map((r) => r.id)),
    list: () => Promise.resolve([...rows.rows.values()]),
    disconnect: (_manager: unknown, id: string) => Promise.resolve(rows.change(id, { state: 'disconnected', credentials: null })),
  };
  const handles = { open: (row: ConnectionRow): ConnectionHandle => ({ id: row.id, tenantId: row.tenantId, type: row.type, credentials: { session: SESSION }, webhookUrl: null }) };
  const events = { subscribe: jest.fn() };
  const supervisor = new ConnectionSupervisor(
    { manager: {} } as unknown as DataSource,
    connections as unknown as ConnectionsRepository,
    new ConnectorRegistry([telegram, api]),
    handles as unknown as ConnectionHandles,
    {} as InboundService,
    events as unknown as DomainEvents,
    leases as unknown as ConnectionLeasesRepository,
    fence,
    { runsClients, leaseTtlSeconds: TTL_SECONDS } as MessagingOptions,
  );
  return { supervisor, fence, telegram, api };
}

describe('ConnectionSupervisor with connection leases', () => {
  let rows: Rows;
  let leases: FakeLeases;
  let warnings: string[];
  const started: ConnectionSupervisor[] = [];

  const boot = async (w: Worker): Promise<Worker> => {
    started.push(w.supervisor);
    await w.supervisor.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);
    return w;
  };

  beforeEach(() => {
    jest.useFakeTimers();
    rows = new Rows();
    leases = new FakeLeases(rows);
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    for (const supervisor of started.splice(0)) supervisor.halt();
    await jest.runOnlyPendingTimersAsync();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('runs an orphaned exclusive connection once, with its credentials, and keeps renewing its lease', async () => {
    const id = rows.add('telegram');
    const w = await boot(worker(rows, leases));
    expect([...w.telegram.running]).toEqual([id]);
    expect(w.telegram.handles[0].credentials).toEqual({ session: SESSION });
    expect(w.fence.holds(id)).toBe(true);
    expect(leases.holderOf(id)).toBe(w.fence.holder);

    await jest.advanceTimersByTimeAsync(10 * timing.ttlMs);
    expect(w.telegram.handles).toHaveLength(1);
    expect(w.fence.holds(id)).toBe(true);
    expect(leases.holderOf(id)).toBe(w.fence.holder);
  });

  it('connects non-exclusive connectors at start in every process, without a lease; an api process runs no exclusive client', async () => {
    const shared = rows.add('api');
    const exclusive = rows.add('telegram');
    const api = await boot(worker(rows, leases, false));
    await jest.advanceTimersByTimeAsync(3 * timing.renewEveryMs);
    expect([...api.api.running]).toEqual([shared]);
    expect(api.telegram.handles).toEqual([]);
    expect(api.fence.holds(exclusive)).toBe(false);
    expect(leases.leases.size).toBe(0);

    const w = await boot(worker(rows, leases));
    expect([...w.api.running]).toEqual([shared]);
    expect([...w.telegram.running]).toEqual([exclusive]);
    expect(leases.leases.has(shared)).toBe(false);
  });

  it('stops a client whose lease was taken by another holder, at the next heartbeat', async () => {
    const id = rows.add('telegram');
    const w = await boot(worker(rows, leases));
    leases.leases.set(id, { holder: 'elsewhere:1:ab', expiresAt: now() + 60_000 });

    await jest.advanceTimersByTimeAsync(timing.renewEveryMs);
    expect(w.fence.holds(id)).toBe(false);
    expect(w.telegram.disconnects).toEqual([id]);
    expect(leases.holderOf(id)).toBe('elsewhere:1:ab');
  });

  it.each<[string, Partial<ConnectionRow> | 'deleted']>([
    ['the business disconnected it', { state: 'disconnected', credentials: null }],
    ['the account needs a new login', { state: 'needs-relogin' }],
    ['Telegram banned the account', { state: 'banned' }],
    ['the platform suspended the channel type', { suspendedReason: 'Roskomnadzor order' }],
    ['its credentials are gone', { credentials: null }],
    ['the connection row is gone', 'deleted'],
  ])('stops the client, gives the lease back and does not start it again when %s', async (_, change) => {
    const id = rows.add('telegram');
    const other = rows.add('telegram');
    const w = await boot(worker(rows, leases));
    if (change === 'deleted') {
      rows.rows.delete(id);
      leases.leases.delete(id);
    } else {
      rows.change(id, change);
    }

    await jest.advanceTimersByTimeAsync(timing.renewEveryMs);
    expect(w.telegram.disconnects).toEqual([id]);
    expect(w.fence.holds(id)).toBe(false);
    expect(leases.leases.has(id)).toBe(false);
    await jest.advanceTimersByTimeAsync(5 * timing.renewEveryMs);
    expect(w.telegram.handles.filter((h) => h.id === id)).toHaveLength(1);
    expect([...w.telegram.running]).toEqual([other]);
  });

  it('keeps a client running through flood-wait', async () => {
    const id = rows.add('telegram');
    const w = await boot(worker(rows, leases));
    rows.change(id, { state: 'flood-wait', floodWaitUntil: new Date() });
    await jest.advanceTimersByTimeAsync(3 * timing.renewEveryMs);
    expect(w.telegram.disconnects).toEqual([]);
    expect(w.fence.holds(id)).toBe(true);
  });

  it('gives the lease back when a client fails to start, and retries it after a growing back-off; the warning carries no secret', async () => {
    const id = rows.add('telegram');
    const w = worker(rows, leases);
    w.telegram.failures = 2;
    await boot(w);
    expect(w.telegram.handles).toHaveLength(1);
    expect(leases.leases.has(id)).toBe(false);
    expect(w.fence.holds(id)).toBe(false);

    await jest.advanceTimersByTimeAsync(timing.renewEveryMs); // back-off after the 1st failure: one heartbeat
    expect(w.telegram.handles).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(timing.renewEveryMs); // after the 2nd: two heartbeats
    expect(w.telegram.handles).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(timing.renewEveryMs);
    expect(w.telegram.handles).toHaveLength(3);
    expect([...w.telegram.running]).toEqual([id]);
    expect(w.fence.holds(id)).toBe(true);

    const failures = warnings.filter((line) => line.includes(id) && line.includes('did not start'));
    expect(failures).toHaveLength(2);
    expect(failures[0]).toContain('the messenger is unreachable');
    expect(warnings.join('\n')).not.toContain(SESSION);
  });

  it('a failed start elsewhere does not hold up the others', async () => {
    const ids = [rows.add('telegram'), rows.add('telegram'), rows.add('telegram')];
    const w = worker(rows, leases);
    w.telegram.failures = 1;
    await boot(w);
    expect([...w.telegram.running].sort()).toEqual(ids.slice(1));
    await jest.advanceTimersByTimeAsync(timing.renewEveryMs);
    expect([...w.telegram.running].sort()).toEqual(ids);
  });

  it('stops the client at its local deadline when the database does not answer the renewal, before the lease could run out', async () => {
    const id = rows.add('telegram');
    const w = await boot(worker(rows, leases));
    const deadline = fenceDeadline(0, timing);
    leases.unreachable = true;

    await jest.advanceTimersByTimeAsync(deadline - 1);
    expect(w.fence.holds(id)).toBe(true);
    expect(w.telegram.disconnects).toEqual([]);

    await jest.advanceTimersByTimeAsync(1);
    expect(w.fence.holds(id)).toBe(false);
    expect(w.telegram.disconnects).toEqual([id]);
    // The lease in the database is still live: no other worker could have started a client yet.
    expect(leases.holderOf(id)).toBe(w.fence.holder);
    expect(warnings.some((line) => line.includes(id) && line.includes('could not be renewed in time'))).toBe(true);
  });

  it('a graceful shutdown stops every client and gives the leases back at once', async () => {
    const ids = [rows.add('telegram'), rows.add('telegram')];
    const w = await boot(worker(rows, leases));
    await w.supervisor.beforeApplicationShutdown();
    expect(w.telegram.disconnects.sort()).toEqual(ids);
    expect(leases.leases.size).toBe(0);
    expect(ids.map((id) => w.fence.holds(id))).toEqual([false, false]);

    await jest.advanceTimersByTimeAsync(5 * timing.renewEveryMs);
    expect(w.telegram.handles).toHaveLength(2);
  });

  it('a halted (crashed) supervisor neither stops its clients nor gives leases back; its fence still closes on time', async () => {
    const id = rows.add('telegram');
    const w = await boot(worker(rows, leases));
    w.supervisor.halt();
    await w.supervisor.beforeApplicationShutdown();
    expect(w.telegram.disconnects).toEqual([]);
    expect(leases.holderOf(id)).toBe(w.fence.holder);
    expect(w.fence.holds(id)).toBe(true);
    await jest.advanceTimersByTimeAsync(fenceDeadline(0, timing));
    expect(w.fence.holds(id)).toBe(false);
    expect(leases.holderOf(id)).toBe(w.fence.holder);
  });

  it('wake() runs a heartbeat at once instead of at the next one', async () => {
    const w = await boot(worker(rows, leases));
    const id = rows.add('telegram');
    w.fence.wake();
    await jest.advanceTimersByTimeAsync(0);
    expect([...w.telegram.running]).toEqual([id]);
  });

  it('two workers never run one account at the same moment, and a dead worker’s accounts move after its leases run out', async () => {
    const ids = Array.from({ length: 5 }, () => rows.add('telegram'));
    const a = await boot(worker(rows, leases));
    const b = await boot(worker(rows, leases));
    const violations: string[] = [];
    const check = () => {
      for (const id of ids) {
        if (a.fence.holds(id) && b.fence.holds(id)) violations.push(`${id} at ${now()}`);
        if (a.telegram.running.has(id) && b.telegram.running.has(id)) violations.push(`${id} connected twice at ${now()}`);
      }
    };
    const runFor = async (ms: number) => {
      for (let t = 0; t < ms; t += 50) {
        await jest.advanceTimersByTimeAsync(50);
        check();
      }
    };

    await runFor(3 * timing.ttlMs);
    expect(ids.filter((id) => a.telegram.running.has(id) !== b.telegram.running.has(id))).toEqual(ids);

    const [victim, survivor] = a.telegram.running.size ? [a, b] : [b, a];
    const moved = ids.filter((id) => victim.telegram.running.has(id));
    victim.supervisor.halt();
    victim.telegram.running.clear(); // the process died with its clients
    await runFor(2 * timing.ttlMs);
    expect(violations).toEqual([]);
    expect(ids.filter((id) => survivor.telegram.running.has(id))).toEqual(ids);
    for (const id of moved) expect(leases.holderOf(id)).toBe(survivor.fence.holder);
  });
});
