import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type ActivityData, messengerProcessingActivity, PLATFORM_REGISTER, RegisterMaintenance } from '@perepiska/pd-registry';
import { extractPdfText, type PersonalDataSource, PersonalDataSourceRegistry } from '@perepiska/platform';
import ExcelJS from 'exceljs';
import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, employee, signup, type SignedUp } from './identity-fixtures';
import { eventually } from './support/webhook-receiver';
import { binaryBody } from './support/binary-body';
import { bootTestApp } from './test-app';

jest.setTimeout(90_000);

interface Activity {
  id: string;
  key: string | null;
  layer: string;
  version: number;
  recordedAt: string;
  archived: boolean;
  data: ActivityData;
}
interface RegisterList {
  layer: string;
  asOf: string;
  operator: { name: string; inn: string; responsible: unknown };
  activities: Activity[];
}
interface Finding {
  code: string;
  severity: string;
  activityId: string | null;
  article: string;
  dueDate?: string;
}

/** A complete activity of a business: its CRM of leads from the website. */
function leads(overrides: Partial<ActivityData> = {}): ActivityData {
  return {
    name: 'Заявки с сайта',
    purpose: 'Обработка заявок потенциальных клиентов, поступивших через форму на сайте, и связь с ними',
    legalBases: [{ clause: '1', document: 'Согласие на обработку персональных данных, форма на сайте' }],
    specialBases: [],
    categories: ['full-name', 'contact-details'],
    subjectCategories: ['prospects'],
    actions: ['collection', 'recording', 'storage', 'use', 'destruction'],
    methods: { automation: 'mixed', networkTransfer: true },
    retention: [{ categories: ['full-name', 'contact-details'], period: { amount: 6, unit: 'months' }, trigger: 'collection' }],
    recipients: [],
    crossBorder: { transfers: false, countries: [] },
    databaseLocation: { country: 'RU', address: 'г. Москва, ЦОД «Даталайн», Коровинское ш., д. 41' },
    securityMeasures: ['Разграничение доступа по ролям'],
    cryptoTools: ['TLS 1.3'],
    startDate: '2026-03-01',
    responsible: { name: 'Ольга Комплаенс', phone: '+7 495 765-43-21', email: 'privacy@shariki.ru', address: '117312, г. Москва, ул. Вавилова, д. 19' },
    ...overrides,
  };
}

/**
 * The processing register (issue 7; 152-FZ art. 22 part 3, art. 18.1): two layers, versioned
 * activities read as of any moment, the exports read back, the generated policy, the gap checks,
 * access by role and tenant.
 */
