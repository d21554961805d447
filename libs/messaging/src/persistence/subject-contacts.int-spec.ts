import { testBusiness } from '../testing/test-business';
import { phoneKey, subjectContactIds } from './subject-contacts';

describe('finding a data subject\'s client cards on a real Postgres', () => {
  const business = testBusiness(process.env.PEREPISKA_TEST_DATABASE_URL, 'ООО «Поиск»');
  const other = testBusiness(process.env.PEREPISKA_TEST_DATABASE_URL, 'ООО «Соседи»');

  const card = async (tenantId: string, phone: string | null, email: string | null = null): Promise<string> => {
    const [row] = await business.dataSource.query<Array<{ id: string }>>(`INSERT INTO contacts (tenant_id, display_name, phone, email) VALUES ($1, 'Клиент', $2, $3) RETURNING id`, [tenantId, phone, email]);
    return row.id;
  };

  it('reads a phone the way people write it: +7, 8, ten digits, with or without separators', () => {
    expect(['+7 (999) 123-45-67', '8 999 123 45 67', '9991234567', '79991234567'].map(phoneKey)).toEqual(Array(4).fill('79991234567'));
    expect(phoneKey('+44 20 7946 0958')).toBe('442079460958');
    expect(phoneKey('нет телефона')).toBeNull();
  });

  it('finds a card by the phone on a request however either was written, and only in the subject\'s business', async () => {
    const messenger = await card(business.tenantId, '79991234567');
    const typed = await card(business.tenantId, '+7 (999) 123-45-67');
    const elsewhere = await card(other.tenantId, '79991234567');
    const stranger = await card(business.tenantId, '79990000000');
    const noPhone = await card(business.tenantId, null, 'client@example.ru');

    const found = await subjectContactIds(business.dataSource.manager, { tenantId: business.tenantId, phones: ['8 (999) 123-45-67'] });
    expect(found.sort()).toEqual([messenger, typed].sort());
    expect(found).not.toContain(elsewhere);
    expect(found).not.toContain(stranger);
    // A request without a usable phone matches no card by phone, not every card without one.
    expect(await subjectContactIds(business.dataSource.manager, { tenantId: business.tenantId, phones: ['—'] })).toEqual([]);
    expect(await subjectContactIds(business.dataSource.manager, { tenantId: business.tenantId, emails: [' Client@Example.ru '] })).toEqual([noPhone]);
  });
});
