import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ALLOWED_MTPROTO_METHODS, type FakeTelegram, FakeTelegramServer, type RunningFakeTelegramServer } from '@perepiska/messaging';
import { EnvelopeCipher } from '@perepiska/platform';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, signup, type SignedUp } from './identity-fixtures';
import { eventually } from './support/webhook-receiver';
import { LogCapture, bootTestApp } from './test-app';

interface LoginBody {
  id: string;
  state: string;
  qrUrl: string | null;
  passwordHint: string | null;
  codeDelivery: string | null;
  error: { code: string } | null;
  retryAfterSeconds: number | null;
  connectionId: string | null;
}
interface ConnectionBody {
  id: string;
  type: string;
  displayName: string;
  state: string;
  stateReason: string | null;
}
interface MessageBody {
  id: string;
  direction: string;
  text: string | null;
  status: string;
  externalId?: string | null;
  attachments: Array<{ fileName: string }>;
}

const body = <T>(response: { body: unknown }): T => response.body as T;

jest.setTimeout(90_000);

/**
 * A business's own Telegram account, end to end through the booted product: the login wizard's
 * API, the worker's lease-held client, receiving, replying, read receipts, health, re-login and
 * disconnect — against a local fake Telegram that speaks the real TL layer over HTTP
 * (TELEGRAM_TEST_SERVER_URL). Nothing here reaches Telegram's network.
 */