describe('the processing register', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let owner: SignedUp;
  let other: SignedUp;
  let officer: { accessToken: string };
  const http = () => request(app.getHttpServer());
  const as = (token: string) => ({
    get: (path: string) => http().get(`/api/v1/register${path}`).set(bearer(token)),
    post: (path: string, body: object) => http().post(`/api/v1/register${path}`).set(bearer(token)).send(body),
    put: (path: string, body: object) => http().put(`/api/v1/register${path}`).set(bearer(token)).send(body),
    delete: (path: string) => http().delete(`/api/v1/register${path}`).set(bearer(token)),
    file: (path: string) => http().get(`/api/v1/register${path}`).set(bearer(token)).buffer(true).parse(binaryBody),
  });
  const list = async (token: string, query = '') => (await as(token).get(`/activities${query}`).expect(200)).body as RegisterList;
  const create = async (data: ActivityData, token = officer.accessToken) => (await as(token).post('/activities', { data }).expect(201)).body as Activity;

  beforeAll(async () => {
    app = await bootTestApp();
    db = app.get(DataSource);
    owner = await signup(app, 'ООО «Шарики»');
    other = await signup(app, 'ООО «Чужие»');
    officer = await employee(app, owner.tenantId, 'compliance-officer');
  });
  afterAll(() => app.close());

  it('ships the platform\'s own register, read-only, and records a release once', async () => {
    const platform = await list(officer.accessToken, '?layer=platform');
    expect(platform.operator).toMatchObject({ inn: '7703456789' });
    expect(platform.activities.map((a) => a.key).sort()).toEqual(PLATFORM_REGISTER.map((a) => a.key).sort());
    expect(platform.activities.every((a) => a.layer === 'platform')).toBe(true);
    const accounts = platform.activities.find((a) => a.key === 'platform.accounts')!;
    const refused = await as(owner.accessToken).put(`/activities/${accounts.id}`, { expectedVersion: accounts.version, data: accounts.data }).expect(403);
    expect(refused.body).toMatchObject({ details: { reason: 'platform-register-read-only' } });
    await as(owner.accessToken).delete(`/activities/${accounts.id}?expectedVersion=${accounts.version}`).expect(403);
    // A restart with the same release records nothing new.
    const before = await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM register_activity_versions WHERE tenant_id IS NULL`);
    await app.get(RegisterMaintenance, { strict: false }).onApplicationBootstrap();
    expect(await db.query(`SELECT count(*)::int AS n FROM register_activity_versions WHERE tenant_id IS NULL`)).toEqual(before);
  });

  it('gets the processor activity when the messenger module is turned on, archived when it is turned off', async () => {
    const withModule = await eventually(async () => (await list(owner.accessToken)).activities.find((a) => a.key === 'messenger-processing'), 'the messenger activity');
    const expected = messengerProcessingActivity('ООО «Шарики»', withModule.data.startDate);
    expect(withModule.data).toEqual(expected);
    expect(withModule.data.recipients).toEqual([expect.objectContaining({ role: 'processor', inn: '7703456789' })]);

    const business = await signup(app, 'ООО «Отключились»');
    const activity = await eventually(async () => (await list(business.accessToken)).activities.find((a) => a.key === 'messenger-processing'), 'the messenger activity');
    await http().post('/api/v1/messenger-module/deactivate').set(bearer(business.accessToken)).send({}).expect(200);
    await eventually(async () => !(await list(business.accessToken)).activities.some((a) => a.key === 'messenger-processing'), 'archived');
    const versions = (await as(business.accessToken).get(`/activities/${activity.id}/versions`).expect(200)).body as Activity[];
    expect(versions.map((v) => [v.version, v.archived])).toEqual([
      [2, true],
      [1, false],
    ]);
  });

  it('creates, edits with the version it was made on, keeps every version and tells what changed', async () => {
    const invalid = await as(officer.accessToken).post('/activities', { data: { ...leads(), name: '', categories: ['shoe-size'], retention: [{ categories: ['full-name'], period: { amount: 0, unit: 'months' }, trigger: 'collection' }] } }).expect(400);
    expect((invalid.body as { details: Array<{ field: string }> }).details.map((d) => d.field).sort()).toEqual(['data.categories', 'data.name', 'data.retention.0.period.amount']);
    await as(officer.accessToken).post('/activities', {}).expect(400);

    const created = await create(leads());
    expect(created).toMatchObject({ version: 1, layer: 'tenant', key: null, archived: false, data: { name: 'Заявки с сайта' } });
    const edited = (await as(officer.accessToken).put(`/activities/${created.id}`, { expectedVersion: 1, data: leads({ retention: [{ categories: ['full-name', 'contact-details'], period: { amount: 12, unit: 'months' }, trigger: 'collection' }] }) }).expect(200)).body as Activity;
    expect(edited.version).toBe(2);
    const stale = await as(officer.accessToken).put(`/activities/${created.id}`, { expectedVersion: 1, data: leads() }).expect(409);
    expect(stale.body).toMatchObject({ details: { reason: 'version-conflict', currentVersion: 2 } });

    const diff = (await as(officer.accessToken).get(`/activities/${created.id}/diff?from=1&to=2`).expect(200)).body as { changes: Array<{ field: string; before: string; after: string }> };
    expect(diff.changes).toEqual([expect.objectContaining({ field: 'retention', before: expect.stringContaining('6 месяцев'), after: expect.stringContaining('12 месяцев') })]);
    await as(officer.accessToken).get(`/activities/${created.id}/diff?from=1&to=9`).expect(400);

    const archived = (await as(officer.accessToken).delete(`/activities/${created.id}?expectedVersion=2`).expect(200)).body as Activity;
    expect(archived).toMatchObject({ version: 3, archived: true });
    expect((await list(officer.accessToken)).activities.some((a) => a.id === created.id)).toBe(false);
    await as(officer.accessToken).put(`/activities/${created.id}`, { expectedVersion: 3, data: leads() }).expect(409);
  });

  it('answers 404 for another business\'s activity and 403 to an operator', async () => {
    const response = await as(officer.accessToken).post('/activities', { data: leads({ name: 'Закрытый процесс' }) });
    expect(response.body).toMatchObject({ version: 1 });
    const mine = response.body as Activity;
    for (const call of [
      as(other.accessToken).get(`/activities/${mine.id}`),
      as(other.accessToken).get(`/activities/${mine.id}/versions`),
      as(other.accessToken).put(`/activities/${mine.id}`, { expectedVersion: 1, data: leads() }),
      as(other.accessToken).delete(`/activities/${mine.id}?expectedVersion=1`),
      as(other.accessToken).get(`/activities/${randomUUID()}`),
    ]) {
      await call.expect(404);
    }
    expect((await list(other.accessToken)).activities.some((a) => a.id === mine.id)).toBe(false);
    const operator = await employee(app, owner.tenantId, 'operator');
    await as(operator.accessToken).get('/activities').expect(403);
    await as(operator.accessToken).file('/exports/xlsx').expect(403);
    await as(operator.accessToken).post('/activities', { data: leads() }).expect(403);
  });

  it('exports as of yesterday without today\'s edit, and the XLSX, CSV, JSON and PDF read back', async () => {
    const activity = await create(leads({ name: 'Рассылка клиентам', purpose: 'Информирование клиентов о статусе заказа' }));
    // Recorded two days ago, edited today.
    await db.query(`UPDATE register_activity_versions SET recorded_at = now() - interval '2 days' WHERE activity_id = $1 AND version = 1`, [activity.id]);
    await as(officer.accessToken).put(`/activities/${activity.id}`, { expectedVersion: 1, data: leads({ name: 'Рассылка клиентам', purpose: 'Информирование клиентов о статусе заказа и доставке' }) }).expect(200);
    const yesterday = new Date(Date.now() - 24 * 3600_000).toISOString();

    const past = await as(officer.accessToken).file(`/exports/json?asOf=${encodeURIComponent(yesterday)}`).expect(200);
    const pastJson = JSON.parse((past.body as Buffer).toString()) as { checksum: string; asOf: string; activities: Array<{ id: string; purpose: string; version: number }> };
    expect(pastJson.activities.find((a) => a.id === activity.id)).toMatchObject({ version: 1, purpose: 'Информирование клиентов о статусе заказа' });
    expect(JSON.stringify(pastJson)).not.toContain('и доставке');
    expect(past.headers['x-checksum-sha256']).toBe(createHash('sha256').update(past.body as Buffer).digest('hex'));
    expect(past.headers['x-register-as-of']).toBe(yesterday);
    expect(past.headers['content-disposition']).toMatch(/^attachment; filename="register-tenant-\d{4}-\d{2}-\d{2}-[0-9a-f]{12}\.json"$/);
    const now = JSON.parse(((await as(officer.accessToken).file('/exports/json').expect(200)).body as Buffer).toString()) as typeof pastJson;
    expect(now.activities.find((a) => a.id === activity.id)).toMatchObject({ version: 2, purpose: 'Информирование клиентов о статусе заказа и доставке' });

    const register = await list(officer.accessToken);
    const xlsx = await as(officer.accessToken).file('/exports/xlsx').expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as ArrayBuffer);
    const sheet = book.getWorksheet('Реестр')!;
    const cellText = (value: ExcelJS.CellValue) => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1).map(cellText)));
    const header = rows.findIndex((row) => row[0] === 'Наименование процесса');
    expect(header).toBeGreaterThanOrEqual(0);
    const body = rows.slice(header + 1);
    expect(body.map((row) => row[0])).toEqual(register.activities.map((a) => a.data.name));
    expect(body.map((row) => row[1])).toEqual(register.activities.map((a) => a.data.purpose));

    const csv = (await as(officer.accessToken).file('/exports/csv').expect(200)).body as Buffer;
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.toString('utf8')).toContain('Информирование клиентов о статусе заказа и доставке');

    const pdf = await as(officer.accessToken).file('/exports/pdf').expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = extractPdfText(pdf.body as Buffer).replace(/\s+/g, ' ');
    expect(text).toContain('Информирование клиентов о статусе заказа и доставке');
    expect(text).toContain('Реестр процессов обработки персональных данных');
    const notice = extractPdfText(((await as(officer.accessToken).file('/exports/notification-pdf').expect(200)).body as Buffer)).replace(/\s+/g, ' ');
    expect(notice).toContain('Уведомление об обработке персональных данных');
    expect(notice).toContain('ООО «Шарики»');
    const markdown = ((await as(officer.accessToken).file('/exports/notification-md').expect(200)).body as Buffer).toString();
    expect(markdown.indexOf('Цель обработки')).toBeLessThan(markdown.indexOf('Категории персональных данных'));
    await as(officer.accessToken).file('/exports/docx').expect(400);

    // Each download is in the access journal; the owner sees who exported what.
    const journal = await db.query<Array<{ action: string; n: number }>>(
      `SELECT action, count(*)::int AS n FROM access_journal WHERE tenant_id = $1 AND resource_type = 'register-export' GROUP BY action`,
      [owner.tenantId],
    );
    expect(journal).toEqual([{ action: 'export', n: 7 }]);
  });

  it('finds what the register lacks, and a notification outdated by a later change', async () => {
    const incomplete = await create(leads({ name: 'Без основания', legalBases: [], categories: ['full-name', 'health'], retention: [] }));
    const findings = async () => ((await as(officer.accessToken).get('/findings').expect(200)).body as { findings: Finding[]; lastNotification: unknown }).findings;
    const mine = (await findings()).filter((f) => f.activityId === incomplete.id).map((f) => f.code);
    expect(mine).toEqual(expect.arrayContaining(['no-legal-basis', 'no-retention', 'special-category-without-basis']));
    expect((await findings()).find((f) => f.code === 'notification-not-submitted')).toMatchObject({ severity: 'info' });

    const today = new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 10);
    await as(officer.accessToken).post('/notifications', { submittedAt: today, reference: 'РКН-77-0001234' }).expect(201);
    await as(officer.accessToken).post('/notifications', { submittedAt: '2999-01-01' }).expect(400);
    expect((await findings()).some((f) => f.code.startsWith('notification-'))).toBe(false);
    await as(officer.accessToken).put(`/activities/${incomplete.id}`, { expectedVersion: 1, data: leads({ name: 'Без основания', purpose: 'Новая цель обработки' }) }).expect(200);
    expect((await findings()).find((f) => f.code === 'notification-outdated')).toMatchObject({ severity: 'warning', article: 'ст. 22 ч. 7 152-ФЗ', dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect((await as(officer.accessToken).get('/notifications').expect(200)).body).toEqual([expect.objectContaining({ reference: 'РКН-77-0001234', submittedAt: today })]);
  });

  it('generates the privacy policy from the register and publishes it as the business\'s document', async () => {
    await as(officer.accessToken).put('/operator', { email: 'info@shariki.ru', phone: '+7 495 123-00-00', responsible: { name: 'Ольга Комплаенс', phone: '+7 495 765-43-21', email: 'privacy@shariki.ru', address: 'г. Москва, ул. Вавилова, д. 19' } }).expect(200);
    await as(officer.accessToken).put('/operator', { email: 'not-mail', phone: '', responsible: null }).expect(400);
    const policy = (await as(officer.accessToken).get('/policy').expect(200)).body as { markdown: string; sha256: string; published: unknown };
    expect(policy.markdown).toContain('ООО «Шарики»');
    expect(policy.markdown).toContain('privacy@shariki.ru');
    expect(policy.markdown).toContain('Ведение переписки ООО «Шарики» с клиентами');
    expect(policy.published).toBeNull();
    const pdf = await as(officer.accessToken).file('/policy.pdf').expect(200);
    const policyText = extractPdfText(pdf.body as Buffer).replace(/\s+/g, ' ');
    expect(policyText).toContain('Права субъекта и как их реализовать');
    expect(policyText).toContain(`Контрольная сумма текста политики (SHA-256): ${createHash('sha256').update(policy.markdown).digest('hex')}`);

    const published = (await as(officer.accessToken).post('/policy/publish', { material: false }).expect(201)).body as { versionId: string; version: number };
    expect(published.version).toBe(1);
    expect((await as(officer.accessToken).post('/policy/publish', { material: false }).expect(409)).body).toMatchObject({ details: { reason: 'policy-unchanged' } });
    const documents = (await http().get('/api/v1/legal/documents').set(bearer(officer.accessToken)).expect(200)).body as Array<{ kind: string; scope: string; current: { id: string } | null }>;
    expect(documents.find((d) => d.kind === 'client-privacy-policy')).toMatchObject({ scope: 'tenant', current: { id: published.versionId } });
    const version = (await http().get(`/api/v1/legal/versions/${published.versionId}`).set(bearer(officer.accessToken)).expect(200)).body as { text: string };
    expect(version.text.trim()).toBe(policy.markdown.trim());
    expect(((await as(officer.accessToken).get('/policy').expect(200)).body as { published: { versionId: string } }).published.versionId).toBe(published.versionId);
  });

  it('finds the responsible person\'s contacts for a subject request, and erases them', async () => {
    const source = app.get(PersonalDataSourceRegistry).list().find((s) => s.name === 'pd-registry.register') as PersonalDataSource;
    const found = await source.find({ tenantId: owner.tenantId, emails: ['PRIVACY@shariki.ru'] });
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({ category: 'employee-account', fields: expect.objectContaining({ name: 'Ольга Комплаенс', email: 'privacy@shariki.ru' }) });
    expect(await source.find({ tenantId: other.tenantId, emails: ['privacy@shariki.ru'] })).toEqual([]);
    const report = await source.erase({ tenantId: owner.tenantId, phones: ['+74957654321'] }, 'destroy');
    expect(report.records).toBe(found.length);
    expect(await source.find({ tenantId: owner.tenantId, emails: ['privacy@shariki.ru'] })).toEqual([]);
    const left = await db.query<unknown[]>(`SELECT 1 FROM register_activity_versions WHERE tenant_id = $1 AND data::text LIKE '%privacy@shariki.ru%'`, [owner.tenantId]);
    expect(left).toEqual([]);
  });
});
