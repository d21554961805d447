import { DataSource } from 'typeorm';
import { InboundEventsRepository, type NewInboundEvent } from './inbound-events.repository';

/** Calls that arrive while inserts are in flight share one statement (group commit); each still gets its own answer. */
describe('storing inbound events on a real Postgres', () => {
  let dataSource: DataSource;
  let events: InboundEventsRepository;
  let tenantId: string;

  const connection = async (): Promise<string> => {
    const [row] = await dataSource.query<Array<{ id: string }>>(`INSERT INTO connections (tenant_id, type, display_name, state) VALUES ($1, 'api', 'Сайт', 'active') RETURNING id`, [tenantId]);
    return row.id;
  };
  const message = (externalId: string): NewInboundEvent => ({
    kind: 'message',
    externalId,
    payload: { chat: { id: 'chat-1', kind: 'private' }, from: { id: 'user-1', displayName: 'Анна' }, text: `текст ${externalId}`, attachments: [] },
  });
  const inserts = (spy: jest.SpyInstance) => spy.mock.calls.filter(([sql]) => String(sql).trimStart().startsWith('INSERT INTO inbound_events')).length;

  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'postgres', url: process.env.PEREPISKA_TEST_DATABASE_URL, extra: { max: 5 } }).initialize();
    const [tenant] = await dataSource.query<Array<{ id: string }>>(
      `INSERT INTO tenants (name, inn, ogrn, legal_address) VALUES ('ООО «Ромашка»', '7707083893', '1027700132195', 'г. Москва') RETURNING id`,
    );
    tenantId = tenant.id;
  });
  beforeEach(() => {
    events = new InboundEventsRepository(dataSource);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await dataSource.query(`DELETE FROM tenants WHERE id = $1`, [tenantId]);
    await dataSource.destroy();
  });

  it('ten calls at once of two connections take three inserts, and each call is answered with its own events', async () => {
    const [first, second] = [await connection(), await connection()];
    const spy = jest.spyOn(dataSource, 'query');
    const calls = Array.from({ length: 10 }, (_, i) => events.store(tenantId, i % 2 ? second : first, [message(`m${i}-a`), message(`m${i}-b`)]));
    const results = await Promise.all(calls);

    // Two go at once; the eight that came while they were in flight go together.
    expect(inserts(spy)).toBe(3);
    expect(results.every((r) => r.length === 2 && r.every((e) => !e.duplicate))).toBe(true);
    // Within one statement the events keep the order they came in (the first two ran side by side).
    const ids = results.slice(2).flat().map((r) => BigInt(r.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const stored = await dataSource.query<Array<{ id: string; connection_id: string; external_id: string }>>(
      `SELECT id::text, connection_id::text, external_id FROM inbound_events WHERE connection_id = ANY($1::uuid[]) ORDER BY inbound_events.id`,
      [[first, second]],
    );
    expect(stored).toHaveLength(20);
    results.forEach((r, i) => {
      const expected = stored.filter((row) => row.external_id.startsWith(`m${i}-`));
      expect(r.map((e) => e.id)).toEqual(expected.map((row) => row.id));
      expect(expected.every((row) => row.connection_id === (i % 2 ? second : first))).toBe(true);
    });
  });

  it('the same event in two calls that share a statement is new for the first and a duplicate with the same id for the second; one stored before is a duplicate too', async () => {
    const id = await connection();
    const [stored] = await events.store(tenantId, id, [message('before')]);
    const busy = [events.store(tenantId, id, [message('x1')]), events.store(tenantId, id, [message('x2')])];
    const [a, b] = await Promise.all([events.store(tenantId, id, [message('same'), message('before')]), events.store(tenantId, id, [message('same')]), ...busy]);

    expect(a[0].duplicate).toBe(false);
    expect(b[0]).toEqual({ id: a[0].id, duplicate: true });
    expect(a[1]).toEqual({ id: stored.id, duplicate: true });
    const [{ count }] = await dataSource.query<Array<{ count: number }>>(`SELECT count(*)::int AS count FROM inbound_events WHERE connection_id = $1 AND external_id = 'same'`, [id]);
    expect(count).toBe(1);
  });

  it('a call that fails a shared statement fails alone: the other calls in it are stored', async () => {
    const id = await connection();
    const gone = '00000000-0000-4000-8000-000000000000';
    const busy = [events.store(tenantId, id, [message('b1')]), events.store(tenantId, id, [message('b2')])];
    const settled = await Promise.allSettled([events.store(tenantId, id, [message('ok-1')]), events.store(tenantId, gone, [message('orphan')]), events.store(tenantId, id, [message('ok-2')]), ...busy]);

    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({ code: '23503' });
    const rows = await dataSource.query<Array<{ external_id: string }>>(`SELECT external_id FROM inbound_events WHERE connection_id = $1 ORDER BY id`, [id]);
    expect(rows.map((r) => r.external_id).sort()).toEqual(['b1', 'b2', 'ok-1', 'ok-2']);
  });

  it('nothing to store answers at once without a statement', async () => {
    const spy = jest.spyOn(dataSource, 'query');
    expect(await events.store(tenantId, await connection(), [])).toEqual([]);
    expect(inserts(spy)).toBe(0);
  });
});
