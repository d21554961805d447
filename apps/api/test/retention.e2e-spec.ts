import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { MemoryConnector } from '@perepiska/messaging';
import { type ActivityData, DestructionActsService, RegisterMaintenance, RetentionService, messengerProcessingActivity } from '@perepiska/pd-registry';
import { Clock, extractPdfText, RetentionTargetRegistry } from '@perepiska/platform';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, employee, PASSWORD, signup, type SignedUp } from './identity-fixtures';
import { binaryBody } from './support/binary-body';
import { eventually } from './support/webhook-receiver';
import { bootTestApp } from './test-app';

jest.setTimeout(90_000);

interface Activity {
  id: string;
  key: string | null;
  version: number;
  data: ActivityData;
}

interface PlanItem {
  target: string;
  register: 'tenant' | 'platform';
  trigger: string;
  rules: Array<{ activity: string; period: string; applied: boolean }>;
  period: string | null;
  cutoff: string | null;
  count: number;
}

interface Act {
  layer: 'tenant' | 'platform';
  reason: string;
  subjectName: string | null;
  categories: string[];
  reports: Array<{ source: string; records: number }>;
  kept: Array<{ what: string; why: string }>;
  log: Array<{ type: string; details: Record<string, unknown> }>;
  performedBy: string | null;
}

const DAY_MS = 86_400_000;
const yearsBefore = (at: Date, years: number, plusDays = 0) => {
  const moved = new Date(at);
  moved.setUTCFullYear(moved.getUTCFullYear() - years);
  return new Date(moved.getTime() + plusDays * DAY_MS);
};

/**
 * The retention engine (issue 8, DSR-5) over both registers: a 1-day period for correspondence in
 * the business's register destroys yesterday's message bodies, leaves today's and those under a
 * legal hold; messages' metadata goes after 3 years; the platform's register destroys its security
 * journals after 3 years and a deleted account's registration data 7 days after the deletion.
 * Every run that destroys writes an act of destruction with its log extract, the business's or
 * the platform's. Time moves by the platform's Clock.
 */
