import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { MemoryConnector } from '@perepiska/messaging';
import { type ActivityData, RetentionService } from '@perepiska/pd-registry';
import { extractPdfText } from '@perepiska/platform';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, employee, signup, type SignedUp } from './identity-fixtures';
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

/**
 * The retention engine (issue 8, DSR-5): a 1-day period for correspondence in the business's
 * register destroys yesterday's message bodies, leaves today's and those under a legal hold, and
 * writes an act of destruction with its log extract.
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

    const plan = (await http().get('/api/v1/retention/plan').set(bearer(owner.accessToken)).expect(200)).body as Array<{ target: string; count: number; period: string }>;
    expect(plan).toEqual([expect.objectContaining({ target: 'messaging.message-content', count: 1, period: expect.stringContaining('1 день') })]);
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

    const act = (await http().get(`/api/v1/destruction-acts/${run.actId}`).set(bearer(owner.accessToken)).expect(200)).body as { reason: string; reports: Array<{ source: string; records: number }>; log: Array<{ type: string }> };
    expect(act.reason).toContain('Истечение срока хранения');
    expect(act.reports).toEqual([expect.objectContaining({ source: 'messaging.message-content', records: 1 })]);
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
});
