import { testBusiness } from '../testing/test-business';
import { ConnectionsRepository } from './connections.repository';

/** The state change answers the state before it, which decides whether the business is told (MSG-10). */
describe('connection state changes on a real Postgres', () => {
  const business = testBusiness(process.env.PEREPISKA_TEST_DATABASE_URL, 'ООО «Здоровье»');
  let connections: ConnectionsRepository;

  const connection = async (state = 'active'): Promise<string> => {
    const [row] = await business.dataSource.query<Array<{ id: string }>>(`INSERT INTO connections (tenant_id, type, display_name, state) VALUES ($1, 'memory', 'Аккаунт', $2) RETURNING id`, [business.tenantId, state]);
    return row.id;
  };

  async function until(check: () => Promise<boolean>, what: string): Promise<void> {
    for (let i = 0; i < 200; i += 1) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`Timed out waiting for ${what}`);
  }

  beforeAll(() => {
    connections = new ConnectionsRepository(business.dataSource);
  });

  it('answers the previous state, and null for a connection that does not exist', async () => {
    const id = await connection('flood-wait');
    expect(await connections.setState(business.dataSource.manager, id, 'needs-relogin', 'session ended', null)).toBe('flood-wait');
    expect(await connections.setState(business.dataSource.manager, id, 'needs-relogin', 'again', null)).toBe('needs-relogin');
    const row = await connections.find(id, business.tenantId);
    expect(row).toMatchObject({ state: 'needs-relogin', stateReason: 'again', floodWaitUntil: null });
    expect(await connections.setState(business.dataSource.manager, '00000000-0000-4000-8000-000000000000', 'banned', null, null)).toBeNull();
  });

  it('of two changes racing on one row, the second sees the first one\'s state, not the one both started from', async () => {
    const id = await connection('active');
    const runner = business.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      expect(await connections.setState(runner.manager, id, 'needs-relogin', 'first', null)).toBe('active');
      // The second report arrives while the first is not yet committed: it waits for the row.
      const second = connections.setState(business.dataSource.manager, id, 'needs-relogin', 'second', null);
      await until(
        async () =>
          (await business.dataSource.query<unknown[]>(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE connections c SET state%' AND datname = current_database()`))
            .length > 0,
        'the second change to wait for the row',
      );
      await runner.commitTransaction();
      expect(await second).toBe('needs-relogin');
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
