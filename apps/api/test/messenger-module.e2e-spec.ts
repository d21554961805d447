import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { MemoryConnector } from '@perepiska/messaging';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { activateMessengerModule, bearer, employee, signup, type SignedUp } from './identity-fixtures';
import { eventually } from './support/webhook-receiver';
import { bootTestApp } from './test-app';

interface ErrorBody {
  details: { reason: string };
}

/**
 * Issue 6, "done when": messenger connection routes answer 403 before the messenger module is on
 * and work after it; a suspended module stops sending and holds what arrives (nothing is lost)
 * until the new agreement is accepted; turning the module off disconnects the messengers
 * (reference 001 preamble, §7). The suspension itself, when a new material version takes effect
 * unaccepted, is in consent-ledger.e2e-spec.ts.
 */
describe('the messenger module gates the messengers', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let memory: MemoryConnector;
  let owner: SignedUp;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await bootTestApp({ env: { MESSAGING_SWEEP_EVERY_MS: '300', MESSAGING_STALE_AFTER_SECONDS: '1' } });
    db = app.get(DataSource);
    memory = app.get(MemoryConnector);
    owner = await signup(app, 'ООО «Модуль»', { messengerModule: false });
  });
  afterAll(() => app.close());

  const conversationOf = (connectionId: string, chatId: string) =>
    eventually(async () => (await db.query<Array<{ id: string }>>(`SELECT id FROM conversations WHERE connection_id = $1 AND external_chat_id = $2`, [connectionId, chatId]))[0]?.id, `conversation ${chatId}`);
  const messagesIn = async (conversationId: string) => (await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1 AND direction = 'in'`, [conversationId]))[0].n;

  it('refuses to connect any messenger until the agreement is accepted, then connects', async () => {
    for (const payload of [{ type: 'api', displayName: 'Сайт' }, { type: 'memory', displayName: 'Тест' }]) {
      const refused = (await http().post('/api/v1/connections').set(bearer(owner.accessToken)).send(payload).expect(403)).body as ErrorBody;
      expect(refused.details).toEqual({ reason: 'messenger-module-off' });
    }
    expect(await db.query(`SELECT 1 FROM connections WHERE tenant_id = $1`, [owner.tenantId])).toEqual([]);
    await activateMessengerModule(app, owner.accessToken);
    await http().post('/api/v1/connections').set(bearer(owner.accessToken)).send({ type: 'memory', displayName: 'Тест' }).expect(201);
  });

  it('shows operators who accepted, but not the signatory\'s e-mail or IP, nor the ledger', async () => {
    const operator = await employee(app, owner.tenantId, 'operator');
    const asOwner = (await http().get('/api/v1/messenger-module').set(bearer(owner.accessToken)).expect(200)).body as { acceptance: { signatory: Record<string, unknown> } };
    expect(asOwner.acceptance.signatory).toMatchObject({ fullName: 'Анна Смирнова', email: owner.email, ip: expect.any(String) });
    const asOperator = (await http().get('/api/v1/messenger-module').set(bearer(operator.accessToken)).expect(200)).body as { acceptance: { signatory: Record<string, unknown> } };
    expect(asOperator.acceptance.signatory).toMatchObject({ fullName: 'Анна Смирнова', email: null, ip: null, userAgent: null });
    await http().get('/api/v1/legal/acceptances').set(bearer(operator.accessToken)).expect(403);
    await http().get('/api/v1/legal/acceptances').set(bearer(owner.accessToken)).expect(200);
  });

  it('while suspended: sending is refused and what arrives is kept unprocessed; accepting again resumes both', async () => {
    const connectionId = ((await http().post('/api/v1/connections').set(bearer(owner.accessToken)).send({ type: 'memory', displayName: 'Продажи' }).expect(201)).body as { connection: { id: string } }).connection.id;
    await memory.receive(connectionId, { externalMessageId: 'm-1', chat: { id: 'client-1', kind: 'private' }, from: { id: 'client-1', displayName: 'Клиент' }, text: 'Здравствуйте' });
    const conversationId = await conversationOf(connectionId, 'client-1');

    // A new material agreement version took effect unaccepted (the rule itself: consent-ledger.e2e-spec).
    await db.query(`UPDATE messenger_module_states SET state = 'suspended', reason = 'new-material-version-unaccepted' WHERE tenant_id = $1`, [owner.tenantId]);
    const refused = (await http().post(`/api/v1/conversations/${conversationId}/messages`).set(bearer(owner.accessToken)).send({ text: 'Ответ' }).expect(422)).body as ErrorBody;
    expect(refused.details.reason).toBe('messenger-module-suspended');
    expect((await http().post('/api/v1/connections').set(bearer(owner.accessToken)).send({ type: 'memory', displayName: 'Ещё' }).expect(403)).body).toMatchObject({ details: { reason: 'messenger-module-suspended' } });

    // The client writes meanwhile: the event is stored before the answer, and held. Its nudge and
    // the sweeper (every 300 ms, for events older than 1 s) offer it to the pipeline, which leaves
    // it: it is still unprocessed once it is older than a sweep.
    await memory.receive(connectionId, { externalMessageId: 'm-2', chat: { id: 'client-1', kind: 'private' }, from: { id: 'client-1', displayName: 'Клиент' }, text: 'Вы тут?' });
    const held = async () => (await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM inbound_events WHERE connection_id = $1 AND processed_at IS NULL`, [connectionId]))[0].n;
    await eventually(
      async () => (await db.query<unknown[]>(`SELECT 1 FROM inbound_events WHERE connection_id = $1 AND processed_at IS NULL AND received_at < now() - interval '1.5 seconds'`, [connectionId])).length > 0,
      'the event outliving a sweep',
    );
    expect(await held()).toBe(1);
    expect(await messagesIn(conversationId)).toBe(1);

    await activateMessengerModule(app, owner.accessToken);
    await eventually(async () => (await messagesIn(conversationId)) === 2, 'the held message processed');
    expect(await held()).toBe(0);
    await http().post(`/api/v1/conversations/${conversationId}/messages`).set(bearer(owner.accessToken)).send({ text: 'Да, мы тут' }).expect(201);
    await eventually(async () => memory.sent.some((s) => s.connectionId === connectionId && s.payload.text?.startsWith('Да, мы тут')), 'the reply sent');
  });

  it('turning the module off disconnects every messenger of the business and deletes their credentials', async () => {
    const api = ((await http().post('/api/v1/connections').set(bearer(owner.accessToken)).send({ type: 'api', displayName: 'Интеграция', webhookUrl: null }).expect(201)).body as { connection: { id: string } }).connection.id;
    await http().post('/api/v1/messenger-module/deactivate').set(bearer(owner.accessToken)).send({}).expect(200);
    await eventually(async () => {
      const rows = await db.query<Array<{ state: string; credentials: string | null }>>(`SELECT state, credentials FROM connections WHERE tenant_id = $1`, [owner.tenantId]);
      return rows.every((r) => r.state === 'disconnected' && r.credentials === null) ? rows : null;
    }, 'every connection disconnected');
    expect((await http().get(`/api/v1/connections/${api}`).set(bearer(owner.accessToken)).expect(200)).body).toMatchObject({ state: 'disconnected' });
    expect((await http().post('/api/v1/connections').set(bearer(owner.accessToken)).send({ type: 'memory', displayName: 'После' }).expect(403)).body).toMatchObject({ details: { reason: 'messenger-module-off' } });
  });
});
