import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { MemoryConnector } from '@perepiska/messaging';
import { deadlineFor } from '@perepiska/pd-registry';
import { addWorkingDays, extractPdfText } from '@perepiska/platform';
import JSZip from 'jszip';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, employee, signup, type SignedUp } from './identity-fixtures';
import { binaryBody } from './support/binary-body';
import { eventually } from './support/webhook-receiver';
import { bootTestApp } from './test-app';

jest.setTimeout(90_000);

interface SubjectRequest {
  id: string;
  number: string;
  kind: string;
  status: string;
  channel: string;
  subject: { fullName: string; phone: string | null; email: string | null; contactId: string | null };
  deadline: { receivedOn: string; due: string; article: string; extendable: boolean; extension: { originalDue: string } | null };
  clock: { state: string; workingDaysLeft: number } | null;
  identity: { method: string } | null;
  events?: Array<{ type: string }>;
}

const PHONE = '+7 903 111-22-33';
const ip = () => `198.51.100.${10 + Math.floor(Math.random() * 200)}`;

/**
 * Data-subject requests (issue 8; 152-FZ art. 14, 20, 21): the public form and the API file a
 * request with its statutory deadline; nothing is disclosed before the identity check; the access
 * package holds the business's data on the person and none of another business's.
 */
describe('subject requests', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let memory: MemoryConnector;
  let a: SignedUp;
  let b: SignedUp;
  let officer: { accessToken: string };
  const http = () => request(app.getHttpServer());
  const as = (token: string) => ({
    get: (path: string) => http().get(`/api/v1/subject-requests${path}`).set(bearer(token)),
    post: (path: string, body: object) => http().post(`/api/v1/subject-requests${path}`).set(bearer(token)).send(body),
  });

  /** The same person writes to a business's messenger account; answers the contact. */
  async function clientWrites(business: SignedUp, text: string): Promise<string> {
    const connection = await http().post('/api/v1/connections').set(bearer(business.accessToken)).send({ type: 'memory', displayName: 'Продажи' }).expect(201);
    const connectionId = (connection.body as { connection: { id: string } }).connection.id;
    await memory.receive(connectionId, { externalMessageId: randomUUID(), chat: { id: 'ivan', kind: 'private' }, from: { id: 'ivan', displayName: 'Иван Петров', phone: PHONE }, text });
    return eventually(async () => {
      const [row] = await db.query<Array<{ contact_id: string }>>(`SELECT contact_id FROM conversations WHERE connection_id = $1`, [connectionId]);
      return row?.contact_id;
    }, 'the conversation');
  }

  beforeAll(async () => {
    app = await bootTestApp();
    db = app.get(DataSource);
    memory = app.get(MemoryConnector);
    a = await signup(app, 'ООО «Шарики»');
    b = await signup(app, 'ООО «Чужие»');
    officer = await employee(app, a.tenantId, 'compliance-officer');
  });
  afterAll(() => app.close());

  it('files a request through the public form with its number and the date the answer is due', async () => {
    const page = (await http().get(`/api/v1/public/subject-requests/${a.tenantId}`).expect(200)).body as { business: { name: string }; kinds: Array<{ id: string; article: string }> };
    expect(page.business.name).toBe('ООО «Шарики»');
    expect(page.kinds.map((k) => k.id)).toContain('access');
    await http().get(`/api/v1/public/subject-requests/${randomUUID()}`).expect(404);

    const send = (body: object) => http().post(`/api/v1/public/subject-requests/${a.tenantId}`).set('x-forwarded-for', ip()).send(body);
    expect((await send({ kind: 'access', fullName: 'Иван Петров', details: 'Прошу сообщить, какие мои данные вы обрабатываете' }).expect(400)).body).toMatchObject({ details: [{ field: 'phone' }] });
    await send({ kind: 'forget-me', fullName: 'Иван Петров', phone: PHONE, details: 'Удалите всё' }).expect(400);
    const filed = (await send({ kind: 'access', fullName: 'Иван Петров', phone: PHONE, details: 'Прошу сообщить, какие мои данные вы обрабатываете' }).expect(201)).body as { number: string; due: string; article: string; receivedOn: string };
    expect(filed.number).toMatch(/^ЗПД-\d{4}-\d{4}$/);
    expect(filed.due).toBe(deadlineFor('access', new Date()).due);
    expect(filed.due).toBe(addWorkingDays(filed.receivedOn, 10));
    expect(filed.article).toContain('ст. 14');

    const queue = (await as(officer.accessToken).get('').expect(200)).body as SubjectRequest[];
    expect(queue.find((r) => r.number === filed.number)).toMatchObject({ channel: 'public-form', status: 'received', clock: { state: 'on-time' }, subject: { fullName: 'Иван Петров' } });
    // The register now declares that the business answers requests.
    const register = (await http().get('/api/v1/register/activities').set(bearer(officer.accessToken)).expect(200)).body as { activities: Array<{ key: string | null }> };
    expect(register.activities.some((activity) => activity.key === 'subject-requests')).toBe(true);
  });

  it('discloses nothing before the identity check; the package holds this business\'s data on the person and none of another\'s', async () => {
    const contactA = await clientWrites(a, 'Здравствуйте, это Иван, хочу заказать шарики');
    await clientWrites(b, 'Секрет другой компании: заказ на 100 000 рублей');
    const created = (await as(officer.accessToken).post('', { kind: 'access', subject: { fullName: 'Иван Петров', phone: PHONE }, details: 'Какие данные обо мне хранятся?' }).expect(201)).body as SubjectRequest;
    expect(created).toMatchObject({ channel: 'api', status: 'received', identity: null, deadline: { extendable: true } });

    const refused = await http().get(`/api/v1/subject-requests/${created.id}/access-package`).set(bearer(officer.accessToken)).expect(422);
    expect(refused.body).toMatchObject({ details: { reason: 'identity-not-verified' } });
    const verified = (await as(officer.accessToken).post(`/${created.id}/identity`, { method: 'document', evidence: 'Паспорт 45 08 ***123, выдан ОВД Пресненского района' }).expect(201)).body as SubjectRequest;
    expect(verified).toMatchObject({ status: 'in-progress', identity: { method: 'document' } });
    await as(officer.accessToken).post(`/${created.id}/identity`, { method: 'document', evidence: 'ещё раз' }).expect(409);

    const response = await http().get(`/api/v1/subject-requests/${created.id}/access-package`).set(bearer(officer.accessToken)).buffer(true).parse(binaryBody).expect(200);
    expect(response.headers['content-type']).toBe('application/zip');
    const zip = await JSZip.loadAsync(response.body as Buffer);
    const json = await zip.file('data.json')!.async('string');
    const data = JSON.parse(json) as { data: Array<{ source: string; fields: Record<string, unknown> }>; processing: Array<{ name: string; retention: string[] }> };
    expect(json).toContain('хочу заказать шарики');
    expect(json).not.toContain('Секрет другой компании');
    expect(data.data.some((item) => item.source.startsWith('messaging.'))).toBe(true);
    expect(data.processing.map((p) => p.name)).toContain('Обработка сообщений клиентов в мессенджерах');
    expect(json).not.toMatch(/session|sessionString|password/i);
    const pdf = await zip.file('data.pdf')!.async('nodebuffer');
    expect(extractPdfText(pdf).replace(/\s+/g, ' ')).toContain('Сведения об обработке персональных данных');
    expect(await db.query(`SELECT action FROM access_journal WHERE tenant_id = $1 AND resource_type = 'subject-access-package' AND resource_id = $2`, [a.tenantId, created.id])).toEqual([{ action: 'export' }]);
    const detail = (await as(officer.accessToken).get(`/${created.id}`).expect(200)).body as SubjectRequest;
    expect(detail.events!.map((e) => e.type)).toEqual(['access-package', 'identity-verified', 'received']);
    expect(contactA).toBeTruthy();
  });

  it('extends an access request once with the motivated notice, never a rectification, and closes once', async () => {
    const access = (await as(officer.accessToken).post('', { kind: 'access', subject: { fullName: 'Мария', email: 'maria@example.ru' }, details: 'Сведения обо мне' }).expect(201)).body as SubjectRequest;
    const extended = (await as(officer.accessToken).post(`/${access.id}/extend`, { reason: 'Сведения собираются из архива филиала, требуется дополнительное время' }).expect(201)).body as SubjectRequest;
    expect(extended.deadline.due).toBe(addWorkingDays(access.deadline.due, 5));
    expect(extended.deadline.extension).toMatchObject({ originalDue: access.deadline.due });
    expect((await as(officer.accessToken).post(`/${access.id}/extend`, { reason: 'Ещё раз нужно больше времени' }).expect(422)).body).toMatchObject({ details: { reason: 'already-extended' } });
    const rectification = (await as(officer.accessToken).post('', { kind: 'rectification', subject: { fullName: 'Мария', email: 'maria@example.ru' }, details: 'Исправьте фамилию' }).expect(201)).body as SubjectRequest;
    expect(rectification.deadline.due).toBe(addWorkingDays(rectification.deadline.receivedOn, 7));
    expect((await as(officer.accessToken).post(`/${rectification.id}/extend`, { reason: 'Нужно больше времени на проверку' }).expect(422)).body).toMatchObject({ details: { reason: 'not-extendable' } });

    const closed = (await as(officer.accessToken).post(`/${access.id}/close`, { outcome: 'fulfilled', note: 'Сведения направлены письмом' }).expect(201)).body as SubjectRequest;
    expect(closed).toMatchObject({ status: 'fulfilled', clock: null });
    expect((await as(officer.accessToken).post(`/${access.id}/close`, { outcome: 'refused', note: 'повторно' }).expect(409)).body).toMatchObject({ details: { reason: 'closed' } });
    const open = (await as(officer.accessToken).get('').expect(200)).body as SubjectRequest[];
    expect(open.some((r) => r.id === access.id)).toBe(false);
    expect(((await as(officer.accessToken).get('?status=closed').expect(200)).body as SubjectRequest[]).some((r) => r.id === access.id)).toBe(true);
  });

  it('answers 404 for another business\'s request, 403 to an operator, and names the fields of a bad one', async () => {
    const mine = (await as(officer.accessToken).post('', { kind: 'deletion', subject: { fullName: 'Олег', phone: '+7 900 000-00-01' }, details: 'Удалите мои данные' }).expect(201)).body as SubjectRequest;
    await as(b.accessToken).get(`/${mine.id}`).expect(404);
    await as(b.accessToken).post(`/${mine.id}/identity`, { method: 'document', evidence: 'паспорт' }).expect(404);
    await as(b.accessToken).post(`/${mine.id}/close`, { outcome: 'refused', note: 'чужой' }).expect(404);
    await http().get(`/api/v1/subject-requests/${mine.id}/access-package`).set(bearer(b.accessToken)).expect(404);
    expect(((await as(b.accessToken).get('?status=all').expect(200)).body as SubjectRequest[]).some((r) => r.id === mine.id)).toBe(false);
    const operator = await employee(app, a.tenantId, 'operator');
    await as(operator.accessToken).get('').expect(403);
    await as(operator.accessToken).post('', { kind: 'access', subject: { fullName: 'X', phone: PHONE }, details: 'abc' }).expect(403);
    const bad = await as(officer.accessToken).post('', { kind: 'access', subject: { fullName: 'И' }, details: '' }).expect(400);
    expect((bad.body as { details: Array<{ field: string }> }).details.map((d) => d.field).sort()).toEqual(['details', 'subject.fullName']);
    expect((await as(officer.accessToken).post('', { kind: 'access', subject: { fullName: 'Иван' }, details: 'Сведения' }).expect(400)).body).toMatchObject({ details: [{ field: 'subject.phone' }] });
    await as(officer.accessToken).post('', { kind: 'access', subject: { fullName: 'Иван', phone: PHONE }, details: 'Сведения', receivedAt: new Date(Date.now() + 86_400_000).toISOString() }).expect(400);
  });

  it('destroys the person\'s data in this business only, keeps what the act names, and writes the act', async () => {
    const phone = '+7 916 444-55-66';
    const digits = phone.replace(/\D/g, '');
    const send = async (business: SignedUp, text: string) => {
      const connection = await http().post('/api/v1/connections').set(bearer(business.accessToken)).send({ type: 'memory', displayName: 'Удаление' }).expect(201);
      const connectionId = (connection.body as { connection: { id: string } }).connection.id;
      await memory.receive(connectionId, { externalMessageId: randomUUID(), chat: { id: 'olga', kind: 'private' }, from: { id: 'olga', displayName: 'Ольга Забытова', phone }, text });
      await eventually(async () => (await db.query<unknown[]>(`SELECT 1 FROM conversations WHERE connection_id = $1`, [connectionId])).length > 0, 'the conversation');
    };
    await send(a, 'Ольга Забытова: доставьте по адресу Тверская, 7');
    await send(b, 'Ольга Забытова пишет в другую компанию');
    // She also gave consent on each business's public page.
    for (const business of [a, b]) {
      const document = await http().post('/api/v1/legal/documents').set(bearer(business.accessToken)).send({ kind: 'consent-processing', title: 'Согласие на обработку' }).expect(201);
      const version = await http()
        .post(`/api/v1/legal/documents/${(document.body as { id: string }).id}/versions`)
        .set(bearer(business.accessToken))
        .send({ text: 'Я даю согласие на обработку моих персональных данных.', material: false })
        .expect(201);
      await http()
        .post(`/api/v1/public/consent/${business.tenantId}`)
        .set('x-forwarded-for', ip())
        .send({ fullName: 'Ольга Забытова', phone, purposes: ['processing'], versionIds: [(version.body as { id: string }).id] })
        .expect(201);
    }
    const deletion = (await as(officer.accessToken).post('', { kind: 'deletion', subject: { fullName: 'Ольга Забытова', phone }, details: 'Удалите все мои данные' }).expect(201)).body as SubjectRequest;
    expect((await as(officer.accessToken).post(`/${deletion.id}/erase`, {}).expect(422)).body).toMatchObject({ details: { reason: 'identity-not-verified' } });
    await as(officer.accessToken).post(`/${deletion.id}/identity`, { method: 'messenger-match', evidence: 'Запрос отправлен из того же чата, что и переписка' }).expect(201);
    const act = (await as(officer.accessToken).post(`/${deletion.id}/erase`, {}).expect(201)).body as { actId: string; number: string };
    expect(act.number).toMatch(/^АУ-\d{4}-\d{4}$/);

    // Every text column of every table of business A: the person is left only where the act says.
    const columns = await db.query<Array<{ table: string; column: string }>>(
      `SELECT c.table_name AS "table", c.column_name AS "column" FROM information_schema.columns c
         JOIN information_schema.columns t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.column_name = 'tenant_id'
        WHERE c.table_schema = 'public' AND c.data_type IN ('text', 'jsonb', 'character varying', 'ARRAY')`,
    );
    const found = async (tenantId: string) => {
      const places = new Set<string>();
      for (const { table, column } of columns) {
        const rows = await db.query<unknown[]>(
          `SELECT 1 FROM "${table}" WHERE tenant_id = $1 AND (regexp_replace("${column}"::text, '\\D', '', 'g') LIKE '%' || $2 || '%' OR "${column}"::text LIKE '%Забытова%') LIMIT 1`,
          [tenantId, digits],
        );
        if (rows.length) places.add(table);
      }
      return [...places].sort();
    };
    expect(await found(a.tenantId)).toEqual(['destruction_acts', 'subject_requests']);
    // Tables without a tenant column hold none of it either, in any business.
    const loose = await db.query<Array<{ table: string; column: string }>>(
      `SELECT c.table_name AS "table", c.column_name AS "column" FROM information_schema.columns c
        WHERE c.table_schema = 'public' AND c.data_type IN ('text', 'jsonb', 'character varying', 'bytea')
          AND NOT EXISTS (SELECT 1 FROM information_schema.columns t WHERE t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.column_name = 'tenant_id')`,
    );
    const hits: string[] = [];
    for (const { table, column } of loose) {
      const rows = await db.query<unknown[]>(`SELECT 1 FROM "${table}" WHERE "${column}"::text LIKE '%' || $1 || '%' OR "${column}"::text LIKE '%Забытова%' LIMIT 1`, [digits]);
      if (rows.length) hits.push(`${table}.${column}`);
    }
    expect(hits).toEqual([]);
    expect(await found(b.tenantId)).toEqual(expect.arrayContaining(['consent_submitters', 'contacts', 'messages']));
    // The consent itself stays as proof, without the person: its purpose, text hash and time.
    const [consent] = await db.query<Array<{ purpose: string; version_sha256: string; full_name: string | null; phone: string | null }>>(
      `SELECT c.purpose, c.version_sha256, s.full_name, s.phone FROM subject_consents c JOIN consent_submitters s ON s.consent_id = c.id WHERE c.tenant_id = $1 AND c.source = 'public-form'`,
      [a.tenantId],
    );
    expect(consent).toMatchObject({ purpose: 'processing', version_sha256: expect.stringMatching(/^[0-9a-f]{64}$/), full_name: null, phone: null });

    const saved = (await http().get(`/api/v1/destruction-acts/${act.actId}`).set(bearer(officer.accessToken)).expect(200)).body as { categories: string[]; kept: Array<{ what: string }>; log: Array<{ type: string }>; subjectName: string; reports: Array<{ source: string; records: number }> };
    expect(saved.subjectName).toBe('Ольга Забытова');
    expect(saved.categories).toEqual(expect.arrayContaining(['contact-details', 'correspondence']));
    expect(saved.kept.map((k) => k.what).join(' ')).toContain(deletion.number);
    expect(saved.kept.map((k) => k.what).join(' ')).toContain('consent.records');
    expect(saved.log.map((e) => e.type)).toEqual(['received', 'identity-verified']);
    expect(saved.reports.find((r) => r.source === 'messaging.contacts')!.records).toBeGreaterThan(0);
    const pdf = await http().get(`/api/v1/destruction-acts/${act.actId}/act.pdf`).set(bearer(officer.accessToken)).buffer(true).parse(binaryBody).expect(200);
    const text = extractPdfText(pdf.body as Buffer).replace(/\s+/g, ' ');
    expect(text).toContain(`Акт об уничтожении персональных данных № ${act.number}`);
    expect(text).toContain('Выгрузка из журнала событий');
    await http().get(`/api/v1/destruction-acts/${act.actId}`).set(bearer(b.accessToken)).expect(404);
    expect(((await as(officer.accessToken).get(`/${deletion.id}`).expect(200)).body as SubjectRequest).status).toBe('fulfilled');
    // An access request destroys nothing.
    const access = (await as(officer.accessToken).post('', { kind: 'access', subject: { fullName: 'Ольга', phone }, details: 'Сведения' }).expect(201)).body as SubjectRequest;
    await as(officer.accessToken).post(`/${access.id}/identity`, { method: 'document', evidence: 'Паспорт проверен' }).expect(201);
    expect((await as(officer.accessToken).post(`/${access.id}/erase`, {}).expect(422)).body).toMatchObject({ details: { reason: 'not-a-destruction-request' } });
  });

  it('blocks the person at once on a claim: nothing is sent to them until unblocked', async () => {
    const phone = '+7 926 777-88-99';
    const connection = await http().post('/api/v1/connections').set(bearer(a.accessToken)).send({ type: 'memory', displayName: 'Блокировка' }).expect(201);
    const connectionId = (connection.body as { connection: { id: string } }).connection.id;
    await memory.receive(connectionId, { externalMessageId: randomUUID(), chat: { id: 'petr', kind: 'private' }, from: { id: 'petr', displayName: 'Пётр Спорный', phone }, text: 'Мой номер у вас записан неверно' });
    const conversationId = await eventually(async () => (await db.query<Array<{ id: string }>>(`SELECT id FROM conversations WHERE connection_id = $1`, [connectionId]))[0]?.id, 'the conversation');
    const reply = (text: string) => http().post(`/api/v1/conversations/${conversationId}/messages`).set(bearer(a.accessToken)).send({ text });

    const found = async (search: string) => ((await http().get('/api/v1/conversations').query({ q: search }).set(bearer(a.accessToken)).expect(200)).body as { items: Array<{ id: string }> }).items.map((c) => c.id);
    expect(await found('Спорный')).toEqual([conversationId]);
    const claim = (await as(officer.accessToken).post('', { kind: 'blocking', subject: { fullName: 'Пётр Спорный', phone }, details: 'Данные неточны, заблокируйте до проверки', conversationId }).expect(201)).body as SubjectRequest;
    expect(claim).toMatchObject({ channel: 'conversation', deadline: { due: claim.deadline.receivedOn } });
    await as(officer.accessToken).post(`/${claim.id}/block`, { reason: 'Заявлено о неточности' }).expect(422);
    await as(officer.accessToken).post(`/${claim.id}/identity`, { method: 'messenger-match', evidence: 'Заявление из той же переписки' }).expect(201);
    await as(officer.accessToken).post(`/${claim.id}/block`, { reason: 'Заявлено о неточности номера' }).expect(201);
    expect((await reply('Проверим ваши данные').expect(422)).body).toMatchObject({ details: { reason: 'contact-blocked' } });
    expect(await found('Спорный')).toEqual([]);
    await as(officer.accessToken).post(`/${claim.id}/unblock`, { reason: 'Проверка завершена, номер уточнён' }).expect(201);
    await reply('Проверили, всё исправлено').expect(201);
    expect(await found('Спорный')).toEqual([conversationId]);
    const detail = (await as(officer.accessToken).get(`/${claim.id}`).expect(200)).body as SubjectRequest;
    expect(detail.events!.map((e) => e.type)).toEqual(['unblocked', 'blocked', 'identity-verified', 'received']);
  });

  it('corrects a named field where the module holds it, after the identity check', async () => {
    const phone = '+7 925 100-20-30';
    const connection = await http().post('/api/v1/connections').set(bearer(a.accessToken)).send({ type: 'memory', displayName: 'Уточнение' }).expect(201);
    const connectionId = (connection.body as { connection: { id: string } }).connection.id;
    await memory.receive(connectionId, { externalMessageId: randomUUID(), chat: { id: 'nina', kind: 'private' }, from: { id: 'nina', displayName: 'Нина Ошибкина', phone }, text: 'Моя фамилия записана с ошибкой' });
    const contactId = await eventually(async () => (await db.query<Array<{ contact_id: string }>>(`SELECT contact_id FROM conversations WHERE connection_id = $1`, [connectionId]))[0]?.contact_id, 'the contact');
    const request = (await as(officer.accessToken).post('', { kind: 'rectification', subject: { fullName: 'Нина Ошибкина', phone }, details: 'Правильно: Нина Исправленная' }).expect(201)).body as SubjectRequest;
    await http().get(`/api/v1/subject-requests/${request.id}/data`).set(bearer(officer.accessToken)).expect(422);
    await as(officer.accessToken).post(`/${request.id}/identity`, { method: 'document', evidence: 'Паспорт с верной фамилией' }).expect(201);
    const items = (await http().get(`/api/v1/subject-requests/${request.id}/data`).set(bearer(officer.accessToken)).expect(200)).body as Array<{ source: string; recordId: string; fields: Record<string, unknown> }>;
    const card = items.find((i) => i.source === 'messaging.contacts' && i.recordId === contactId);
    expect(card?.fields).toMatchObject({ displayName: 'Нина Ошибкина' });

    await as(officer.accessToken).post(`/${request.id}/rectify`, { corrections: [{ source: 'messaging.contacts', recordId: contactId, field: 'messages', value: 'x' }] }).expect(400);
    await as(officer.accessToken).post(`/${request.id}/rectify`, { corrections: [{ source: 'nowhere', recordId: contactId, field: 'displayName', value: 'x' }] }).expect(400);
    await as(officer.accessToken).post(`/${request.id}/rectify`, { corrections: [] }).expect(400);
    const done = (await as(officer.accessToken).post(`/${request.id}/rectify`, { corrections: [{ source: 'messaging.contacts', recordId: contactId, field: 'displayName', value: 'Нина Исправленная' }] }).expect(201)).body as SubjectRequest;
    expect(done.status).toBe('in-progress');
    expect(await db.query(`SELECT display_name FROM contacts WHERE id = $1`, [contactId])).toEqual([{ display_name: 'Нина Исправленная' }]);
    const detail = (await as(officer.accessToken).get(`/${request.id}`).expect(200)).body as SubjectRequest;
    expect(detail.events![0]).toMatchObject({ type: 'rectified' });
    await http().get(`/api/v1/subject-requests/${request.id}/data`).set(bearer(b.accessToken)).expect(404);
  });
});

