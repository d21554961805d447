import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type PdCategoryId, PersonalColumnCatalogue } from '@perepiska/platform';
import { checkPersonalColumns, messengerProcessingActivity, PLATFORM_REGISTER, subjectRequestsActivity } from '@perepiska/pd-registry';
import { DataSource, type EntityManager } from 'typeorm';
import { bootTestApp } from './test-app';

// REG-5: every column of the migrated database is either annotated by its module or does not
// look personal, and every annotated category is declared by the register of its layer.
describe('personal columns (code and register agree)', () => {
  let app: NestFastifyApplication;
  let db: DataSource;

  const declared = {
    platform: new Set<PdCategoryId>(PLATFORM_REGISTER.flatMap((activity) => activity.data.categories)),
    // What the product adds to a business's register itself: the messenger activity and answering subject requests.
    tenant: new Set<PdCategoryId>([...messengerProcessingActivity('ООО «Ромашка»', '2026-01-01').categories, ...subjectRequestsActivity('2026-01-01').categories]),
  };

  async function columns(manager: EntityManager): Promise<Array<{ table: string; column: string }>> {
    return manager.query(
      `SELECT c.table_name AS "table", c.column_name AS "column"
         FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
        ORDER BY 1, 2`,
    );
  }

  beforeAll(async () => {
    app = await bootTestApp();
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
  });

  it('finds nothing in the migrated database', async () => {
    const catalogue = app.get(PersonalColumnCatalogue);
    expect(checkPersonalColumns(await columns(db.manager), catalogue.list(), declared)).toEqual([]);
  });

  it('finds a new personal-looking column nobody annotated', async () => {
    const catalogue = app.get(PersonalColumnCatalogue);
    const runner = db.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query('ALTER TABLE contacts ADD COLUMN birth_date text');
      await runner.query('CREATE TABLE leads (id uuid PRIMARY KEY, phone text)');
      const findings = checkPersonalColumns(await columns(runner.manager), catalogue.list(), declared);
      expect(findings).toEqual([
        { table: 'contacts', column: 'birth_date', problem: 'unannotated-personal-column' },
        { table: 'leads', column: 'phone', problem: 'unannotated-personal-column' },
      ]);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
