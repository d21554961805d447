import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConnectionsService, InboundProcessor, REALTIME_PATH, verifyWebhook } from '@perepiska/messaging';
import { PersonalDataSourceRegistry } from '@perepiska/platform';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { PASSWORD, bearer, employee, signup, type SignedUp } from './identity-fixtures';
import { WebhookReceiver, eventually } from './support/webhook-receiver';
import { bootTestApp } from './test-app';

interface Created {
  connection: { id: string };
  secrets: { inboundToken: string; signingSecret: string };
}

interface MessageBody {
  id: string;
  status: string;
  direction: string;
  text: string | null;
  attachments: unknown[];
}
interface ConversationBody {
  id: string;
  contactId: string;
  suppressed: boolean;
}
interface ErrorBody {
  details: { reason: string };
}
type Results = { results: Array<{ eventId: string; duplicate: boolean }> };
const body = <T>(response: { body: unknown }): T => response.body as T;

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

jest.setTimeout(60_000);

describe('messaging core over the API channel', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let owner: SignedUp;
  let api: Created;
  const hooks = new WebhookReceiver();

  const http = () => request(app.getHttpServer());
  const inbound = (token: string, messages: unknown[]) => http().post('/api/v1/channels/api/messages').set(bearer(token)).send({ messages });
  const message = (id: string, chatId: string, text: string, extra: Record<string, unknown> = {}) => ({ id, chat: { id: chatId }, from: { id: chatId, name: `Клиент ${chatId}` }, text, ...extra });
  const conversationOf = async (chatId: string, connectionId = api.connection.id) =>
    eventually(async () => (await db.query<Array<{ id: string }>>(`SELECT id FROM conversations WHERE connection_id = $1 AND external_chat_id = $2`, [connectionId, chatId]))[0]?.id, `conversation ${chatId}`);
  const statusOf = (messageId: string) => db.query<Array<{ status: string }>>(`SELECT status FROM messages WHERE id = $1`, [messageId]).then((rows) => rows[0]?.status);

  beforeAll(async () => {
    app = await bootTestApp({ env: { MESSAGING_SWEEP_EVERY_MS: '500', MESSAGING_STALE_AFTER_SECONDS: '1' } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    db = app.get(DataSource);
    owner = await signup(app);
    const webhookUrl = await hooks.start();
    api = (await http().post('/api/v1/connections').set(bearer(owner.accessToken)).send({ type: 'api', displayName: 'Сайт', webhookUrl }).expect(201)).body as Created;
  });

  afterAll(async () => {
    await app.close();
    await hooks.close();
  });

  it('never returns the connection\'s secrets after creating it', async () => {
    expect(api.secrets.inboundToken).toMatch(/^ppin_/);
    const listed = await http().get('/api/v1/connections').set(bearer(owner.accessToken)).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(api.secrets.inboundToken);
    expect(JSON.stringify(listed.body)).not.toContain(api.secrets.signingSecret);
    const [row] = await db.query<Array<{ credentials: string }>>(`SELECT credentials FROM connections WHERE id = $1`, [api.connection.id]);
    expect(row.credentials).not.toContain(api.secrets.signingSecret);
  });

  it('absorbs duplicate deliveries of one event, in one request and across requests', async () => {
    const first = body<Results>(await inbound(api.secrets.inboundToken, [message('m-dup', 'chat-dup', 'Здравствуйте'), message('m-dup', 'chat-dup', 'Здравствуйте')]).expect(202));
    expect(first.results.map((r) => r.duplicate)).toEqual([false, true]);
    const again = body<Results>(await inbound(api.secrets.inboundToken, [message('m-dup', 'chat-dup', 'Здравствуйте')]).expect(202));
    expect(again.results[0]).toEqual({ eventId: first.results[0].eventId, duplicate: true });
    const conversation = await conversationOf('chat-dup');
    await eventually(async () => (await db.query<unknown[]>(`SELECT 1 FROM inbound_events WHERE connection_id = $1 AND processed_at IS NULL`, [api.connection.id])).length === 0, 'processing');
    const rows = await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1`, [conversation]);
    expect(rows[0].n).toBe(1);
    const list = body<{ items: ConversationBody[] }>(await http().get('/api/v1/conversations').set(bearer(owner.accessToken)).expect(200));
    expect(list.items.find((c) => c.id === conversation)).toMatchObject({ unreadCount: 1, contactName: 'Клиент chat-dup', lastMessagePreview: 'Здравствуйте', status: 'open' });
  });

  it('refuses a bad token and names the invalid field', async () => {
    await inbound('ppin_wrong', [message('x', 'y', 'z')]).expect(401);
    const bad = await inbound(api.secrets.inboundToken, [{ id: 'no-sender', chat: { id: 'c' }, text: 'hi' }]).expect(400);
    expect(JSON.stringify(bad.body)).toContain('from');
  });

  it('refuses text Postgres cannot store, naming each field, and stores nothing of that request', async () => {
    const bad = await inbound(api.secrets.inboundToken, [
      message('unstorable-1', 'chat-unstorable', 'Добрый\u0000день'),
      message('unstorable-2', 'chat-unstorable', 'Роза \ud83c', { from: { id: 'chat-unstorable', name: 'Анна\udc00' } }),
    ]).expect(400);
    expect(bad.body).toMatchObject({ message: 'Validation failed: messages.0.text, messages.1.from.name, messages.1.text' });
    expect((bad.body as { details: Array<{ field: string }> }).details.map((d) => d.field)).toEqual(['messages.0.text', 'messages.1.from.name', 'messages.1.text']);
    const stored = await db.query<unknown[]>(`SELECT 1 FROM inbound_events WHERE connection_id = $1 AND external_id LIKE 'unstorable-%'`, [api.connection.id]);
    expect(stored).toHaveLength(0);
    // A whole surrogate pair is an ordinary character.
    await inbound(api.secrets.inboundToken, [message('storable-1', 'chat-unstorable', 'Роза 🌹')]).expect(202);
  });

  it('sends the first reply with the opt-out line as a signed webhook, and ends in the highest status whatever the order of reports', async () => {
    await inbound(api.secrets.inboundToken, [message('m-reply', 'chat-reply', 'Есть ли доставка?')]).expect(202);
    const conversation = await conversationOf('chat-reply');
    const sent = body<MessageBody>(await http().post(`/api/v1/conversations/${conversation}/messages`).set(bearer(owner.accessToken)).send({ text: 'Да, по Москве бесплатно' }).expect(201));
    expect(sent).toMatchObject({ status: 'queued', direction: 'out' });
    expect(sent.text).toContain('СТОП');
    const hook = await eventually(async () => hooks.received.find((h) => h.json.message.id === sent.id), 'the webhook');
    expect(hook.json.message.text).toContain('Да, по Москве бесплатно');
    expect(hook.json.message.text).toContain('СТОП');
    expect(verifyWebhook(api.secrets.signingSecret, String(hook.headers['x-perepiska-timestamp']), hook.body, String(hook.headers['x-perepiska-signature']))).toBe(true);
    await eventually(async () => (await statusOf(sent.id)) === 'sent', 'sent');

    const post = (status: string) => http().post('/api/v1/channels/api/statuses').set(bearer(api.secrets.inboundToken)).send({ statuses: [{ messageId: sent.id, status }] }).expect(202);
    // The inbox sees each step live.
    const { port } = app.getHttpServer().address() as { port: number };
    const socket = io(`http://127.0.0.1:${port}`, { path: REALTIME_PATH, transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: owner.accessToken } });
    const live: string[] = [];
    socket.on('message.status', ({ message }: { message: MessageBody }) => {
      if (message.id === sent.id) live.push(message.status);
    });
    await new Promise<void>((resolve, reject) => socket.on('connect', resolve).on('connect_error', reject));
    try {
      await post('delivered');
      await eventually(async () => live.includes('delivered'), 'the live delivered status');
    } finally {
      socket.disconnect();
    }
    await post('read');
    await eventually(async () => (await statusOf(sent.id)) === 'read', 'read');
    await post('sent');
    await post('failed');
    await eventually(async () => (await db.query<unknown[]>(`SELECT 1 FROM inbound_events WHERE connection_id = $1 AND processed_at IS NULL`, [api.connection.id])).length === 0, 'the reports processed');
    expect(await statusOf(sent.id)).toBe('read');

    const second = body<MessageBody>(await http().post(`/api/v1/conversations/${conversation}/messages`).set(bearer(owner.accessToken)).send({ text: 'Что-нибудь ещё?' }).expect(201));
    expect(second.text).toBe('Что-нибудь ещё?');
  });

  it('puts a client who writes "стоп" on the suppression list at once, confirms it to them, and sends them nothing after', async () => {
    await inbound(api.secrets.inboundToken, [message('m-stop-1', 'chat-stop', 'Привет'), message('m-stop-2', 'chat-stop', 'СТОП!')]).expect(202);
    const conversation = await conversationOf('chat-stop');
    const confirmation = await eventually(async () => hooks.received.find((h) => h.json.message.chatId === 'chat-stop'), 'the confirmation');
    expect(confirmation.json.message.text).toMatch(/отписались/);
    const refused = body<ErrorBody>(await http().post(`/api/v1/conversations/${conversation}/messages`).set(bearer(owner.accessToken)).send({ text: 'Специальное предложение' }).expect(422));
    expect(refused.details).toEqual({ reason: 'contact-suppressed' });
    const view = body<ConversationBody>(await http().get(`/api/v1/conversations/${conversation}`).set(bearer(owner.accessToken)).expect(200));
    expect(view.suppressed).toBe(true);
    const contact = body<{ suppression: unknown }>(await http().get(`/api/v1/contacts/${view.contactId}`).set(bearer(owner.accessToken)).expect(200));
    expect(contact.suppression).toMatchObject({ reason: 'opt-out-keyword', keyword: 'СТОП!' });
    expect(hooks.received.filter((h) => h.json.message.chatId === 'chat-stop')).toHaveLength(1);
  });

  it('never writes to a group chat, and refuses advertising without recorded consent', async () => {
    await inbound(api.secrets.inboundToken, [{ ...message('m-group', 'group-1', 'Всем привет'), chat: { id: 'group-1', kind: 'group', title: 'Чат района' } }]).expect(202);
    const group = await conversationOf('group-1');
    const refused = body<ErrorBody>(await http().post(`/api/v1/conversations/${group}/messages`).set(bearer(owner.accessToken)).send({ text: 'Привет' }).expect(422));
    expect(refused.details.reason).toBe('not-a-private-chat');
    const conversation = await conversationOf('chat-reply');
    const advert = body<ErrorBody>(await http().post(`/api/v1/conversations/${conversation}/messages`).set(bearer(owner.accessToken)).send({ text: 'Скидка 50%', purpose: 'advertising' }).expect(422));
    expect(advert.details.reason).toBe('consent-required');
  });

  it('shows operators only the conversations of their connections and teams; another tenant gets 404', async () => {
    const member = await employee(app, owner.tenantId, 'operator');
    const outsider = await employee(app, owner.tenantId, 'operator');
    await http().patch(`/api/v1/connections/${api.connection.id}`).set(bearer(owner.accessToken)).send({ memberIds: [member.membershipId] }).expect(200);
    const conversation = await conversationOf('chat-reply');
    const seen = body<{ items: ConversationBody[] }>(await http().get('/api/v1/conversations').set(bearer(member.accessToken)).expect(200));
    expect(seen.items.map((c) => c.id)).toContain(conversation);
    const unseen = body<{ items: ConversationBody[] }>(await http().get('/api/v1/conversations').set(bearer(outsider.accessToken)).expect(200));
    expect(unseen.items).toEqual([]);
    await http().get(`/api/v1/conversations/${conversation}`).set(bearer(outsider.accessToken)).expect(404);
    await http().post(`/api/v1/conversations/${conversation}/messages`).set(bearer(outsider.accessToken)).send({ text: 'x' }).expect(404);

    // A team the outsider joins, given the conversation, opens it to them.
    const team = body<{ id: string }>(await http().post('/api/v1/teams').set(bearer(owner.accessToken)).send({ name: 'Доставка', memberIds: [outsider.membershipId] }).expect(201));
    await http().patch(`/api/v1/conversations/${conversation}`).set(bearer(owner.accessToken)).send({ teamId: team.id }).expect(200);
    await http().get(`/api/v1/conversations/${conversation}`).set(bearer(outsider.accessToken)).expect(200);
    // An operator resolves what they work on, but giving it away is for those who assign.
    await http().patch(`/api/v1/conversations/${conversation}`).set(bearer(outsider.accessToken)).send({ status: 'resolved' }).expect(200);
    await http().patch(`/api/v1/conversations/${conversation}`).set(bearer(outsider.accessToken)).send({ assigneeMembershipId: null }).expect(403);

    const stranger = await signup(app, 'ООО «Другие»');
    await http().get(`/api/v1/conversations/${conversation}`).set(bearer(stranger.accessToken)).expect(404);
    await http().get(`/api/v1/connections/${api.connection.id}/webhook-deliveries`).set(bearer(stranger.accessToken)).expect(404);
    await http().patch(`/api/v1/conversations/${conversation}`).set(bearer(owner.accessToken)).send({ assigneeMembershipId: stranger.userId }).expect(400);

    const journal = await db.query<Array<{ actor_user_id: string }>>(`SELECT actor_user_id FROM access_journal WHERE resource_type = 'conversation' AND resource_id = $1`, [conversation]);
    expect(journal.map((j) => j.actor_user_id)).toContain(outsider.userId);
  });

  it('an operator put on a connection gets its new messages live at once, without reconnecting', async () => {
    const operator = await employee(app, owner.tenantId, 'operator');
    const { port } = app.getHttpServer().address() as { port: number };
    const socket = io(`http://127.0.0.1:${port}`, { path: REALTIME_PATH, transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: operator.accessToken } });
    const live: string[] = [];
    socket.on('message.created', ({ message }: { message: MessageBody }) => live.push(message.text ?? ''));
    await new Promise<void>((resolve, reject) => socket.on('connect', resolve).on('connect_error', reject));
    try {
      const current = body<{ memberIds: string[] }>(await http().get(`/api/v1/connections/${api.connection.id}`).set(bearer(owner.accessToken)).expect(200));
      await http().patch(`/api/v1/connections/${api.connection.id}`).set(bearer(owner.accessToken)).send({ memberIds: [...current.memberIds, operator.membershipId] }).expect(200);
      await inbound(api.secrets.inboundToken, [message('m-live', 'chat-live', 'Вы на связи?')]).expect(202);
      await eventually(async () => live.includes('Вы на связи?'), 'the live message');
      // Taken off the connection: the next message does not reach them.
      await http().patch(`/api/v1/connections/${api.connection.id}`).set(bearer(owner.accessToken)).send({ memberIds: current.memberIds }).expect(200);
      await inbound(api.secrets.inboundToken, [message('m-live-2', 'chat-live', 'А теперь?')]).expect(202);
      await conversationOf('chat-live');
      await eventually(async () => (await db.query<unknown[]>(`SELECT 1 FROM messages WHERE external_id = 'm-live-2'`)).length > 0, 'the second message');
      // A later event to the operator's own room arrives after it on the same Redis channel, so
      // once it is here the absence of the second message is settled.
      const marker = new Promise<void>((resolve) => socket.on('conversation.updated', () => resolve()));
      const assigned = await conversationOf('chat-dup');
      await http().patch(`/api/v1/conversations/${assigned}`).set(bearer(owner.accessToken)).send({ assigneeMembershipId: operator.membershipId }).expect(200);
      await marker;
      expect(live).toEqual(['Вы на связи?']);
    } finally {
      socket.disconnect();
    }
  });

  it('types an uploaded file by its bytes and serves it only to those who may read the conversation', async () => {
    const conversation = await conversationOf('chat-reply');
    const upload = body<{ id: string }>(await http().post(`/api/v1/conversations/${conversation}/attachments`).set(bearer(owner.accessToken)).attach('file', PNG, 'notes.txt').expect(201));
    expect(upload).toMatchObject({ kind: 'image', mimeType: 'image/png', fileName: 'notes.txt', sizeBytes: PNG.length });
    const sent = body<MessageBody>(await http().post(`/api/v1/conversations/${conversation}/messages`).set(bearer(owner.accessToken)).send({ attachmentIds: [upload.id] }).expect(201));
    expect(sent.attachments).toHaveLength(1);
    const hook = await eventually(async () => hooks.received.find((h) => h.json.message.id === sent.id), 'the file webhook');
    expect(Buffer.from(hook.json.message.attachments[0].contentBase64, 'base64').equals(PNG)).toBe(true);
    const download = await http().get(`/api/v1/attachments/${upload.id}`).set(bearer(owner.accessToken)).buffer(true).expect(200);
    expect(download.headers['content-type']).toBe('image/png');
    const stranger = await signup(app, 'ООО «Третьи»');
    await http().get(`/api/v1/attachments/${upload.id}`).set(bearer(stranger.accessToken)).expect(404);
    // Sent once: the same file cannot ride on a second message.
    await http().post(`/api/v1/conversations/${conversation}/messages`).set(bearer(owner.accessToken)).send({ attachmentIds: [upload.id] }).expect(400);
  });

  it('retries a webhook the endpoint refused with a 5xx, and logs every attempt for replay', async () => {
    const conversation = await conversationOf('chat-reply');
    hooks.answers.push(503);
    const sent = body<MessageBody>(await http().post(`/api/v1/conversations/${conversation}/messages`).set(bearer(owner.accessToken)).send({ text: 'Повторная попытка' }).expect(201));
    await eventually(async () => (await statusOf(sent.id)) === 'sent', 'sent after a retry');
    const log = body<{ items: Array<{ id: string; messageId: string }> }>(await http().get(`/api/v1/connections/${api.connection.id}/webhook-deliveries`).set(bearer(owner.accessToken)).expect(200));
    const delivery = log.items.find((d) => d.messageId === sent.id)!;
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 2, responseStatus: 200 });
    const before = hooks.received.length;
    await http().post(`/api/v1/connections/${api.connection.id}/webhook-deliveries/${delivery.id}/replay`).set(bearer(owner.accessToken)).expect(202);
    expect(hooks.received.length).toBe(before + 1);
  });

  it('re-queues inbound events whose jobs were lost', async () => {
    // An event stored with no job at all, as if Redis had lost it.
    await db.query(
      `INSERT INTO inbound_events (tenant_id, connection_id, kind, external_id, payload, received_at) VALUES ($1, $2, 'message', 'm-orphan', $3, now() - interval '1 minute')`,
      [owner.tenantId, api.connection.id, JSON.stringify({ chat: { id: 'chat-orphan', kind: 'private' }, from: { id: 'chat-orphan', displayName: 'Потерянный' }, text: 'Ау', attachments: [] })],
    );
    await conversationOf('chat-orphan');
  });

  it('a nudge for a channel this process is draining rides on that drain: one batch at a time, nothing left', async () => {
    const quiet = (await http().post('/api/v1/connections').set(bearer(owner.accessToken)).send({ type: 'api', displayName: 'Очередь' }).expect(201)).body as Created;
    const store = (ids: string[]) =>
      db.query(
        `INSERT INTO inbound_events (tenant_id, connection_id, kind, external_id, payload)
         SELECT $1, $2, 'message', id, jsonb_build_object('chat', jsonb_build_object('id', id, 'kind', 'private'), 'from', jsonb_build_object('id', id, 'displayName', 'Клиент'), 'text', 'Здравствуйте', 'attachments', '[]'::jsonb)
           FROM unnest($3::text[]) AS id`,
        [owner.tenantId, quiet.connection.id, ids],
      );
    // Stored without a job, so only the drains below process them.
    await store(['drain-1', 'drain-2']);
    const processor = app.get(InboundProcessor);
    const original = processor.processConnection.bind(processor);
    let running = 0;
    let overlapped = false;
    let batches = 0;
    const spy = jest.spyOn(processor, 'processConnection').mockImplementation(async (connectionId) => {
      overlapped ||= running > 0;
      running += 1;
      batches += 1;
      // Another event arrives as the first batch starts; its nudges (the two drains below) come meanwhile.
      if (batches === 1) await store(['drain-3']);
      try {
        return await original(connectionId);
      } finally {
        running -= 1;
      }
    });
    try {
      const first = processor.drain(quiet.connection.id);
      await Promise.all([first, processor.drain(quiet.connection.id), processor.drain(quiet.connection.id)]);
    } finally {
      spy.mockRestore();
    }
    expect(overlapped).toBe(false);
    expect(batches).toBe(2); // the first, and one more for all the nudges that came meanwhile
    const [{ messages }] = await db.query<Array<{ messages: number }>>(`SELECT count(*)::int AS messages FROM messages WHERE connection_id = $1`, [quiet.connection.id]);
    expect(messages).toBe(3);
  });

  it('suspends a channel type platform-wide: sending and new connections are refused', async () => {
    const service = app.get(ConnectionsService);
    await inbound(api.secrets.inboundToken, [message('m-before-suspension', 'chat-reply', 'Ещё вопрос')]).expect(202);
    await service.suspendChannel('api', 'Проверка регулятора');
    try {
      // The token was just used (and is remembered): the suspension still applies to the next post.
      const inboundRefused = body<ErrorBody>(await inbound(api.secrets.inboundToken, [message('m-suspended', 'chat-reply', 'x')]).expect(422));
      expect(inboundRefused.details.reason).toBe('channel-suspended');
      const conversation = await conversationOf('chat-reply');
      const refused = body<ErrorBody>(await http().post(`/api/v1/conversations/${conversation}/messages`).set(bearer(owner.accessToken)).send({ text: 'x' }).expect(422));
      expect(refused.details.reason).toBe('channel-suspended');
      await http().post('/api/v1/connections').set(bearer(owner.accessToken)).send({ type: 'api', displayName: 'Ещё' }).expect(422);
      const types = body<Array<{ type: string }>>(await http().get('/api/v1/channel-types').set(bearer(owner.accessToken)).expect(200));
      expect(types.find((t) => t.type === 'api')).toMatchObject({ available: false, suspendedReason: 'Проверка регулятора' });
    } finally {
      await service.resumeChannel('api');
    }
  });

  it('rotating the secrets retires the old token at once, however recently it was used', async () => {
    const extra = (await http().post('/api/v1/connections').set(bearer(owner.accessToken)).send({ type: 'api', displayName: 'Ротация' }).expect(201)).body as Created;
    await inbound(extra.secrets.inboundToken, [message('before-rotation', 'c', 'x')]).expect(202);
    const rotated = body<{ inboundToken: string }>(await http().post(`/api/v1/connections/${extra.connection.id}/rotate-secrets`).set(bearer(owner.accessToken)).expect(201));
    await inbound(extra.secrets.inboundToken, [message('after-rotation-old', 'c', 'x')]).expect(401);
    await inbound(rotated.inboundToken, [message('after-rotation-new', 'c', 'x')]).expect(202);
  });

  it('disconnecting deletes the credentials at once and the token stops working', async () => {
    const extra = (await http().post('/api/v1/connections').set(bearer(owner.accessToken)).send({ type: 'api', displayName: 'Временный' }).expect(201)).body as Created;
    await inbound(extra.secrets.inboundToken, [message('early', 'c', 'x')]).expect(202);
    await http().delete(`/api/v1/connections/${extra.connection.id}`).set(bearer(owner.accessToken)).expect(204);
    const [row] = await db.query<Array<{ credentials: string | null; state: string }>>(`SELECT credentials, state FROM connections WHERE id = $1`, [extra.connection.id]);
    expect(row).toEqual({ credentials: null, state: 'disconnected' });
    await inbound(extra.secrets.inboundToken, [message('late', 'c', 'x')]).expect(401);
  });

  it('answers 401 to a post for a business deleted meanwhile by another process, however recently its token was used', async () => {
    const gone = await signup(app, 'ООО «Закрытые»');
    const channel = (await http().post('/api/v1/connections').set(bearer(gone.accessToken)).send({ type: 'api', displayName: 'Сайт' }).expect(201)).body as Created;
    await inbound(channel.secrets.inboundToken, [message('before-purge', 'c', 'x')]).expect(202);
    // What the purge of a closed business does, from another process: this one still remembers the token.
    await db.query('DELETE FROM tenants WHERE id = $1', [gone.tenantId]);
    const withFile = message('after-purge', 'c', 'x', { attachments: [{ fileName: 'photo.png', contentBase64: PNG.toString('base64') }] });
    await inbound(channel.secrets.inboundToken, [withFile]).expect(401);
    // The file it carried was stored before the event was refused: it went again, so nothing of the client is left behind.
    expect(readdirSync(join(tmpdir(), 'perepiska-test-files', gone.tenantId, 'attachments'), { withFileTypes: true }).filter((e) => e.isFile())).toEqual([]);
  });

  it('finds, rectifies, blocks and erases a client\'s data as a personal-data source', async () => {
    const source = app.get(PersonalDataSourceRegistry).list().find((s) => s.name === 'messaging.contacts')!;
    await inbound(api.secrets.inboundToken, [message('m-pd', 'chat-pd', 'Мой номер 89001234567')]).expect(202);
    const conversation = await conversationOf('chat-pd');
    const subject = { tenantId: owner.tenantId, messengerIdentities: [{ channel: 'api', externalId: 'chat-pd' }] };
    const found = await source.find(subject);
    expect(found.map((i) => i.category).sort()).toEqual(['contact-details', 'correspondence']);
    expect(JSON.stringify(found)).not.toContain(api.secrets.signingSecret);
    // Another tenant's locator finds nothing.
    expect(await source.find({ ...subject, tenantId: (await signup(app, 'ООО «Чужие»')).tenantId })).toEqual([]);

    const contactId = found.find((i) => i.category === 'contact-details')!.recordId;
    expect(await source.rectify(subject, [{ recordId: contactId, field: 'displayName', value: 'Иван Петров' }])).toBe(1);
    expect(await source.block(subject, { reason: 'Запрос субъекта №1' })).toBe(1);
    const refused = body<ErrorBody>(await http().post(`/api/v1/conversations/${conversation}/messages`).set(bearer(owner.accessToken)).send({ text: 'x' }).expect(422));
    expect(refused.details.reason).toBe('contact-blocked');
    expect(await source.unblock(subject)).toBe(1);

    const report = await source.erase(subject, 'depersonalise');
    expect(report.records).toBeGreaterThanOrEqual(2);
    const [contact] = await db.query<Array<{ display_name: string }>>(`SELECT display_name FROM contacts WHERE id = $1`, [contactId]);
    expect(contact.display_name).toBe('Удалённый контакт');
    const texts = await db.query<Array<{ text: string | null }>>(`SELECT text FROM messages WHERE conversation_id = $1`, [conversation]);
    expect(texts.every((t) => t.text === null)).toBe(true);
    const left = await source.find({ tenantId: owner.tenantId, contactIds: [contactId] });
    expect(left).toContainEqual(expect.objectContaining({ fields: expect.objectContaining({ displayName: 'Удалённый контакт', phone: null, identities: [] }) }));
    expect(JSON.stringify(left)).not.toContain('89001234567');
  });

  it('closing the business deletes every connection\'s credentials at once', async () => {
    const closing = await signup(app, 'ООО «Закрываемся»');
    const created = body<Created>(await http().post('/api/v1/connections').set(bearer(closing.accessToken)).send({ type: 'api', displayName: 'Сайт' }).expect(201));
    await http().delete('/api/v1/tenant').set(bearer(closing.accessToken)).send({ confirmName: 'ООО «Закрываемся»', password: PASSWORD }).expect(202);
    await eventually(async () => {
      const [row] = await db.query<Array<{ credentials: string | null; state: string }>>(`SELECT credentials, state FROM connections WHERE id = $1`, [created.connection.id]);
      return row.credentials === null && row.state === 'disconnected';
    }, 'the credentials deleted');
  });
});
