import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { MemoryConnector } from '@perepiska/messaging';
import JSZip from 'jszip';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, employee, signup, type SignedUp } from './identity-fixtures';
import { binaryBody } from './support/binary-body';
import { eventually } from './support/webhook-receiver';
import { LogCapture, bootTestApp } from './test-app';

jest.setTimeout(90_000);

interface CodeView {
  channels: Array<{ id: string; label: string; unavailable: { reason: string; message: string } | null }>;
  code: { channel: string; sentAt: string; expiresAt: string; status: string; attemptsLeft: number } | null;
  nextSendAt: string;
}

/** The code as a whole token: not a run of digits inside a longer number, a hash or an id. */
const asToken = (code: string) => new RegExp(`(^|[^0-9A-Za-z])${code}([^0-9A-Za-z]|$)`);
const otherThan = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

/**
 * The identity check by a one-time code to a known contact (issue 8): the code goes into the
 * conversation the business already holds with the person, through the messaging pipeline; the
 * employee enters what the person tells back. The code is in what the messenger was asked to
 * send and nowhere else: not in an answer, the request's log, the conversation, the logs or any
 * table.
 */
describe('subject requests: one-time code to a known contact', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let memory: MemoryConnector;
  let a: SignedUp;
  let b: SignedUp;
  let officer: { accessToken: string };
  const logs = new LogCapture();
  const answers: string[] = [];
  const http = () => request(app.getHttpServer());
  /** Every answer the API gives is kept, to prove the code is in none of them. */
  const kept = (call: request.Test) =>
    call.expect((response) => {
      answers.push(response.text ?? '');
    });
  const as = (token: string) => ({
    get: (path: string) => kept(http().get(`/api/v1/subject-requests${path}`).set(bearer(token))),
    post: (path: string, body: object) => kept(http().post(`/api/v1/subject-requests${path}`).set(bearer(token)).send(body)),
  });

  /** A client writes to the business's messenger account; answers the conversation. */
  async function clientWrites(business: SignedUp, who: { chat: string; name: string; phone: string }, connectionName: string): Promise<{ conversationId: string; connectionId: string }> {
    const connection = await http().post('/api/v1/connections').set(bearer(business.accessToken)).send({ type: 'memory', displayName: connectionName }).expect(201);
    const connectionId = (connection.body as { connection: { id: string } }).connection.id;
    await memory.receive(connectionId, { externalMessageId: randomUUID(), chat: { id: who.chat, kind: 'private' }, from: { id: who.chat, displayName: who.name, phone: who.phone }, text: 'Хочу узнать, какие мои данные у вас есть' });
    const conversationId = await eventually(async () => (await db.query<Array<{ id: string }>>(`SELECT id FROM conversations WHERE connection_id = $1`, [connectionId]))[0]?.id, 'the conversation');
    return { conversationId, connectionId };
  }

  async function accessRequest(fullName: string, phone: string): Promise<string> {
    const created = await as(officer.accessToken).post('', { kind: 'access', subject: { fullName, phone }, details: 'Какие мои данные вы храните?' }).expect(201);
    return (created.body as { id: string }).id;
  }

  /** The code the messenger was asked to deliver into that connection's chat. */
  const codeSentTo = (connectionId: string, after: number) =>
    eventually(async () => {
      const record = memory.sent.slice(after).find((s) => s.connectionId === connectionId);
      return record?.payload.text?.match(/— (\d{6})\./)?.[1];
    }, 'the code in the messenger');

  beforeAll(async () => {
    app = await bootTestApp({ logs, env: { LOG_LEVEL: 'debug' } });
    db = app.get(DataSource);
    memory = app.get(MemoryConnector);
    a = await signup(app, 'ООО «Шарики»');
    b = await signup(app, 'ООО «Чужие»');
    officer = await employee(app, a.tenantId, 'compliance-officer');
  });
  afterAll(() => app.close());

  it('sends the code into the client\'s conversation, refuses a wrong one, passes the right one, and keeps the code nowhere', async () => {
    const ivan = { chat: 'ivan', name: 'Иван Кодов', phone: '+7 903 111-22-33' };
    const { conversationId, connectionId } = await clientWrites(a, ivan, 'Продажи');
    await clientWrites(b, ivan, 'Чужой канал');
    const id = await accessRequest(ivan.name, ivan.phone);

    const before = (await as(officer.accessToken).get(`/${id}/identity/code`).expect(200)).body as CodeView;
    expect(before).toMatchObject({ code: null, channels: [{ id: `messaging:${conversationId}`, label: 'Мессенджер · +7 *** ***-22-33 · Продажи', unavailable: null }] });
    await http().get(`/api/v1/subject-requests/${id}/access-package`).set(bearer(officer.accessToken)).expect(422);

    const sentBefore = memory.sent.length;
    const sent = (await as(officer.accessToken).post(`/${id}/identity/code`, { channelId: before.channels[0].id }).expect(201)).body as CodeView;
    expect(sent.code).toMatchObject({ channel: 'Мессенджер · +7 *** ***-22-33 · Продажи', status: 'active', attemptsLeft: 5 });
    expect(new Date(sent.code!.expiresAt).getTime() - new Date(sent.code!.sentAt).getTime()).toBe(15 * 60_000);
    expect(new Date(sent.nextSendAt).getTime()).toBeGreaterThan(new Date(sent.code!.sentAt).getTime());
    const code = await codeSentTo(connectionId, sentBefore);
    expect(memory.sent.slice(sentBefore).find((s) => s.connectionId === connectionId)!.payload).toMatchObject({ chatId: 'ivan' });

    // Another code at once is refused, and the first one still stands.
    expect((await as(officer.accessToken).post(`/${id}/identity/code`, { channelId: before.channels[0].id }).expect(422)).body).toMatchObject({ details: { reason: 'code-resend-too-soon' } });
    expect((await as(officer.accessToken).post(`/${id}/identity`, { method: 'one-time-code', evidence: 'двенадцать' }).expect(400)).body).toMatchObject({ details: [{ field: 'evidence' }] });
    const wrong = await as(officer.accessToken).post(`/${id}/identity`, { method: 'one-time-code', evidence: otherThan(code) }).expect(422);
    expect(wrong.body).toMatchObject({ details: { reason: 'code-mismatch', attemptsLeft: 4 } });
    expect(((await as(officer.accessToken).get(`/${id}/identity/code`).expect(200)).body as CodeView).code).toMatchObject({ status: 'active', attemptsLeft: 4 });
    // Nothing is disclosed while the check has not passed.
    await http().get(`/api/v1/subject-requests/${id}/access-package`).set(bearer(officer.accessToken)).expect(422);
    await http().get(`/api/v1/subject-requests/${id}/data`).set(bearer(officer.accessToken)).expect(422);

    const verified = await as(officer.accessToken).post(`/${id}/identity`, { method: 'one-time-code', evidence: `${code.slice(0, 3)} ${code.slice(3)}` }).expect(201);
    expect(verified.body).toMatchObject({ status: 'in-progress', identity: { method: 'one-time-code', evidence: expect.stringContaining('Мессенджер · +7 *** ***-22-33 · Продажи') } });
    await as(officer.accessToken).post(`/${id}/identity`, { method: 'one-time-code', evidence: code }).expect(409);
    await as(officer.accessToken).post(`/${id}/identity/code`, { channelId: before.channels[0].id }).expect(409);
    const after = (await as(officer.accessToken).get(`/${id}/identity/code`).expect(200)).body as CodeView;
    expect(after).toMatchObject({ channels: [], code: { status: 'used' } });

    const detail = (await as(officer.accessToken).get(`/${id}`).expect(200)).body as { events: Array<{ type: string; details: Record<string, unknown> }> };
    expect(detail.events.map((e) => e.type)).toEqual(['identity-verified', 'code-failed', 'code-sent', 'received']);
    expect(detail.events[2].details).toMatchObject({ channel: 'Мессенджер · +7 *** ***-22-33 · Продажи', replaced: false });
    expect(detail.events[1].details).toMatchObject({ reason: 'mismatch', attemptsLeft: 4 });

    // The conversation keeps the message with the code masked; the sealed copy is gone once sent.
    const messages = (await kept(http().get(`/api/v1/conversations/${conversationId}/messages`).set(bearer(a.accessToken)).expect(200))).body as { items: Array<{ direction: string; text: string | null; status: string }> };
    const out = messages.items.find((m) => m.direction === 'out')!;
    expect(out.text).toContain('код для подтверждения вашего запроса');
    expect(out.text).toContain('••••••');
    await eventually(async () => (await db.query<Array<{ sealed: string | null }>>(`SELECT sealed_text AS sealed FROM messages WHERE conversation_id = $1 AND direction = 'out'`, [conversationId]))[0]?.sealed === null, 'the sealed copy cleared');
    const pkg = await http().get(`/api/v1/subject-requests/${id}/access-package`).set(bearer(officer.accessToken)).buffer(true).parse(binaryBody).expect(200);
    const packaged = await (await JSZip.loadAsync(pkg.body as Buffer)).file('data.json')!.async('string');
    expect(packaged).toContain('••••••');
    answers.push(packaged);

    const token = asToken(code);
    expect(answers.filter((text) => token.test(text))).toEqual([]);
    expect(logs.lines.length).toBeGreaterThan(0);
    expect(logs.lines.filter((line) => token.test(line))).toEqual([]);
    // Every text column of every table: the code is kept nowhere, only its HMAC.
    const columns = await db.query<Array<{ table: string; column: string }>>(
      `SELECT c.table_name AS "table", c.column_name AS "column" FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.data_type IN ('text', 'jsonb', 'json', 'character varying', 'ARRAY')`,
    );
    const places: string[] = [];
    for (const { table, column } of columns) {
      const rows = await db.query<unknown[]>(`SELECT 1 FROM "${table}" WHERE "${column}"::text ~ $1 LIMIT 1`, [token.source]);
      if (rows.length) places.push(`${table}.${column}`);
    }
    expect(places).toEqual([]);
    const [stored] = await db.query<Array<{ state: string; failed: number; hash: string }>>(`SELECT state, failed_attempts AS failed, code_hash AS hash FROM subject_request_codes WHERE request_id = $1`, [id]);
    expect(stored).toMatchObject({ state: 'used', failed: 1, hash: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
  });

  it('voids a code after five wrong attempts; a new one replaces it and passes', async () => {
    const olga = { chat: 'olga', name: 'Ольга Попыткина', phone: '+7 903 444-55-66' };
    const { conversationId, connectionId } = await clientWrites(a, olga, 'Попытки');
    const id = await accessRequest(olga.name, olga.phone);
    const channelId = `messaging:${conversationId}`;
    const first = memory.sent.length;
    await as(officer.accessToken).post(`/${id}/identity/code`, { channelId }).expect(201);
    const code = await codeSentTo(connectionId, first);
    for (let left = 4; left >= 0; left -= 1) {
      expect((await as(officer.accessToken).post(`/${id}/identity`, { method: 'one-time-code', evidence: otherThan(code) }).expect(422)).body).toMatchObject({ details: { reason: 'code-mismatch', attemptsLeft: left } });
    }
    expect((await as(officer.accessToken).post(`/${id}/identity`, { method: 'one-time-code', evidence: code }).expect(422)).body).toMatchObject({ details: { reason: 'code-void' } });
    expect(((await as(officer.accessToken).get(`/${id}/identity/code`).expect(200)).body as CodeView).code).toMatchObject({ status: 'void', attemptsLeft: 0 });

    // The minute between codes has passed (moved back in the database rather than waited for).
    await db.query(`UPDATE subject_request_codes SET sent_at = sent_at - interval '2 minutes', expires_at = expires_at - interval '2 minutes' WHERE request_id = $1`, [id]);
    const second = memory.sent.length;
    await as(officer.accessToken).post(`/${id}/identity/code`, { channelId }).expect(201);
    const fresh = await codeSentTo(connectionId, second);
    expect(await db.query(`SELECT state FROM subject_request_codes WHERE request_id = $1 ORDER BY sent_at`, [id])).toEqual([{ state: 'void' }, { state: 'active' }]);
    await as(officer.accessToken).post(`/${id}/identity`, { method: 'one-time-code', evidence: fresh }).expect(201);
    const events = ((await as(officer.accessToken).get(`/${id}`).expect(200)).body as { events: Array<{ type: string; details: { replaced?: boolean } }> }).events;
    expect(events.filter((e) => e.type === 'code-failed')).toHaveLength(6);
    expect(events.filter((e) => e.type === 'code-sent').map((e) => e.details.replaced)).toEqual([false, false]);
  });

  it('sends nothing to a client whose processing is blocked, and records nothing', async () => {
    const petr = { chat: 'petr', name: 'Пётр Заблокированный', phone: '+7 903 777-88-99' };
    const { conversationId } = await clientWrites(a, petr, 'Блокировка');
    const claim = await as(officer.accessToken).post('', { kind: 'blocking', subject: { fullName: petr.name, phone: petr.phone }, details: 'Данные неточны, заблокируйте', conversationId }).expect(201);
    const claimId = (claim.body as { id: string }).id;
    await as(officer.accessToken).post(`/${claimId}/identity`, { method: 'messenger-match', evidence: 'Заявление из той же переписки' }).expect(201);
    await as(officer.accessToken).post(`/${claimId}/block`, { reason: 'Заявлено о неточности' }).expect(201);

    const id = await accessRequest(petr.name, petr.phone);
    const view = (await as(officer.accessToken).get(`/${id}/identity/code`).expect(200)).body as CodeView;
    expect(view.channels).toEqual([{ id: `messaging:${conversationId}`, label: expect.any(String), unavailable: { reason: 'contact-blocked', message: expect.any(String) } }]);
    const sentBefore = memory.sent.length;
    expect((await as(officer.accessToken).post(`/${id}/identity/code`, { channelId: view.channels[0].id }).expect(422)).body).toMatchObject({ details: { reason: 'contact-blocked' } });
    expect(memory.sent.length).toBe(sentBefore);
    expect(await db.query(`SELECT 1 FROM subject_request_codes WHERE request_id = $1`, [id])).toEqual([]);
    expect(await db.query(`SELECT 1 FROM messages WHERE conversation_id = $1 AND direction = 'out'`, [conversationId])).toEqual([]);
    expect(((await as(officer.accessToken).get(`/${id}`).expect(200)).body as { events: Array<{ type: string }> }).events.map((e) => e.type)).toEqual(['received']);
  });

  it('answers 404 for another business\'s request, 403 to an operator, and names the field of a channel that is not the person\'s', async () => {
    const nina = { chat: 'nina', name: 'Нина Чужая', phone: '+7 903 000-11-22' };
    await clientWrites(a, nina, 'Своя');
    const theirs = await clientWrites(b, nina, 'Их канал');
    const id = await accessRequest(nina.name, nina.phone);
    const channels = ((await as(officer.accessToken).get(`/${id}/identity/code`).expect(200)).body as CodeView).channels;
    expect(channels).toHaveLength(1);

    await as(b.accessToken).get(`/${id}/identity/code`).expect(404);
    await as(b.accessToken).post(`/${id}/identity/code`, { channelId: channels[0].id }).expect(404);
    await as(b.accessToken).post(`/${id}/identity`, { method: 'one-time-code', evidence: '123456' }).expect(404);
    await as(officer.accessToken).get(`/${randomUUID()}/identity/code`).expect(404);
    const operator = await employee(app, a.tenantId, 'operator');
    await as(operator.accessToken).get(`/${id}/identity/code`).expect(403);
    await as(operator.accessToken).post(`/${id}/identity/code`, { channelId: channels[0].id }).expect(403);

    const sentBefore = memory.sent.length;
    for (const channelId of [`messaging:${theirs.conversationId}`, `messaging:${randomUUID()}`, 'messaging:not-an-id', `mail:${randomUUID()}`]) {
      expect((await as(officer.accessToken).post(`/${id}/identity/code`, { channelId }).expect(400)).body).toMatchObject({ details: [{ field: 'channelId' }] });
    }
    expect((await as(officer.accessToken).post(`/${id}/identity/code`, {}).expect(400)).body).toMatchObject({ details: [{ field: 'channelId' }] });
    expect(memory.sent.length).toBe(sentBefore);
    expect((await as(officer.accessToken).post(`/${id}/identity`, { method: 'one-time-code', evidence: '123456' }).expect(422)).body).toMatchObject({ details: { reason: 'code-not-sent' } });
  });
});
