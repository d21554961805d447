import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { type ChannelType } from '../domain/channel-types';
import { CLIENT_STATES } from '../domain/client-lease';
import { ConnectionLeasesRepository } from '../persistence/connection-leases.repository';

/** A type of its own per run: other suites share this database and must not see these rows. */
const TYPE = `lease-int-${randomBytes(3).toString('hex')}` as ChannelType;
const A = 'worker-a:1:aaaa';
const B = 'worker-b:2:bbbb';

describe('connection leases on a real Postgres', () => {
  let dataSource: DataSource;
  let leases: ConnectionLeasesRepository;
  let tenantId: string;

  const connection = async (change: { state?: string; credentials?: string | null; type?: string } = {}): Promise<string> => {
    const [row] = await dataSource.query<Array<{ id: string }>>(
      `INSERT INTO connections (tenant_id, type, display_name, state, credentials) VALUES ($1, $2, 'Аккаунт', $3, $4) RETURNING id`,
      [tenantId, change.type ?? TYPE, change.state ?? 'active', change.credentials === undefined ? 'sealed' : change.credentials],
    );
    return row.id;
  };
  const lease = async (id: string) =>
    (await dataSource.query<Array<{ holder: string; ttl: number; acquiredAt: Date }>>(
      `SELECT holder, extract(epoch FROM expires_at - renewed_at)::float AS ttl, acquired_at AS "acquiredAt" FROM connection_leases WHERE connection_id = $1`,
      [id],
    ))[0];
  /** Expiry without waiting: the lease ran out a moment ago by the database's clock. */
  const expire = (id: string) => dataSource.query(`UPDATE connection_leases SET expires_at = now() - interval '1 millisecond' WHERE connection_id = $1`, [id]);

  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'postgres', url: process.env.PEREPISKA_TEST_DATABASE_URL, extra: { max: 10 } }).initialize();
    leases = new ConnectionLeasesRepository(dataSource);
    const [tenant] = await dataSource.query<Array<{ id: string }>>(
      `INSERT INTO tenants (name, inn, ogrn, legal_address) VALUES ('ООО «Аренда»', '7707083893', '1027700132195', 'г. Москва') RETURNING id`,
    );
    tenantId = tenant.id;
  });
  afterAll(async () => {
    await dataSource.query(`DELETE FROM channel_suspensions WHERE channel_type LIKE 'lease-int-%'`);
    await dataSource.query(`DELETE FROM tenants WHERE id = $1`, [tenantId]);
    await dataSource.destroy();
  });

  it('of two holders acquiring at the same moment exactly one wins, every time', async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, () => connection()));
    const results = await Promise.all(ids.flatMap((id) => [leases.acquire(id, A, 30), leases.acquire(id, B, 30)]));
    for (const [index, id] of ids.entries()) {
      const [byA, byB] = [results[2 * index], results[2 * index + 1]];
      expect([byA, byB].filter(Boolean)).toHaveLength(1);
      const winner = byA ? A : B;
      expect((byA ?? byB)!.holder).toBe(winner);
      expect((await lease(id)).holder).toBe(winner);
    }
  });

  it('answers the lease with its expiry set by the database clock; the holder may take it again, the other may not', async () => {
    const id = await connection();
    const taken = await leases.acquire(id, A, 7);
    expect(taken).toMatchObject({ connectionId: id, holder: A });
    expect(taken!.expiresAt.getTime() - taken!.renewedAt.getTime()).toBe(7000);
    expect(await leases.acquire(id, B, 7)).toBeNull();
    expect(await leases.acquire(id, A, 7)).toMatchObject({ holder: A });
    expect((await lease(id)).ttl).toBe(7);
  });

  it('renews only the caller’s live leases: the loser’s renewal fails', async () => {
    const [mine, theirs, free] = [await connection(), await connection(), await connection()];
    await leases.acquire(mine, A, 5);
    await leases.acquire(theirs, B, 5);
    expect(await leases.renew(B, [mine], 30)).toEqual([]);
    expect((await lease(mine)).ttl).toBe(5);
    expect((await leases.renew(A, [mine, theirs, free], 30)).sort()).toEqual([mine]);
    expect((await lease(mine)).ttl).toBe(30);
    expect(await leases.renew(A, [], 30)).toEqual([]);
  });

  it('a lease that ran out goes to the other holder, and its old holder cannot renew it back', async () => {
    const id = await connection();
    await leases.acquire(id, A, 30);
    await expire(id);
    expect(await leases.renew(A, [id], 30)).toEqual([]);
    expect(await leases.acquire(id, B, 30)).toMatchObject({ holder: B });
    expect(await leases.acquire(id, A, 30)).toBeNull();
    expect(await leases.renew(B, [id], 30)).toEqual([id]);
  });

  it('runs out by itself on the database clock', async () => {
    const id = await connection();
    await leases.acquire(id, A, 0.3);
    expect(await leases.acquire(id, B, 30)).toBeNull();
    const deadline = Date.now() + 20_000;
    let taken = await leases.acquire(id, B, 30);
    while (!taken && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      taken = await leases.acquire(id, B, 30);
    }
    expect(taken).toMatchObject({ holder: B });
  });

  it('release gives back only the caller’s leases, and the other holder takes them at once', async () => {
    const [first, second] = [await connection(), await connection()];
    await leases.acquire(first, A, 30);
    await leases.acquire(second, A, 30);
    await leases.release(B, [first, second]);
    expect((await lease(first)).holder).toBe(A);
    await leases.release(A, [first]);
    expect(await lease(first)).toBeUndefined();
    expect(await leases.acquire(first, B, 30)).toMatchObject({ holder: B });
    expect(await leases.acquire(second, B, 30)).toBeNull();
    await leases.release(A, []);
  });

  it('remove ends a lease whoever holds it; deleting the connection deletes its lease', async () => {
    const [removed, deleted] = [await connection(), await connection()];
    await leases.acquire(removed, A, 30);
    await leases.acquire(deleted, B, 30);
    await leases.remove(removed);
    expect(await lease(removed)).toBeUndefined();
    await dataSource.query(`DELETE FROM connections WHERE id = $1`, [deleted]);
    expect(await lease(deleted)).toBeUndefined();
    expect(await leases.renew(B, [deleted], 30)).toEqual([]);
  });

  it('does not acquire for a connection that does not exist', async () => {
    expect(await leases.acquire('00000000-0000-4000-8000-000000000000', A, 30)).toBeNull();
  });

  it('lists as orphans the runnable connections nobody holds or whose lease ran out, never live ones of others', async () => {
    const type = `lease-int-${randomBytes(3).toString('hex')}`;
    const suspendedType = `lease-int-${randomBytes(3).toString('hex')}`;
    const free = await connection({ type });
    const flood = await connection({ type, state: 'flood-wait' });
    const lapsed = await connection({ type });
    const held = await connection({ type });
    const skipped = await connection({ type });
    await connection({ type, state: 'pending-login' });
    await connection({ type, state: 'needs-relogin' });
    await connection({ type, state: 'disconnected', credentials: null });
    await connection({ type, credentials: null });
    await connection({ type: suspendedType });
    await dataSource.query(`INSERT INTO channel_suspensions (channel_type, reason) VALUES ($1, 'test')`, [suspendedType]);
    await leases.acquire(lapsed, B, 30);
    await expire(lapsed);
    await leases.acquire(held, B, 30);

    const types = [type, suspendedType] as ChannelType[];
    const orphans = await leases.orphans(types, CLIENT_STATES, [skipped], 100);
    expect(orphans[0]).toBe(lapsed);
    expect(orphans.slice().sort()).toEqual([free, flood, lapsed].sort());
    expect(await leases.orphans(types, CLIENT_STATES, [], 2)).toHaveLength(2);
    expect(await leases.orphans([], CLIENT_STATES, [], 10)).toEqual([]);
    expect(await leases.orphans(types, CLIENT_STATES, [], 0)).toEqual([]);
  });

  it('reads the facts that decide whether a held client may keep running', async () => {
    const type = `lease-int-${randomBytes(3).toString('hex')}`;
    const live = await connection({ type });
    const relogin = await connection({ type, state: 'needs-relogin', credentials: null });
    await dataSource.query(`INSERT INTO channel_suspensions (channel_type, reason) VALUES ($1, 'test')`, [type]);
    const facts = await leases.clientFacts([live, relogin, '00000000-0000-4000-8000-000000000000']);
    expect(Object.fromEntries(facts)).toEqual({
      [live]: { state: 'active', hasCredentials: true, suspended: true, credentialsDigest: expect.stringMatching(/^[0-9a-f]{64}$/) },
      [relogin]: { state: 'needs-relogin', hasCredentials: false, suspended: true, credentialsDigest: null },
    });
    expect((await leases.clientFacts([])).size).toBe(0);
  });

  it('tells who holds how many, for diagnostics', async () => {
    const holder = `diagnostics:${randomBytes(3).toString('hex')}`;
    const [a, b, c] = [await connection(), await connection(), await connection()];
    for (const id of [a, b, c]) await leases.acquire(id, holder, 30);
    await expire(c);
    const mine = (await leases.holders()).find((h) => h.holder === holder);
    expect(mine).toMatchObject({ holder, live: 2, expired: 1 });
    expect(mine!.lastRenewedAt).toBeInstanceOf(Date);
  });
});
