import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ClientLeases, ConnectionSupervisor, EXTRA_CHANNEL_CONNECTORS } from '@perepiska/messaging';
import { EnvelopeCipher } from '@perepiska/platform';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ClientTimeline, LEASE_PROBE_TYPE, type LeaseProbeConnector, leaseProbeModule } from './fixtures/lease-probe.module';
import { bearer, signup, type SignedUp } from './identity-fixtures';
import { eventually } from './support/webhook-receiver';
import { LogCapture, bootTestApp } from './test-app';

jest.setTimeout(180_000);

/**
 * Several apps on one database, each with an exclusive connector (a probe whose clients record
 * when they run): every connection has exactly one running client, never two at once, through
 * a crash (leases run out), a graceful shutdown (leases given back at once), a disconnect made
 * through another process, and a messenger that refuses to connect for a while.
 */
describe('exactly one live client per connection across processes (connection leases)', () => {
  const timeline = new ClientTimeline();
  const probeModule = leaseProbeModule(timeline);
  // The Nest logger is process-wide: the apps of one test process share one capture.
  const logs = new LogCapture();
  const apps: NestFastifyApplication[] = [];
  const ids: string[] = [];
  const sessions: string[] = [];
  let db: DataSource;
  let owner: SignedUp;
  let a: NestFastifyApplication;
  let b: NestFastifyApplication;

  const boot = async () => {
    const app = await bootTestApp({ env: { CONNECTION_LEASE_TTL_SECONDS: '3' }, extraModules: [probeModule], logs });
    apps.push(app);
    return app;
  };
  const holder = (app: NestFastifyApplication) => app.get(ClientLeases).holder;
  const probe = (app: NestFastifyApplication) => app.get<LeaseProbeConnector[]>(EXTRA_CHANNEL_CONNECTORS)[0];

  /** A connection of the probe type with a sealed session, as a finished login leaves it. */
  const connect = async (id: string = randomUUID()): Promise<string> => {
    const session = `probe-session-${randomBytes(8).toString('hex')}`;
    sessions.push(session);
    // The context every connection's credentials are sealed under (ConnectionHandles).
    const sealed = a.get(EnvelopeCipher).encrypt(JSON.stringify({ session }), 'connections.credentials');
    await db.query(`INSERT INTO connections (id, tenant_id, type, display_name, state, credentials) VALUES ($1, $2, $3, 'Аккаунт', 'active', $4)`, [id, owner.tenantId, LEASE_PROBE_TYPE, sealed]);
    ids.push(id);
    return id;
  };

  const liveLeases = async (): Promise<Map<string, string>> => {
    const rows = await db.query<Array<{ id: string; holder: string }>>(
      `SELECT connection_id AS id, holder FROM connection_leases WHERE connection_id = ANY($1::uuid[]) AND expires_at > now()`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.holder]));
  };

  /** Every live connection runs exactly one client, in the process that holds its lease. */
  const steady = (live: string[], where?: (connectionId: string) => string) =>
    eventually(async () => {
      const leases = await liveLeases();
      return live.every((id) => {
        const running = timeline.running(id);
        return running.length === 1 && leases.get(id) === running[0].holder && (!where || running[0].holder === where(id));
      });
    }, 'one running client per connection, held by its lease', 30_000);

  /** Waits until every holder of these connections has renewed twice more: two heartbeats have passed everywhere. */
  const twoHeartbeats = async (connectionIds: string[]) => {
    for (let beat = 0; beat < 2; beat += 1) {
      const [{ mark }] = await db.query<Array<{ mark: Date }>>(`SELECT now() AS mark`);
      await eventually(
        async () => {
          const [{ behind }] = await db.query<Array<{ behind: number }>>(
            `SELECT count(*)::int AS behind FROM connections c LEFT JOIN connection_leases l ON l.connection_id = c.id
              WHERE c.id = ANY($1::uuid[]) AND (l.renewed_at IS NULL OR l.renewed_at <= $2)`,
            [connectionIds, mark],
          );
          return behind === 0;
        },
        'a heartbeat of every holder',
        30_000,
      );
    }
  };

  const neverTwoAtOnce = () => {
    expect(timeline.violations).toEqual([]);
    expect(timeline.overlaps(ids)).toEqual([]);
  };

  beforeAll(async () => {
    a = await boot();
    b = await boot();
    db = a.get(DataSource);
    owner = await signup(a, 'ООО «Аренда»');
  });
  afterAll(async () => {
    for (const app of apps) probe(app).dispose();
    for (const app of apps.splice(0)) await app.close();
  });

  it('runs each connection’s client exactly once across two apps, in the holder of its lease', async () => {
    const created = [await connect(), await connect(), await connect(), await connect(), await connect()];
    await steady(created);
    neverTwoAtOnce();
    const holders = new Set([holder(a), holder(b)]);
    for (const id of created) expect(holders.has(timeline.running(id)[0].holder)).toBe(true);
    await twoHeartbeats(created);
    await steady(created);
    // Nobody started a second client, and nobody restarted one: one run each so far.
    expect(created.map((id) => timeline.of(id).length)).toEqual(created.map(() => 1));
  });

  it('a connection whose client fails to start is retried until it runs, and no secret is logged', async () => {
    const id = randomUUID();
    timeline.refusals.set(id, 2);
    await connect(id);
    await steady([id]);
    expect(timeline.refusals.get(id)).toBe(0);
    expect(timeline.of(id)).toHaveLength(1);
    const warnings = logs.lines.filter((line) => line.includes(id) && line.includes('did not start'));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('probe: the messenger is unreachable');
    for (const session of sessions) expect(logs.text).not.toContain(session);
    neverTwoAtOnce();
  });

  it('a disconnect made through another process removes the lease at once; the holder stops its client at its next heartbeat', async () => {
    await steady(ids);
    const leases = await liveLeases();
    const target = ids[0];
    const holderApp = leases.get(target) === holder(a) ? a : b;
    const other = holderApp === a ? b : a;

    await request(other.getHttpServer()).delete(`/api/v1/connections/${target}`).set(bearer(owner.accessToken)).expect(204);
    expect(await db.query<unknown[]>(`SELECT 1 FROM connection_leases WHERE connection_id = $1`, [target])).toEqual([]);
    await eventually(async () => timeline.running(target).length === 0, 'the holder stops the disconnected client');
    expect(timeline.of(target).map((run) => [run.holder, run.endedBy])).toEqual([[holder(holderApp), 'disconnect']]);

    const live = ids.slice(1);
    await twoHeartbeats(live);
    expect(timeline.of(target)).toHaveLength(1);
    expect((await liveLeases()).has(target)).toBe(false);
    await steady(live);
    ids.splice(0, 1);
    neverTwoAtOnce();
  });

  it('when a holder crashes, its clients stop at their local deadline and the other app takes them over once the leases run out', async () => {
    await steady(ids);
    const leases = await liveLeases();
    const victim = [...leases.values()].filter((h) => h === holder(a)).length >= [...leases.values()].filter((h) => h === holder(b)).length ? a : b;
    const survivor = victim === a ? b : a;
    const moved = ids.filter((id) => leases.get(id) === holder(victim));
    expect(moved.length).toBeGreaterThan(0);

    victim.get(ConnectionSupervisor).halt();
    // Until the survivor has them, watch the victim's leases: an in-flight renewal may still land.
    const victimExpiry = new Map<string, Date>();
    await eventually(async () => {
      const rows = await db.query<Array<{ id: string; holder: string; expiresAt: Date }>>(
        `SELECT connection_id AS id, holder, expires_at AS "expiresAt" FROM connection_leases WHERE connection_id = ANY($1::uuid[])`,
        [moved],
      );
      for (const row of rows) if (row.holder === holder(victim)) victimExpiry.set(row.id, row.expiresAt);
      return rows.length === moved.length && rows.every((row) => row.holder === holder(survivor));
    }, 'the survivor holding the crashed app’s leases', 30_000);
    await steady(ids, () => holder(survivor));
    neverTwoAtOnce();
    // The crashed app gave nothing back: each lease was taken over only once it had run out.
    const taken = await db.query<Array<{ id: string; acquiredAt: Date }>>(`SELECT connection_id AS id, acquired_at AS "acquiredAt" FROM connection_leases WHERE connection_id = ANY($1::uuid[])`, [moved]);
    for (const { id, acquiredAt } of taken) expect(acquiredAt.getTime()).toBeGreaterThanOrEqual(victimExpiry.get(id)!.getTime());
    for (const id of moved) {
      const [before, after] = timeline.of(id).slice(-2);
      // The victim's supervisor was gone: its client stopped itself when `holds` turned false.
      expect([before.holder, before.endedBy]).toEqual([holder(victim), 'fence']);
      expect(after.holder).toBe(holder(survivor));
      expect(after.startedAt).toBeGreaterThan(before.endedAt!);
    }
  });

  it('a graceful shutdown gives the leases back at once, and another app takes the clients at its next heartbeat', async () => {
    const [survivor] = [a, b].filter((app) => [...timeline.runs].some((run) => run.endedAt === null && run.holder === holder(app)));
    const c = await boot();
    // The survivor may be the app whose connection the test has queried through: c outlives it.
    db = c.get(DataSource);
    await twoHeartbeats(ids);
    // c joined with nothing to take: every client stays where it runs.
    await steady(ids, () => holder(survivor));

    await survivor.close();
    apps.splice(apps.indexOf(survivor), 1);
    probe(survivor).dispose();
    const left = await db.query<Array<{ id: string }>>(`SELECT connection_id AS id FROM connection_leases WHERE holder = $1`, [holder(survivor)]);
    expect(left).toEqual([]);
    for (const id of ids) expect(timeline.of(id).filter((run) => run.holder === holder(survivor)).map((run) => run.endedBy)).toEqual(['disconnect']);

    await steady(ids, () => holder(c));
    neverTwoAtOnce();
  });
});
