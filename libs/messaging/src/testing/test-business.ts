import { DataSource } from 'typeorm';

export interface TestBusiness {
  dataSource: DataSource;
  tenantId: string;
}

/**
 * For integration specs: a DataSource on the run's database (`PEREPISKA_TEST_DATABASE_URL`, read
 * by the spec) and a business of the spec's own, deleted afterwards with all that cascades from
 * it. Call it in the `describe`, before hooks that use it; the fields are set once its
 * `beforeAll` has run.
 */
export function testBusiness(databaseUrl: string | undefined, name: string, poolSize = 5): TestBusiness {
  const business = {} as TestBusiness;
  beforeAll(async () => {
    business.dataSource = await new DataSource({ type: 'postgres', url: databaseUrl, extra: { max: poolSize } }).initialize();
    const [tenant] = await business.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO tenants (name, inn, ogrn, legal_address) VALUES ($1, '7707083893', '1027700132195', 'г. Москва') RETURNING id`,
      [name],
    );
    business.tenantId = tenant.id;
  });
  afterAll(async () => {
    await business.dataSource.query(`DELETE FROM tenants WHERE id = $1`, [business.tenantId]);
    await business.dataSource.destroy();
  });
  return business;
}