describe('retention by the register\'s periods', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let memory: MemoryConnector;
  let owner: SignedUp;
  let other: SignedUp;
  const http = () => request(app.getHttpServer());

  async function conversation(business: SignedUp, chat: string, texts: string[]): Promise<{ conversationId: string; contactId: string }> {
    const connection = await http().post('/api/v1/connections').set(bearer(business.accessToken)).send({ type: 'memory', displayName: `Канал ${chat}` }).expect(201);
    const connectionId = (connection.body as { connection: { id: string } }).connection.id;
    for (const text of texts) await memory.receive(connectionId, { externalMessageId: randomUUID(), chat: { id: chat, kind: 'private' }, from: { id: chat, displayName: `Клиент ${chat}` }, text });
    return eventually(async () => {
      const [row] = await db.query<Array<{ id: string; contact_id: string; n: number }>>(
        `SELECT c.id, c.contact_id, (SELECT count(*)::int FROM messages m WHERE m.conversation_id = c.id) AS n FROM conversations c WHERE c.connection_id = $1`,
        [connectionId],
      );
      return row && row.n === texts.length ? { conversationId: row.id, contactId: row.contact_id } : undefined;
    }, 'the messages');
  }
  const age = (conversationId: string, text: string, days: number) => db.query(`UPDATE messages SET created_at = now() - make_interval(days => $3) WHERE conversation_id = $1 AND text = $2`, [conversationId, text, days]);
  const textsOf = async (conversationId: string) =>
    (await db.query<Array<{ text: string | null }>>(`SELECT text FROM messages WHERE conversation_id = $1 ORDER BY created_at`, [conversationId])).map((m) => m.text);

  beforeAll(async () => {
    app = await bootTestApp();
    db = app.get(DataSource);
    memory = app.get(MemoryConnector);
    owner = await signup(app, 'ООО «Хранение»');
    other = await signup(app, 'ООО «Другие»');
  });
  afterAll(() => app.close());

  it('destroys yesterday\'s message bodies under a 1-day rule, keeps today\'s and the held ones, and writes the act', async () => {
    const plain = await conversation(owner, 'plain', ['вчерашнее сообщение', 'сегодняшнее сообщение']);
    const held = await conversation(owner, 'held', ['вчера, но под удержанием']);
    const elsewhere = await conversation(other, 'other', ['вчера в другой компании']);
    await age(plain.conversationId, 'вчерашнее сообщение', 2);
    await age(held.conversationId, 'вчера, но под удержанием', 2);
    await age(elsewhere.conversationId, 'вчера в другой компании', 2);

    // The business shortens correspondence to one day in its register.
    const activity = await eventually(async () => {
      const list = (await http().get('/api/v1/register/activities').set(bearer(owner.accessToken)).expect(200)).body as { activities: Activity[] };
      return list.activities.find((a) => a.key === 'messenger-processing');
    }, 'the messenger activity');
    const data: ActivityData = {
      ...activity.data,
      retention: [
        { categories: ['correspondence', 'attachments'], period: { amount: 1, unit: 'days' }, trigger: 'collection' },
        { categories: activity.data.categories.filter((c) => c !== 'correspondence' && c !== 'attachments'), period: { amount: 12, unit: 'months' }, trigger: 'collection' },
      ],
    };
    await http().put(`/api/v1/register/activities/${activity.id}`).set(bearer(owner.accessToken)).send({ expectedVersion: activity.version, data }).expect(200);

    // A legal hold on the second conversation; another business's id is refused.
    await http().post('/api/v1/legal-holds').set(bearer(owner.accessToken)).send({ scope: 'conversation', targetId: elsewhere.conversationId, reason: 'Проверка' }).expect(404);
    await http().post('/api/v1/legal-holds').set(bearer(owner.accessToken)).send({ scope: 'conversation', reason: 'Без цели' }).expect(400);
    const hold = (await http().post('/api/v1/legal-holds').set(bearer(owner.accessToken)).send({ scope: 'conversation', targetId: held.conversationId, reason: 'Судебный спор с клиентом, дело № А40-1234/2026' }).expect(201)).body as { id: string };

    const plan = (await http().get('/api/v1/retention/plan').set(bearer(owner.accessToken)).expect(200)).body as PlanItem[];
    expect(plan.find((item) => item.target === 'messaging.message-content')).toEqual(expect.objectContaining({ register: 'tenant', count: 1, period: '1 день с момента сбора' }));
    expect(plan.find((item) => item.target === 'messaging.message-metadata')).toEqual(expect.objectContaining({ register: 'tenant', count: 0, period: '12 месяцев с момента сбора' }));
    expect(await textsOf(plain.conversationId)).toEqual(['вчерашнее сообщение', 'сегодняшнее сообщение']);

    const operator = await employee(app, owner.tenantId, 'operator');
    await http().post('/api/v1/retention/run').set(bearer(operator.accessToken)).send({}).expect(403);
    const runResponse = await http().post('/api/v1/retention/run').set(bearer(owner.accessToken)).send({});
    expect(runResponse.body).toMatchObject({ records: 1 });
    const run = runResponse.body as { records: number; act: string; actId: string };
    expect(run).toMatchObject({ records: 1, act: expect.stringMatching(/^АУ-\d{4}-\d{4}$/) });
    expect(await textsOf(plain.conversationId)).toEqual([null, 'сегодняшнее сообщение']);
    expect(await textsOf(held.conversationId)).toEqual(['вчера, но под удержанием']);
    expect(await textsOf(elsewhere.conversationId)).toEqual(['вчера в другой компании']);

    const act = (await http().get(`/api/v1/destruction-acts/${run.actId}`).set(bearer(owner.accessToken)).expect(200)).body as Act;
    expect(act.reason).toBe('Истечение срока хранения, установленного реестром процессов обработки персональных данных: Содержание сообщений и вложения — 1 день с момента сбора');
    expect(act.subjectName).toBe('Категории субъектов: Клиенты и их представители, Потенциальные клиенты');
    expect(act.reports).toEqual([expect.objectContaining({ source: 'messaging.message-content', records: 1 })]);
    // What the run left is derived from the plan: the metadata's period has not run out; the hold kept one.
    expect(act.kept).toEqual([
      { what: 'Сведения о сообщениях без их содержания: время, направление, статус доставки', why: 'срок хранения по реестру процессов обработки (12 месяцев с момента сбора) не истёк' },
      { what: 'Содержание сообщений и вложения: 1 запись с истёкшим сроком хранения', why: 'действует удержание (legal hold) на организацию, клиента или диалог' },
    ]);
    expect(act.log.map((e) => e.type)).toEqual(['retention-started', 'retention-batch', 'retention-target-done']);
    const pdf = await http().get(`/api/v1/destruction-acts/${run.actId}/act.pdf`).set(bearer(owner.accessToken)).buffer(true).parse(binaryBody).expect(200);
    const text = extractPdfText(pdf.body as Buffer).replace(/\s+/g, ' ');
    expect(text).toContain('Истечение срока хранения');
    expect(text).toContain('Лицо, уничтожившее персональные данные Анна Смирнова');
    expect(text).toContain('Выгрузка из журнала событий');

    // Nothing more to destroy: no second act. Released, the held message goes on the next run.
    expect((await http().post('/api/v1/retention/run').set(bearer(owner.accessToken)).send({}).expect(201)).body).toEqual({ records: 0, act: null, actId: null });
    await http().post(`/api/v1/legal-holds/${hold.id}/release`).set(bearer(owner.accessToken)).send({}).expect(201);
    await http().post(`/api/v1/legal-holds/${hold.id}/release`).set(bearer(owner.accessToken)).send({}).expect(404);
    // The daily job does the same run on its own, as the system.
    const scheduled = await app.get(RetentionService, { strict: false }).run(owner.tenantId, null);
    expect(scheduled.records).toBe(1);
    expect(await textsOf(held.conversationId)).toEqual([null]);
    const [byJob] = await db.query<Array<{ performed_by_name: string }>>(`SELECT performed_by_name FROM destruction_acts WHERE id = $1`, [scheduled.actId]);
    expect(byJob.performed_by_name).toBe('Плановое уничтожение (система «Переписка»)');
    expect(await textsOf(elsewhere.conversationId)).toEqual(['вчера в другой компании']);
  });
  const retention = () => app.get(RetentionService, { strict: false });
  const planOf = async (business: SignedUp) => (await http().get('/api/v1/retention/plan').set(bearer(business.accessToken)).expect(200)).body as PlanItem[];
  const messengerActivity = (business: SignedUp) =>
    eventually(async () => {
      const list = (await http().get('/api/v1/register/activities').set(bearer(business.accessToken)).expect(200)).body as { activities: Activity[] };
      return list.activities.find((a) => a.key === 'messenger-processing');
    }, 'the messenger activity');
  /** The platform's Clock fixed at a moment for the duration of `work`: every rule reads it. */
  async function at<T>(moment: Date, work: () => Promise<T>): Promise<T> {
    const spy = jest.spyOn(app.get(Clock), 'now').mockReturnValue(new Date(moment));
    try {
      return await work();
    } finally {
      spy.mockRestore();
    }
  }
  const rowsOf = async (conversationId: string) =>
    db.query<Array<{ text: string | null; created_at: Date }>>(`SELECT text, created_at FROM messages WHERE conversation_id = $1 ORDER BY created_at`, [conversationId]);
  const setCreated = (conversationId: string, text: string, createdAt: Date) => db.query(`UPDATE messages SET created_at = $3 WHERE conversation_id = $1 AND text = $2`, [conversationId, text, createdAt]);

  it('the dry run lists every target with the register that governs it, what its period counts from and the rules', async () => {
    const business = await signup(app, 'ООО «План»');
    await messengerActivity(business);
    const plan = await planOf(business);
    const registered = app.get(RetentionTargetRegistry).list().map((t) => t.name);
    expect(plan.map((item) => item.target).sort()).toEqual([...registered].sort());
    expect(registered).toEqual(expect.arrayContaining(['messaging.message-content', 'messaging.message-metadata', 'identity.access-journal', 'identity.audit-log', 'identity.registration-data']));
    const byTarget = new Map(plan.map((item) => [item.target, item]));
    expect(byTarget.get('messaging.message-content')).toMatchObject({
      register: 'tenant',
      trigger: 'collection',
      period: '12 месяцев с момента сбора',
      rules: [{ activity: 'Обработка сообщений клиентов в мессенджерах', period: '12 месяцев с момента сбора', applied: true }],
    });
    expect(byTarget.get('messaging.message-metadata')).toMatchObject({ register: 'tenant', trigger: 'collection', period: '3 года с момента сбора' });
    // The platform's own data by the platform's register: the journals by their activity, not by the 12 months of cookies.
    expect(byTarget.get('identity.access-journal')).toMatchObject({
      register: 'platform',
      trigger: 'collection',
      period: '3 года с момента сбора',
      rules: [{ activity: 'Журнал аудита и журнал доступа к персональным данным', applied: true }],
    });
    expect(byTarget.get('identity.audit-log')).toMatchObject({ register: 'platform', trigger: 'collection', period: '3 года с момента сбора' });
    expect(byTarget.get('identity.registration-data')).toMatchObject({ register: 'platform', trigger: 'account-deletion', period: '7 дней с момента удаления учётной записи', count: 0 });
    expect(byTarget.get('identity.registration-data')!.rules.map((r) => r.activity)).toEqual(['Вход в сервис, сессии и журналы безопасности', 'Учётные записи пользователей и сотрудников']);
    // The business's data first, then the platform's; the platform's own dry run has only its own.
    const layers = plan.map((item) => item.register);
    expect(layers).toEqual([...layers].sort((a, b) => (a === b ? 0 : a === 'tenant' ? -1 : 1)));
    expect((await retention().platformPlan()).map((item) => item.target).sort()).toEqual(plan.filter((item) => item.register === 'platform').map((item) => item.target).sort());
  });

  it('destroys messages\' metadata 3 years after collection once the content has gone; younger metadata and held conversations stay', async () => {
    const business = await signup(app, 'ООО «Метаданные»');
    await messengerActivity(business);
    const plain = await conversation(business, 'meta-plain', ['три года и день', 'два года', 'сегодня']);
    const held = await conversation(business, 'meta-held', ['три года под удержанием']);
    const now = new Date();
    await setCreated(plain.conversationId, 'три года и день', yearsBefore(now, 3, -1));
    await setCreated(plain.conversationId, 'два года', yearsBefore(now, 2));
    await setCreated(held.conversationId, 'три года под удержанием', yearsBefore(now, 3, -1));
    const hold = (await http().post('/api/v1/legal-holds').set(bearer(business.accessToken)).send({ scope: 'contact', targetId: held.contactId, reason: 'Претензия клиента' }).expect(201)).body as { id: string };

    // One run: the content of both old messages goes (12 months), then the metadata of the 3-year-old one.
    const first = await at(now, () => retention().run(business.tenantId, null));
    expect(first.records).toBe(3);
    expect((await rowsOf(plain.conversationId)).map((m) => m.text)).toEqual([null, 'сегодня']);
    expect((await rowsOf(held.conversationId)).map((m) => m.text)).toEqual(['три года под удержанием']);
    const [act] = await db.query<Array<{ reports: Act['reports']; kept: Act['kept']; categories: string[] }>>(`SELECT reports, kept, categories FROM destruction_acts WHERE id = $1`, [first.actId]);
    expect(act.reports).toEqual([
      { source: 'messaging.message-content', method: 'destroy', records: 2, categories: ['correspondence', 'attachments'] },
      { source: 'messaging.message-metadata', method: 'destroy', records: 1, categories: ['message-metadata'] },
    ]);
    expect(act.categories).toEqual(['correspondence', 'attachments', 'message-metadata']);
    expect(act.kept).toEqual([{ what: 'Содержание сообщений и вложения: 1 запись с истёкшим сроком хранения', why: 'действует удержание (legal hold) на организацию, клиента или диалог' }]);

    // A year and two days on: the 2-year-old row's 3 years are up, and today's content is past 12 months.
    const later = new Date(now.getTime() + 367 * DAY_MS);
    const planned = await at(later, () => planOf(business));
    expect(planned.find((i) => i.target === 'messaging.message-metadata')).toMatchObject({ count: 1 });
    expect((await at(later, () => retention().run(business.tenantId, null))).records).toBe(2);
    expect((await rowsOf(plain.conversationId)).map((m) => m.text)).toEqual([null]);
    expect((await rowsOf(held.conversationId)).map((m) => m.text)).toEqual(['три года под удержанием']);

    // Released, the held message's content and then its row go in the same run.
    await http().post(`/api/v1/legal-holds/${hold.id}/release`).set(bearer(business.accessToken)).send({}).expect(201);
    expect((await at(now, () => retention().run(business.tenantId, null))).records).toBe(2);
    expect(await rowsOf(held.conversationId)).toEqual([]);
  });

  it('a legal hold on the business suspends every target of its register', async () => {
    const business = await signup(app, 'ООО «Спор»');
    await messengerActivity(business);
    const chat = await conversation(business, 'dispute', ['старое', 'очень старое']);
    const now = new Date();
    await setCreated(chat.conversationId, 'старое', new Date(now.getTime() - 400 * DAY_MS));
    await setCreated(chat.conversationId, 'очень старое', yearsBefore(now, 4));
    await db.query(`UPDATE messages SET text = NULL WHERE conversation_id = $1 AND text = 'очень старое'`, [chat.conversationId]);
    const before = await at(now, () => planOf(business));
    expect(before.filter((i) => i.register === 'tenant').map((i) => [i.target, i.count])).toEqual([
      ['messaging.message-content', 1],
      ['messaging.message-metadata', 1],
    ]);
    await http().post('/api/v1/legal-holds').set(bearer(business.accessToken)).send({ scope: 'tenant', reason: 'Проверка Роскомнадзора' }).expect(201);
    const held = await at(now, () => planOf(business));
    expect(held.filter((i) => i.register === 'tenant').map((i) => i.count)).toEqual([0, 0]);
    expect(await at(now, () => retention().run(business.tenantId, null))).toEqual({ records: 0, act: null, actId: null });
    expect((await rowsOf(chat.conversationId)).map((m) => m.text)).toEqual([null, 'старое']);
  });

  it('a run that dies midway leaves its committed batches on record: the next run writes their act, marked interrupted, and counts nothing twice', async () => {
    const business = await signup(app, 'ООО «Прерванный прогон»');
    await messengerActivity(business);
    const texts = ['первое', 'второе', 'третье', 'четвёртое', 'пятое', 'шестое', 'седьмое'];
    const chat = await conversation(business, 'interrupted', [...texts, 'только вложение', 'свежее']);
    const now = new Date();
    for (const text of [...texts, 'только вложение']) await setCreated(chat.conversationId, text, new Date(now.getTime() - 400 * DAY_MS));
    // A photo without a caption: its content is the attachment alone.
    const [[photo]] = await db.query<[Array<{ id: string }>, number]>(`UPDATE messages SET text = NULL WHERE conversation_id = $1 AND text = 'только вложение' RETURNING id`, [chat.conversationId]);
    await db.query(
      `INSERT INTO attachments (tenant_id, conversation_id, message_id, kind, file_name, mime_type, size_bytes, sha256, storage_key) VALUES ($1, $2, $3, 'image', 'photo.jpg', 'image/jpeg', 10, repeat('0', 64), $4)`,
      [business.tenantId, chat.conversationId, photo.id, `retention-test/${randomUUID()}`],
    );
    expect((await at(now, () => planOf(business))).find((i) => i.target === 'messaging.message-content')).toMatchObject({ count: 8 });

    // Batches of two; the third fails after recording itself, before its commit, as a crash would stop it.
    const target = app.get(RetentionTargetRegistry).list().find((t) => t.name === 'messaging.message-content')!;
    const purgeBatch = target.purgeBatch.bind(target) as (...args: unknown[]) => Promise<number>;
    let calls = 0;
    const spy = jest.spyOn(target, 'purgeBatch').mockImplementation(((tenantId: string, before: Date, holds: unknown, _size: number, record: (manager: unknown, n: number) => Promise<void>) =>
      purgeBatch(tenantId, before, holds, 2, async (manager: unknown, n: number) => {
        await record(manager, n);
        if (++calls === 3) throw new Error('the process stopped');
      })) as never);
    try {
      await expect(at(now, () => retention().run(business.tenantId, null))).rejects.toThrow('the process stopped');
    } finally {
      spy.mockRestore();
    }
    const destroyedBefore = (await rowsOf(chat.conversationId)).filter((m) => m.text === null).length;
    expect(destroyedBefore).toBe(4 + 1); // two batches of text, and the photo that had no text from the start
    expect(await db.query(`SELECT id FROM destruction_acts WHERE tenant_id = $1`, [business.tenantId])).toEqual([]);

    // The next run: first the act of what the dead run destroyed (its two committed batches only), then its own.
    const next = await at(now, () => retention().run(business.tenantId, null));
    expect(next.records).toBe(4);
    const acts = await db.query<Array<{ id: string; reason: string; reports: Act['reports']; kept: Act['kept']; log: Act['log']; performed_by_name: string }>>(
      `SELECT id, reason, reports, kept, log, performed_by_name FROM destruction_acts WHERE tenant_id = $1 ORDER BY number`,
      [business.tenantId],
    );
    expect(acts.map((a) => a.id)).toEqual([expect.any(String), next.actId]);
    const [interrupted, own] = acts;
    expect(interrupted.reason).toBe(
      'Истечение срока хранения, установленного реестром процессов обработки персональных данных: Содержание сообщений и вложения — 12 месяцев с момента сбора. Прогон уничтожения прерван; акт составлен по журналу прогона на уничтоженные до прерывания записи',
    );
    expect(interrupted.reports).toEqual([{ source: 'messaging.message-content', method: 'destroy', records: 4, categories: ['correspondence', 'attachments'] }]);
    expect(interrupted.kept).toEqual([{ what: 'Содержание сообщений и вложения: 4 из 8 с истёкшим сроком хранения', why: 'прогон прерван до их уничтожения; их уничтожает следующий прогон' }]);
    expect(interrupted.log.map((e) => [e.type, e.details.records ?? null])).toEqual([
      ['retention-started', null],
      ['retention-batch', 2],
      ['retention-batch', 2],
      ['retention-interrupted', 4],
    ]);
    expect(interrupted.performed_by_name).toBe('Плановое уничтожение (система «Переписка»)');
    expect(own.reports).toEqual([{ source: 'messaging.message-content', method: 'destroy', records: 4, categories: ['correspondence', 'attachments'] }]);
    expect(own.reason).not.toContain('прерван');
    // Every expired message's content went once: 4 + 4 = 8; the fresh one stays; no run is left open.
    expect((await rowsOf(chat.conversationId)).map((m) => m.text)).toEqual([...texts.map(() => null), null, 'свежее']);
    expect(await db.query(`SELECT 1 FROM attachments WHERE message_id = $1`, [photo.id])).toEqual([]);
    expect(await db.query(`SELECT id FROM retention_runs WHERE tenant_id = $1`, [business.tenantId])).toEqual([]);
    expect(await at(now, () => retention().run(business.tenantId, null))).toEqual({ records: 0, act: null, actId: null });
    expect(await db.query(`SELECT id FROM destruction_acts WHERE tenant_id = $1`, [business.tenantId])).toHaveLength(2);
  });

  it('the platform\'s run destroys access journal and audit entries older than 3 years, keeps newer ones and held businesses\', with the platform\'s act', async () => {
    const business = await signup(app, 'ООО «Журналы»');
    const heldBusiness = await signup(app, 'ООО «Удержание журналов»');
    await http().post('/api/v1/legal-holds').set(bearer(heldBusiness.accessToken)).send({ scope: 'tenant', reason: 'Судебный спор' }).expect(201);
    const now = new Date();
    const journal = async (tenantId: string, createdAt: Date) =>
      (await db.query<Array<{ id: string }>>(`INSERT INTO access_journal (tenant_id, resource_type, resource_id, action, ip, created_at) VALUES ($1, 'conversation', $2, 'read', '203.0.113.7', $3) RETURNING id::text`, [tenantId, randomUUID(), createdAt]))[0].id;
    const audit = async (tenantId: string | null, createdAt: Date) =>
      (await db.query<Array<{ id: string }>>(`INSERT INTO audit_events (tenant_id, action, ip, created_at) VALUES ($1, 'auth.login-failed', '203.0.113.7', $2) RETURNING id::text`, [tenantId, createdAt]))[0].id;
    const old = yearsBefore(now, 3, -1);
    const young = yearsBefore(now, 3, 1);
    const entries = {
      oldRead: await journal(business.tenantId, old),
      youngRead: await journal(business.tenantId, young),
      heldRead: await journal(heldBusiness.tenantId, old),
      oldEvent: await audit(business.tenantId, old),
      oldPlatformEvent: await audit(null, old),
      youngEvent: await audit(business.tenantId, young),
    };
    const has = async (table: string, id: string) => (await db.query<unknown[]>(`SELECT 1 FROM ${table} WHERE id = $1`, [id])).length === 1;

    // The business's dry run counts the platform's records about it.
    const plan = await at(now, () => planOf(business));
    expect(plan.find((i) => i.target === 'identity.access-journal')).toMatchObject({ count: 1 });
    expect(plan.find((i) => i.target === 'identity.audit-log')).toMatchObject({ count: 1 });
    // The business's own run leaves the platform's data alone.
    expect((await at(now, () => retention().run(business.tenantId, null))).records).toBe(0);
    expect(await has('access_journal', entries.oldRead)).toBe(true);

    const run = await at(now, () => retention().runPlatform());
    expect(run).toMatchObject({ records: 3, act: expect.stringMatching(/^АУ-\d{4}-\d{4}$/) });
    expect(await has('access_journal', entries.oldRead)).toBe(false);
    expect(await has('audit_events', entries.oldEvent)).toBe(false);
    expect(await has('audit_events', entries.oldPlatformEvent)).toBe(false);
    expect(await has('access_journal', entries.youngRead)).toBe(true);
    expect(await has('audit_events', entries.youngEvent)).toBe(true);
    expect(await has('access_journal', entries.heldRead)).toBe(true);
    // Outside the purge the journals still refuse every change.
    await expect(db.query(`DELETE FROM access_journal WHERE id = $1`, [entries.youngRead])).rejects.toThrow(/append-only/);
    await expect(db.query(`UPDATE audit_events SET action = 'auth.logged-out' WHERE id = $1`, [entries.youngEvent])).rejects.toThrow(/append-only/);

    // The act is the platform's: no business, the platform as the operator, the categories of subjects.
    expect(await db.query(`SELECT tenant_id FROM destruction_acts WHERE id = $1`, [run.actId])).toEqual([{ tenant_id: null }]);
    const acts = app.get(DestructionActsService);
    const act = (await acts.platformAct(run.actId!)) as unknown as Act;
    expect(act).toMatchObject({
      layer: 'platform',
      subjectName: 'Категории субъектов: Пользователи сервиса, Работники',
      categories: ['usage-data', 'connection-data'],
      performedBy: 'Плановое уничтожение (система «Переписка»)',
    });
    expect(act.reason).toBe(
      'Истечение срока хранения, установленного реестром процессов обработки персональных данных: Записи журнала доступа к персональным данным — 3 года с момента сбора; Записи журнала аудита событий безопасности — 3 года с момента сбора',
    );
    expect(act.reports.map((r) => [r.source, r.records])).toEqual([
      ['identity.access-journal', 1],
      ['identity.audit-log', 2],
    ]);
    expect(act.kept).toEqual(
      expect.arrayContaining([
        { what: expect.stringMatching(/^Регистрационные данные удалённых учётных записей/), why: 'срок хранения по реестру процессов обработки (7 дней с момента удаления учётной записи) не истёк' },
        { what: 'Записи журнала доступа к персональным данным: 1 запись с истёкшим сроком хранения', why: 'действует удержание (legal hold) на организацию, клиента или диалог' },
      ]),
    );
    expect(act.log.map((e) => e.type)).toEqual(['retention-started', 'retention-batch', 'retention-target-done', 'retention-batch', 'retention-target-done']);
    const pdf = extractPdfText((await acts.platformPdf(run.actId!)).body).replace(/\s+/g, ' ');
    expect(pdf).toContain('Общество с ограниченной ответственностью «Переписка», ИНН 7703456789');
    expect(pdf).toContain('нет: оператор обрабатывает эти данные сам');
    expect(pdf).toContain('Выгрузка из журнала событий');
    // No business sees it among its acts.
    await http().get(`/api/v1/destruction-acts/${run.actId}`).set(bearer(business.accessToken)).expect(404);
    expect(((await http().get('/api/v1/destruction-acts').set(bearer(business.accessToken)).expect(200)).body as Array<{ id: string }>).map((a) => a.id)).not.toContain(run.actId);
  });

  it('a deleted account\'s registration data is gone within its 7 days by the daily run, with the platform\'s act; a business under a hold keeps it', async () => {
    const closing = await signup(app, 'ООО «Закрытие»');
    const colleague = await employee(app, closing.tenantId, 'operator');
    const twoJobs = await employee(app, closing.tenantId, 'admin');
    const elsewhere = await signup(app, 'ООО «Вторая работа»');
    await db.query(`INSERT INTO memberships (tenant_id, user_id, builtin_role) VALUES ($1, $2, 'operator')`, [elsewhere.tenantId, twoJobs.userId]);
    const disputed = await signup(app, 'ООО «Под удержанием»');
    await http().post('/api/v1/legal-holds').set(bearer(disputed.accessToken)).send({ scope: 'contact', targetId: randomUUID(), reason: 'Спор' }).expect(404);
    await http().post('/api/v1/legal-holds').set(bearer(disputed.accessToken)).send({ scope: 'tenant', reason: 'Судебный спор, дело № А40-77/2026' }).expect(201);

    const closed = (await http().delete('/api/v1/tenant').set(bearer(closing.accessToken)).send({ confirmName: 'ООО «Закрытие»', password: PASSWORD }).expect(202)).body as { purgeAfter: string };
    await http().delete('/api/v1/tenant').set(bearer(disputed.accessToken)).send({ confirmName: 'ООО «Под удержанием»', password: PASSWORD }).expect(202);
    const closedAt = new Map(
      (await db.query<Array<{ id: string; closed_at: Date }>>(`SELECT id, closed_at FROM tenants WHERE id = ANY($1::uuid[])`, [[closing.tenantId, disputed.tenantId]])).map((r) => [r.id, r.closed_at.getTime()]),
    );
    // The owner is told when, by the platform register's period.
    expect(new Date(closed.purgeAfter).getTime()).toBe(closedAt.get(closing.tenantId)! + 7 * DAY_MS);
    const deletedAt = Math.max(...closedAt.values());
    const exists = async (table: string, id: string) => (await db.query<unknown[]>(`SELECT 1 FROM ${table} WHERE id = $1`, [id])).length === 1;

    // The run is daily: the one more than a day before the deadline keeps it, the last one before it destroys it.
    const fiveDays = new Date(deletedAt + 5 * DAY_MS);
    expect((await at(fiveDays, () => retention().platformPlan())).find((i) => i.target === 'identity.registration-data')).toMatchObject({ count: 0 });
    await at(fiveDays, () => retention().runPlatform());
    expect(await exists('tenants', closing.tenantId)).toBe(true);
    expect(await exists('users', colleague.userId)).toBe(true);

    const sevenDays = new Date(deletedAt + 6 * DAY_MS + 60_000);
    expect(sevenDays.getTime()).toBeLessThan(new Date(closed.purgeAfter).getTime());
    // The closed business, its owner and the colleague who worked nowhere else.
    expect((await at(sevenDays, () => retention().platformPlan())).find((i) => i.target === 'identity.registration-data')).toMatchObject({ count: 3 });
    const run = await at(sevenDays, () => retention().runPlatform());
    expect(run.records).toBeGreaterThanOrEqual(3);
    expect(await exists('tenants', closing.tenantId)).toBe(false);
    expect(await exists('users', closing.userId)).toBe(false);
    expect(await exists('users', colleague.userId)).toBe(false);
    // Someone who also works for another business keeps the account there.
    expect(await exists('users', twoJobs.userId)).toBe(true);
    expect(await exists('tenants', elsewhere.tenantId)).toBe(true);
    // The business under a legal hold keeps everything until the hold is released.
    expect(await exists('tenants', disputed.tenantId)).toBe(true);
    expect(await exists('users', disputed.userId)).toBe(true);

    const act = (await app.get(DestructionActsService).platformAct(run.actId!)) as unknown as Act;
    expect(act.layer).toBe('platform');
    expect(act.categories).toEqual(expect.arrayContaining(['full-name', 'employee-account', 'credentials']));
    expect(act.reports.find((r) => r.source === 'identity.registration-data')).toMatchObject({ records: 3 });
    expect(act.reason).toContain('Регистрационные данные удалённых учётных записей');
    expect(act.reason).toContain('7 дней с момента удаления учётной записи');
    expect(act.kept).toEqual(expect.arrayContaining([{ what: expect.stringMatching(/: 2 записи с истёкшим сроком хранения$/), why: 'действует удержание (legal hold) на организацию, клиента или диалог' }]));
    expect(act.log[0]).toMatchObject({ type: 'retention-started', details: { register: 'platform' } });
    // One business per batch.
    expect(act.log.filter((e) => e.details.target === 'identity.registration-data').map((e) => [e.type, e.details.records])).toEqual([
      ['retention-batch', 3],
      ['retention-target-done', 3],
    ]);
    expect(await db.query(`SELECT action FROM audit_events WHERE tenant_id = $1 AND action = 'tenant.purged'`, [closing.tenantId])).toEqual([{ action: 'tenant.purged' }]);
  });

  it('a business register recorded before messages\' metadata had its period gets it once, and one that removed it is left alone', async () => {
    const legacy = await signup(app, 'ООО «Старый реестр»', { messengerModule: false });
    const current = messengerProcessingActivity('ООО «Старый реестр»', '2025-11-22');
    const withoutMetadata = current.categories.filter((c) => c !== 'message-metadata');
    const recorded: ActivityData = { ...current, purpose: 'Переписка с клиентами', categories: withoutMetadata, retention: [{ categories: withoutMetadata, period: { amount: 12, unit: 'months' }, trigger: 'collection' }] };
    const [{ id }] = await db.query<Array<{ id: string }>>(`INSERT INTO register_activities (tenant_id, key) VALUES ($1, 'messenger-processing') RETURNING id`, [legacy.tenantId]);
    await db.query(`INSERT INTO register_activity_versions (activity_id, tenant_id, version, data) VALUES ($1, $2, 1, $3::jsonb)`, [id, legacy.tenantId, JSON.stringify(recorded)]);

    const decided = await signup(app, 'ООО «Своё решение»');
    const own = await messengerActivity(decided);
    const ownData: ActivityData = { ...own.data, categories: withoutMetadata, retention: [{ categories: withoutMetadata, period: { amount: 6, unit: 'months' }, trigger: 'collection' }] };
    await http().put(`/api/v1/register/activities/${own.id}`).set(bearer(decided.accessToken)).send({ expectedVersion: own.version, data: ownData }).expect(200);

    const maintenance = app.get(RegisterMaintenance);
    expect(await maintenance.addMessageMetadata()).toBe(1);
    expect(await maintenance.addMessageMetadata()).toBe(0);
    const upgraded = await messengerActivity(legacy);
    expect(upgraded.version).toBe(2);
    expect(upgraded.data).toEqual({ ...recorded, categories: [...withoutMetadata, 'message-metadata'], retention: [...recorded.retention, { categories: ['message-metadata'], period: { amount: 3, unit: 'years' }, trigger: 'collection' }] });
    expect((await planOf(legacy)).find((i) => i.target === 'messaging.message-metadata')).toMatchObject({ period: '3 года с момента сбора' });
    expect((await messengerActivity(decided)).data.categories).not.toContain('message-metadata');
  });
});