describe('Telegram personal accounts (against a local fake Telegram)', () => {
  let server: FakeTelegramServer;
  let running: RunningFakeTelegramServer;
  let fake: FakeTelegram;
  let app: NestFastifyApplication;
  let db: DataSource;
  let owner: SignedUp;
  const logs = new LogCapture();
  /** Every API response body of this suite: none may carry a session string. */
  const responses: string[] = [];
  const env = () => ({ TELEGRAM_TEST_SERVER_URL: running.url, CONNECTION_LEASE_TTL_SECONDS: '3', MESSAGING_SWEEP_EVERY_MS: '500', MESSAGING_STALE_AFTER_SECONDS: '2' });

  const http = () => request(app.getHttpServer());
  const record = <T extends { text: string }>(response: T): T => {
    responses.push(response.text);
    return response;
  };
  const api = {
    get: async (path: string, status = 200) => record(await http().get(`/api/v1${path}`).set(bearer(owner.accessToken)).expect(status)),
    post: async (path: string, payload: object, status = 200) => record(await http().post(`/api/v1${path}`).set(bearer(owner.accessToken)).send(payload).expect(status)),
    delete: async (path: string, status = 204) => record(await http().delete(`/api/v1${path}`).set(bearer(owner.accessToken)).expect(status)),
  };
  const login = async (id: string, until: (login: LoginBody) => boolean) => eventually(async () => {
    const current = body<LoginBody>(await api.get(`/telegram/logins/${id}`));
    return until(current) ? current : null;
  }, `login ${id}`);
  const connection = async (id: string) => body<ConnectionBody>(await api.get(`/connections/${id}`));
  const conversationWith = (connectionId: string, userId: string) =>
    eventually(async () => (await db.query<Array<{ id: string }>>(`SELECT id FROM conversations WHERE connection_id = $1 AND external_chat_id = $2`, [connectionId, userId]))[0]?.id, `conversation with ${userId}`);
  const messages = async (conversationId: string) => body<{ items: MessageBody[] }>(await api.get(`/conversations/${conversationId}/messages`)).items;
  const sessionOf = async (connectionId: string): Promise<string> => {
    const [row] = await db.query<Array<{ credentials: string }>>(`SELECT credentials FROM connections WHERE id = $1`, [connectionId]);
    return (JSON.parse(app.get(EnvelopeCipher).decrypt(row.credentials, 'connections.credentials')) as { session: string }).session;
  };

  /** QR login (with the 2FA password when the account has one), as the wizard drives it. */
  async function connectByQr(phone: string, password?: string): Promise<string> {
    const started = body<LoginBody>(await api.post('/telegram/logins', { method: 'qr' }, 201));
    expect(started).toMatchObject({ state: 'waiting-for-scan', qrUrl: expect.stringMatching(/^tg:\/\/login\?token=/) });
    fake.scanQr(started.qrUrl!, phone);
    let done = await login(started.id, (l) => l.state === (password ? 'password-needed' : 'done'));
    if (password) done = body<LoginBody>(await api.post(`/telegram/logins/${started.id}/password`, { password }));
    expect(done).toMatchObject({ state: 'done', connectionId: expect.any(String) });
    return done.connectionId!;
  }
  const clientRuns = (accountId: string) =>
    eventually(async () => fake.liveConnections().some((key) => key.accountId === accountId && key.connections.some((c) => c.listening)), `a live client of ${accountId}`);

  beforeAll(async () => {
    server = new FakeTelegramServer({ pollTimeoutMs: 2000, dropAfterMs: 2000 });
    fake = server.telegram;
    running = await server.start();
    app = await bootTestApp({ env: env(), logs });
    db = app.get(DataSource);
    owner = await signup(app);
  });

  afterAll(async () => {
    await app?.close();
    await running?.close();
  });

  it('offers Telegram where the server has it configured', async () => {
    const types = body<Array<{ type: string; available: boolean }>>(await api.get('/channel-types'));
    expect(types.find((t) => t.type === 'telegram')).toEqual({ type: 'telegram', available: true, suspendedReason: null });
  });

  it('connects an account by QR code and 2FA, receives, replies, and reads only when an employee opens the chat', async () => {
    const account = fake.addAccount({ phone: '+79995550001', firstName: 'Шары', username: 'shary_msk', password: 'пароль-от-телеграма', hint: 'кот', dcId: 2 });
    const started = body<LoginBody>(await api.post('/telegram/logins', { method: 'qr' }, 201));
    fake.scanQr(started.qrUrl!, '+79995550001');
    expect(await login(started.id, (l) => l.state === 'password-needed')).toMatchObject({ passwordHint: 'кот', qrUrl: null });
    const wrong = body<LoginBody>(await api.post(`/telegram/logins/${started.id}/password`, { password: 'не тот' }));
    expect(wrong).toMatchObject({ state: 'password-needed', error: { code: 'password-invalid' } });
    const done = body<LoginBody>(await api.post(`/telegram/logins/${started.id}/password`, { password: 'пароль-от-телеграма' }));
    expect(done).toMatchObject({ state: 'done', connectionId: expect.any(String) });
    const connectionId = done.connectionId!;
    expect(await connection(connectionId)).toMatchObject({ type: 'telegram', displayName: 'Шары (@shary_msk)', state: 'active' });

    // The worker takes the lease and starts the account's client; a client writes.
    await eventually(async () => (await db.query<unknown[]>(`SELECT 1 FROM connection_leases WHERE connection_id = $1`, [connectionId])).length > 0, 'the lease');
    const ivan = fake.addUser({ firstName: 'Иван', lastName: 'Петров', username: 'ivan_p' });
    await clientRuns(account.id);
    fake.clientSends(ivan.id, account.id, { text: 'Здравствуйте! Сколько стоит набор шаров?' });
    const conversationId = await conversationWith(connectionId, ivan.id);
    expect(fake.readMarks(account.id)).toEqual([]); // nobody has opened it yet (Telegram API terms §1.4)

    // An employee opens it: the read mark goes to Telegram; they reply.
    const history = await messages(conversationId);
    expect(history).toEqual([expect.objectContaining({ direction: 'in', text: 'Здравствуйте! Сколько стоит набор шаров?' })]);
    expect(fake.readMarks(account.id)).toEqual([]); // reading the history through the API is not a person opening the chat
    await api.post(`/conversations/${conversationId}/read`, {}, 204);
    await eventually(async () => fake.readMarks(account.id).length > 0, 'the read mark on Telegram');
    const reply = body<MessageBody>(await api.post(`/conversations/${conversationId}/messages`, { text: 'Добрый день! От 1500 ₽.' }, 201));
    const sent = await eventually(async () => fake.received(account.id)[0], 'the reply at Telegram');
    expect(sent).toMatchObject({ userId: ivan.id, text: expect.stringMatching(/^Добрый день! От 1500 ₽\.[\s\S]*СТОП/) });
    await eventually(async () => (await messages(conversationId)).find((m) => m.id === reply.id && m.status === 'sent'), 'status sent');

    // The client reads it: the status becomes read.
    fake.clientReads(ivan.id, account.id, sent.messageId);
    await eventually(async () => (await messages(conversationId)).find((m) => m.id === reply.id && m.status === 'read'), 'status read');
    expect(fake.invocations().map((i) => i.method).filter((method) => !ALLOWED_MTPROTO_METHODS.has(method))).toEqual([]);
    expect(fake.violations).toEqual([]);
  });

  it('logs in by phone: a wrong code is refused, the right one connects; a phone without an account is never signed up', async () => {
    fake.addAccount({ phone: '+79995550002', firstName: 'Цветы' });
    const started = body<LoginBody>(await api.post('/telegram/logins', { method: 'phone', phone: '+7 999 555-00-02', displayName: 'Цветочная' }, 201));
    expect(started).toMatchObject({ state: 'code-sent', codeDelivery: 'app' });
    expect(body<LoginBody>(await api.post(`/telegram/logins/${started.id}/code`, { code: '00000' }))).toMatchObject({ state: 'code-sent', error: { code: 'code-invalid' } });
    const done = body<LoginBody>(await api.post(`/telegram/logins/${started.id}/code`, { code: fake.codeFor('+79995550002') }));
    expect(await connection(done.connectionId!)).toMatchObject({ displayName: 'Цветочная', state: 'active' });

    const nobody = body<LoginBody>(await api.post('/telegram/logins', { method: 'phone', phone: '+79995550099' }, 201));
    expect(body<LoginBody>(await api.post(`/telegram/logins/${nobody.id}/code`, { code: fake.codeFor('+79995550099') }))).toMatchObject({ state: 'failed', error: { code: 'phone-unregistered' } });
  });

  it('connects an account once: another login of it is refused and its session ended; disconnected, it connects again', async () => {
    const account = fake.addAccount({ phone: '+79995550011', firstName: 'Один' });
    const first = await connectByQr('+79995550011');
    const [row] = await db.query<Array<{ account_key: string | null }>>(`SELECT account_key FROM connections WHERE id = $1`, [first]);
    expect(row.account_key).toMatch(/^[\w-]{43}$/); // a keyed hash, not the account's id
    expect(row.account_key).not.toContain(account.id);

    // Another business, the same account.
    const other = await signup(app);
    const asOther = (path: string, payload?: object) =>
      (payload ? http().post(`/api/v1${path}`).send(payload) : http().get(`/api/v1${path}`)).set(bearer(other.accessToken));
    const started = body<LoginBody>(record(await asOther('/telegram/logins', { method: 'qr' }).expect(201)));
    fake.scanQr(started.qrUrl!, '+79995550011');
    const refused = await eventually(async () => {
      const current = body<LoginBody>(record(await asOther(`/telegram/logins/${started.id}`).expect(200)));
      return current.state === 'failed' ? current : null;
    }, 'the refusal');
    expect(refused).toMatchObject({ error: { code: 'account-connected' }, connectionId: null });
    await eventually(async () => fake.sessions(account.id).length === 1, 'only the first connection\'s session left');
    expect(body<unknown[]>(record(await asOther('/connections').expect(200)))).toEqual([]);

    await api.delete(`/connections/${first}`);
    const again = body<LoginBody>(record(await asOther('/telegram/logins', { method: 'qr' }).expect(201)));
    fake.scanQr(again.qrUrl!, '+79995550011');
    await eventually(async () => body<LoginBody>(record(await asOther(`/telegram/logins/${again.id}`).expect(200))).state === 'done', 'the second business connected');
  });

  it('reports a flood wait with its length, and refuses bad input with the field named', async () => {
    fake.addAccount({ phone: '+79995550003', firstName: 'Флуд' });
    fake.failNext('auth.SendCode', 'FLOOD_WAIT_300', 420);
    expect(body<LoginBody>(await api.post('/telegram/logins', { method: 'phone', phone: '+79995550003' }, 201))).toMatchObject({ state: 'failed', retryAfterSeconds: 300, error: { code: 'flood-wait' } });
    expect(body<{ details: Array<{ field: string }> }>(await api.post('/telegram/logins', { method: 'phone', phone: 'abc' }, 400)).details).toEqual([expect.objectContaining({ field: 'phone' })]);
    expect(body<{ details: Array<{ field: string }> }>(await api.post('/telegram/logins', { method: 'fax' }, 400)).details).toEqual([expect.objectContaining({ field: 'method' })]);
    const qr = body<LoginBody>(await api.post('/telegram/logins', { method: 'qr' }, 201));
    expect(body<{ details: { reason: string } }>(await api.post(`/telegram/logins/${qr.id}/code`, { code: '12345' }, 422)).details).toMatchObject({ reason: 'login-not-waiting-for-code' });
    await api.delete(`/telegram/logins/${qr.id}`);
    expect(body<LoginBody>(await api.get(`/telegram/logins/${qr.id}`))).toMatchObject({ state: 'cancelled' });
    await api.get('/telegram/logins/00000000-0000-4000-8000-000000000000', 404);
  });

  it('catches up after downtime: messages written while no worker ran arrive once the product is back', async () => {
    const account = fake.addAccount({ phone: '+79995550004', firstName: 'Склад' });
    const connectionId = await connectByQr('+79995550004');
    const petr = fake.addUser({ firstName: 'Пётр' });
    await clientRuns(account.id);
    fake.clientSends(petr.id, account.id, { text: 'до остановки' });
    const conversationId = await conversationWith(connectionId, petr.id);
    await app.close();
    await eventually(async () => !fake.liveConnections().some((key) => key.accountId === account.id && key.connections.length > 0), 'the client stopped with the product');
    fake.clientSends(petr.id, account.id, { text: 'пока вы не работали, 1' });
    fake.clientSends(petr.id, account.id, { text: 'пока вы не работали, 2', document: { bytes: Buffer.from('%PDF-1.4 смета'), fileName: 'смета.pdf', mimeType: 'application/pdf' } });

    app = await bootTestApp({ env: env(), logs });
    db = app.get(DataSource);
    const caughtUp = await eventually(async () => {
      const items = await messages(conversationId);
      return items.length === 3 ? items : null;
    }, 'the missed messages');
    expect(caughtUp.map((m) => m.text).sort()).toEqual(['до остановки', 'пока вы не работали, 1', 'пока вы не работали, 2'].sort());
    expect(caughtUp.find((m) => m.text === 'пока вы не работали, 2')?.attachments).toEqual([expect.objectContaining({ fileName: 'смета.pdf' })]);
    expect(fake.invocations({ accountId: account.id }).some((i) => i.method === 'updates.GetDifference')).toBe(true);
  });

  it('a revoked session asks for a re-login, which replaces the session; disconnecting with log-out ends it on Telegram', async () => {
    const account = fake.addAccount({ phone: '+79995550005', firstName: 'Ремонт', password: 'секрет' });
    const connectionId = await connectByQr('+79995550005', 'секрет');
    const first = await sessionOf(connectionId);
    const olga = fake.addUser({ firstName: 'Ольга' });
    await clientRuns(account.id);
    fake.clientSends(olga.id, account.id, { text: 'Когда будет готово?' });
    const conversationId = await conversationWith(connectionId, olga.id);

    fake.revokeSessions(account.id);
    await api.post(`/conversations/${conversationId}/messages`, { text: 'Завтра' }, 201);
    expect(await eventually(async () => {
      const current = await connection(connectionId);
      return current.state === 'needs-relogin' ? current : null;
    }, 'needs-relogin')).toMatchObject({ stateReason: expect.stringMatching(/log in again/) });

    const relogin = body<LoginBody>(await api.post('/telegram/logins', { method: 'qr', connectionId }, 201));
    fake.scanQr(relogin.qrUrl!, '+79995550005');
    await login(relogin.id, (l) => l.state === 'password-needed');
    expect(body<LoginBody>(await api.post(`/telegram/logins/${relogin.id}/password`, { password: 'секрет' }))).toMatchObject({ state: 'done', connectionId });
    expect(await connection(connectionId)).toMatchObject({ state: 'active', stateReason: null });
    const second = await sessionOf(connectionId);
    expect(second).not.toBe(first);

    await eventually(async () => fake.sessions(account.id).length === 1 && fake.liveConnections().some((key) => key.accountId === account.id && key.connections.length > 0), 'the client on the new session');
    await api.delete(`/connections/${connectionId}?logOut=true`);
    expect(await connection(connectionId)).toMatchObject({ state: 'disconnected' });
    const [row] = await db.query<Array<{ credentials: string | null }>>(`SELECT credentials FROM connections WHERE id = $1`, [connectionId]);
    expect(row.credentials).toBeNull();
    await eventually(async () => fake.sessions(account.id).length === 0, 'the session ended on Telegram');
    await eventually(async () => !fake.liveConnections().some((key) => key.accountId === account.id && key.connections.length > 0), 'the client stopped');
    expect(fake.violations).toEqual([]);
  });

  it('a banned account shows as banned and its client stops', async () => {
    const account = fake.addAccount({ phone: '+79995550006', firstName: 'Бан' });
    const connectionId = await connectByQr('+79995550006');
    const lev = fake.addUser({ firstName: 'Лев' });
    await clientRuns(account.id);
    fake.clientSends(lev.id, account.id, { text: 'Алло' });
    const conversationId = await conversationWith(connectionId, lev.id);
    fake.ban(account.id);
    const refused = body<MessageBody>(await api.post(`/conversations/${conversationId}/messages`, { text: 'Ответ' }, 201));
    await eventually(async () => (await connection(connectionId)).state === 'banned', 'banned');
    await eventually(async () => (await messages(conversationId)).find((m) => m.id === refused.id && m.status === 'failed'), 'the reply failed');
    await eventually(async () => (await db.query<unknown[]>(`SELECT 1 FROM connection_leases WHERE connection_id = $1`, [connectionId])).length === 0, 'the lease given back');
  });

  it('no session string is in the database (as text), the logs or any API response', async () => {
    const [{ id }] = await db.query<Array<{ id: string }>>(`SELECT id FROM connections WHERE tenant_id = $1 AND type = 'telegram' AND credentials IS NOT NULL LIMIT 1`, [owner.tenantId]);
    const session = await sessionOf(id);
    expect(session.length).toBeGreaterThan(100);
    const columns = await db.query<Array<{ table_name: string; column_name: string }>>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json')`,
    );
    const found: string[] = [];
    for (const { table_name, column_name } of columns) {
      const [hit] = await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM "${table_name}" WHERE "${column_name}"::text LIKE '%' || $1 || '%'`, [session.slice(10, 60)]);
      if (hit.n > 0) found.push(`${table_name}.${column_name}`);
    }
    expect(found).toEqual([]);
    expect(logs.text).not.toContain(session.slice(10, 60));
    expect(responses.length).toBeGreaterThan(10);
    expect(responses.filter((text) => text.includes(session.slice(10, 60)))).toEqual([]);
  });
});
