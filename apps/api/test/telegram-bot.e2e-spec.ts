import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type BotUpdate, type FakeBot, FakeBotApiServer, FakeBotUpdates } from '@perepiska/messaging';
import { EnvelopeCipher } from '@perepiska/platform';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, signup, type SignedUp } from './identity-fixtures';
import { eventually } from './support/webhook-receiver';
import { LogCapture, bootTestApp } from './test-app';

interface ConnectionBody {
  id: string;
  type: string;
  displayName: string;
  state: string;
}
interface CreatedBody {
  connection: ConnectionBody;
  secrets: unknown;
}
interface ErrorBody {
  message: string;
  details: unknown;
}
interface ConversationBody {
  id: string;
  connectionType: string;
  contactName: string;
  contactUsername: string | null;
  chatKind: string;
  title: string | null;
  lastMessagePreview: string | null;
}
interface MessageBody {
  id: string;
  direction: string;
  kind: string;
  text: string | null;
  status: string;
  attachments: Array<{ id: string; kind: string; fileName: string; mimeType: string; sizeBytes: number }>;
}

const body = <T>(response: { body: unknown }): T => response.body as T;
const PUBLIC_URL = 'https://crm.example.ru';
const MAX_ATTACHMENT_BYTES = 64 * 1024;
const PNG = (size: number) => Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(size, 0x42)]);
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

jest.setTimeout(60_000);

describe('Telegram bot channel (against a local fake Bot API)', () => {
  let fake: FakeBotApiServer;
  let app: NestFastifyApplication;
  let db: DataSource;
  let owner: SignedUp;
  let origin: string;
  let bot: FakeBot;
  let connection: ConnectionBody;
  const logs = new LogCapture();
  const updates = new FakeBotUpdates();
  const client = { id: 731_000_001, firstName: 'Иван', lastName: 'Петров', username: 'ivan_petrov' };
  const tokensSeen: string[] = [];

  const http = () => request(app.getHttpServer());
  const create = (payload: object, token = owner.accessToken) => http().post('/api/v1/connections').set(bearer(token)).send(payload);
  const post = (connectionId: string, update: unknown, secret?: string) => {
    const call = http().post(`/api/v1/channels/telegram-bot/${connectionId}/updates`);
    return (secret === undefined ? call : call.set(SECRET_HEADER, secret)).send(update as object);
  };
  const secretOf = (token: string) => fake.webhookOf(token)!.secretToken!;
  const eventsOf = async (connectionId: string) => (await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM inbound_events WHERE connection_id = $1`, [connectionId]))[0].n;
  const connectionsOfOwner = async () => (await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM connections WHERE tenant_id = $1`, [owner.tenantId]))[0].n;
  const conversationOf = (chatId: number) =>
    eventually(async () => (await db.query<Array<{ id: string }>>(`SELECT id FROM conversations WHERE connection_id = $1 AND external_chat_id = $2`, [connection.id, String(chatId)]))[0]?.id, `conversation ${chatId}`);
  const messagesOf = async (conversationId: string) => body<{ items: MessageBody[] }>(await http().get(`/api/v1/conversations/${conversationId}/messages`).set(bearer(owner.accessToken)).expect(200)).items;
  /** Delivers as Telegram does: to the URL setWebhook registered, with the secret it registered. */
  const deliver = (update: BotUpdate, token = bot.token) => fake.deliver(token, update, { origin });
  const newBot = (name: string, username: string) => {
    const created = fake.addBot({ firstName: name, username });
    tokensSeen.push(created.token);
    return created;
  };

  beforeAll(async () => {
    fake = await FakeBotApiServer.start();
    app = await bootTestApp({
      env: { TELEGRAM_BOT_API_URL: fake.url, PUBLIC_URL, ATTACHMENT_MAX_BYTES: String(MAX_ATTACHMENT_BYTES), MESSAGING_SWEEP_EVERY_MS: '500', MESSAGING_STALE_AFTER_SECONDS: '1' },
      logs,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    db = app.get(DataSource);
    owner = await signup(app);
  });

  afterAll(async () => {
    await app.close();
    await fake.close();
  });

  describe('connecting', () => {
    it.each([
      ['no token', {}],
      ['a token of the wrong shape', { botToken: 'not-a-token' }],
      ['a token with a short secret', { botToken: '123456:short' }],
    ])('refuses %s with 400 naming botToken, without asking Telegram', async (_name, extra) => {
      const calls = fake.calls.length;
      const refused = body<ErrorBody>(await create({ type: 'telegram-bot', ...extra }).expect(400));
      expect(JSON.stringify(refused.details)).toContain('botToken');
      expect(fake.calls.length).toBe(calls);
    });

    it('still requires a name for every other channel', async () => {
      const refused = body<ErrorBody>(await create({ type: 'api', webhookUrl: 'http://127.0.0.1:9/hooks' }).expect(400));
      expect(JSON.stringify(refused.details)).toContain('displayName');
    });

    it('refuses a token Telegram does not accept with 400 on botToken, and stores nothing', async () => {
      const before = await connectionsOfOwner();
      const unknown = `${Date.now()}:AA${'x'.repeat(33)}`;
      tokensSeen.push(unknown);
      const refused = body<ErrorBody>(await create({ type: 'telegram-bot', botToken: unknown }).expect(400));
      expect(refused.details).toEqual([{ field: 'botToken', messages: ['Telegram did not accept this bot token'] }]);
      expect(JSON.stringify(refused)).not.toContain(unknown);
      expect(await connectionsOfOwner()).toBe(before);
    });

    it('answers 422 messenger-unavailable while the Bot API is down, and stores nothing', async () => {
      const down = newBot('Недоступный', 'down_bot');
      const before = await connectionsOfOwner();
      fake.failNext({ status: 502, method: 'getMe' });
      const refused = body<ErrorBody>(await create({ type: 'telegram-bot', botToken: down.token }).expect(422));
      expect(refused.details).toEqual({ reason: 'messenger-unavailable' });
      expect(await connectionsOfOwner()).toBe(before);
    });

    it('stores nothing when Telegram refuses the webhook', async () => {
      const refusing = newBot('Без вебхука', 'no_webhook_bot');
      const before = await connectionsOfOwner();
      fake.refuseNext({ method: 'setWebhook', description: 'Bad Request: bad webhook: Failed to resolve host' });
      const refused = body<ErrorBody>(await create({ type: 'telegram-bot', botToken: refusing.token }).expect(422));
      expect(refused.details).toEqual({ reason: 'webhook-refused' });
      expect(refused.message).toContain('Failed to resolve host');
      expect(await connectionsOfOwner()).toBe(before);
    });

    it('connects a bot under its own name, points its webhook at us with a fresh secret, and never shows either secret', async () => {
      bot = newBot('Цветочная лавка', 'flower_shop_bot');
      const created = body<CreatedBody>(await create({ type: 'telegram-bot', botToken: bot.token }).expect(201));
      connection = created.connection;
      expect(connection).toMatchObject({ type: 'telegram-bot', displayName: 'Цветочная лавка (@flower_shop_bot)', state: 'active' });
      expect(created.secrets).toBeNull();

      const [registered] = fake.webhookCalls.filter((c) => c.token === bot.token);
      expect(registered).toEqual({
        token: bot.token,
        method: 'setWebhook',
        url: `${PUBLIC_URL}/api/v1/channels/telegram-bot/${connection.id}/updates`,
        secretToken: expect.stringMatching(/^[A-Za-z0-9_-]{32,256}$/),
        allowedUpdates: ['message', 'edited_message'],
        dropPendingUpdates: false,
      });
      const secret = registered.secretToken!;
      const shown = [
        JSON.stringify(created),
        JSON.stringify((await http().get(`/api/v1/connections/${connection.id}`).set(bearer(owner.accessToken)).expect(200)).body),
        JSON.stringify((await http().get('/api/v1/connections').set(bearer(owner.accessToken)).expect(200)).body),
      ].join('\n');
      for (const hidden of [bot.token, bot.token.split(':')[1], secret]) expect(shown).not.toContain(hidden);

      // Another bot, named by the business, gets a secret of its own.
      const second = newBot('Второй', 'second_shop_bot');
      const named = body<CreatedBody>(await create({ type: 'telegram-bot', botToken: second.token, displayName: 'Доставка' }).expect(201));
      expect(named.connection.displayName).toBe('Доставка');
      expect(secretOf(second.token)).not.toBe(secret);
    });

    it('refuses a bot connected already, in this business or another, with 409 on botToken, and leaves its webhook where it was', async () => {
      const other = await signup(app, 'ООО «Соседи»');
      const before = fake.webhookCalls.length;
      const connections = await connectionsOfOwner();
      for (const token of [owner.accessToken, other.accessToken]) {
        const refused = body<ErrorBody>(await create({ type: 'telegram-bot', botToken: bot.token }, token).expect(409));
        expect(JSON.stringify(refused.details)).toContain('botToken');
      }
      expect(fake.webhookCalls.length).toBe(before);
      expect(fake.webhookOf(bot.token)?.url).toBe(`${PUBLIC_URL}/api/v1/channels/telegram-bot/${connection.id}/updates`);
      expect(await connectionsOfOwner()).toBe(connections);
    });

    it('keeps the token only sealed: no row of any table holds it in plain text', async () => {
      const secret = secretOf(bot.token);
      const tables = await db.query<Array<{ name: string }>>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
      expect(tables.map((t) => t.name)).toContain('connections');
      const found: string[] = [];
      for (const { name } of tables) {
        for (const needle of [bot.token, bot.token.split(':')[1], secret]) {
          const [hit] = await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM "${name}" t WHERE t::text LIKE '%' || $1 || '%'`, [needle]);
          if (hit.n > 0) found.push(`${name} holds ${needle === secret ? 'the webhook secret' : 'the token'}`);
        }
      }
      expect(found).toEqual([]);
      // The sealed column opens to exactly what the connector needs.
      const [row] = await db.query<Array<{ credentials: string; text: string }>>(`SELECT credentials, c::text AS text FROM connections c WHERE id = $1`, [connection.id]);
      expect(row.text).toContain(row.credentials);
      expect(JSON.parse(app.get(EnvelopeCipher).decrypt(row.credentials, 'connections.credentials'))).toEqual({ botToken: bot.token, webhookSecret: secret });
    });
  });

  describe('the webhook', () => {
    it('refuses a post without the secret, with a wrong one, or with a tenant\'s session, and stores nothing', async () => {
      const update = updates.message(client, { text: 'Подделка' });
      const other = await signup(app, 'Чужой бизнес');
      await post(connection.id, update).expect(401);
      await post(connection.id, update, 'wrong-secret').expect(401);
      await post(connection.id, update, `${secretOf(bot.token)}x`).expect(401);
      await post(connection.id, update).set(bearer(owner.accessToken)).expect(401);
      await post(connection.id, update).set(bearer(other.accessToken)).expect(401);
      expect((await fake.deliver(bot.token, update, { origin, secretToken: null })).status).toBe(401);
      expect(await eventsOf(connection.id)).toBe(0);
    });

    it('answers an unknown connection, a malformed id or another channel\'s connection like a wrong secret', async () => {
      const secret = secretOf(bot.token);
      const update = updates.message(client, { text: 'Куда?' });
      await post(randomUUID(), update, secret).expect(401);
      await post('not-a-uuid', update, secret).expect(401);
      const api = body<CreatedBody>(await create({ type: 'api', displayName: 'Сайт', webhookUrl: 'http://127.0.0.1:9/hooks' }).expect(201));
      await post(api.connection.id, update, secret).expect(401);
      expect(await eventsOf(api.connection.id)).toBe(0);
    });

    it('stores a private message once, however often Telegram delivers it, answering 200 each time', async () => {
      const update = updates.message(client, { text: 'Здравствуйте! Есть розы?' });
      const first = await deliver(update);
      const again = await deliver(update);
      expect([first.status, again.status]).toEqual([200, 200]);
      // An empty answer: Telegram would run a method named in a webhook's answer.
      expect(first.body).toBe('');
      const conversation = await conversationOf(client.id);
      const list = await eventually(async () => {
        const items = body<{ items: ConversationBody[] }>(await http().get('/api/v1/conversations').set(bearer(owner.accessToken)).expect(200)).items;
        return items.find((c) => c.id === conversation && c.lastMessagePreview !== null);
      }, 'the conversation in the list');
      expect(list).toMatchObject({ connectionType: 'telegram-bot', contactName: 'Иван Петров', contactUsername: 'ivan_petrov', chatKind: 'private', lastMessagePreview: 'Здравствуйте! Есть розы?' });
      const messages = await messagesOf(conversation);
      expect(messages.map((m) => [m.direction, m.text])).toEqual([['in', 'Здравствуйте! Есть розы?']]);
      expect(await eventsOf(connection.id)).toBe(1);
    });

    it('keeps a message whose text Postgres could not store, mended: NUL dropped, half a surrogate pair replaced', async () => {
      const update = updates.message(client, { text: 'Роз\u0000ы \ud83c к 8 марта' });
      expect((await deliver(update)).status).toBe(200);
      const conversation = await conversationOf(client.id);
      const texts = await eventually(async () => {
        const all = (await messagesOf(conversation)).map((m) => m.text);
        return all.includes('Розы \ufffd к 8 марта') && all;
      }, 'the mended message');
      expect(texts).toContain('Розы \ufffd к 8 марта');
    });

    it('keeps an edit as a marked message of its own', async () => {
      const original = updates.message(client, { text: 'Нужно 5 роз' });
      await deliver(original);
      expect((await deliver(updates.edit(original, 'Нужно 7 роз'))).status).toBe(200);
      const conversation = await conversationOf(client.id);
      const texts = await eventually(async () => {
        const all = (await messagesOf(conversation)).map((m) => m.text);
        return all.includes('(изменено) Нужно 7 роз') && all;
      }, 'the edit');
      expect(texts).toEqual(expect.arrayContaining(['Нужно 5 роз', '(изменено) Нужно 7 роз']));
    });

    it('brings a photo in with its largest size attached', async () => {
      const thumb = fake.storeFile(bot.token, PNG(16), { filePath: 'photos/file_1.jpg' });
      const full = fake.storeFile(bot.token, PNG(4000), { filePath: 'photos/file_2.jpg' });
      expect((await deliver(updates.message(client, { caption: 'Такие?', photo: [thumb, full] }))).status).toBe(200);
      const conversation = await conversationOf(client.id);
      const photo = await eventually(async () => (await messagesOf(conversation)).find((m) => m.text === 'Такие?'), 'the photo message');
      expect(photo.attachments).toEqual([expect.objectContaining({ kind: 'image', mimeType: 'image/png', sizeBytes: full.fileSize })]);
      const download = await http().get(`/api/v1/attachments/${photo.attachments[0].id}`).set(bearer(owner.accessToken)).buffer(true).expect(200);
      expect(Buffer.compare(download.body as Buffer, PNG(4000))).toBe(0);
    });

    it('keeps the message of a file over the limit, with a note instead of the file', async () => {
      const big = fake.storeFile(bot.token, Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 1), { filePath: 'documents/big.pdf' });
      expect((await deliver(updates.message(client, { caption: 'Прайс', document: { ...big, fileName: 'прайс.pdf' } }))).status).toBe(200);
      const conversation = await conversationOf(client.id);
      const message = await eventually(async () => (await messagesOf(conversation)).find((m) => m.text?.startsWith('Прайс')), 'the message without its file');
      expect(message.text).toBe('Прайс\n[Файл «прайс.pdf» не сохранён: больше 64 КБ]');
      expect(message.attachments).toEqual([]);
    });

    it('stores a group\'s message in a group conversation the inbox cannot answer', async () => {
      const group = { id: -1_001_234_567_890, type: 'supergroup' as const, title: 'Оптовики' };
      expect((await deliver(updates.message(client, { text: 'Всем привет' }, { chat: group }))).status).toBe(200);
      const conversation = await conversationOf(group.id);
      const view = body<ConversationBody>(await http().get(`/api/v1/conversations/${conversation}`).set(bearer(owner.accessToken)).expect(200));
      expect(view).toMatchObject({ chatKind: 'group', title: 'Оптовики' });
      const refused = body<ErrorBody>(await http().post(`/api/v1/conversations/${conversation}/messages`).set(bearer(owner.accessToken)).send({ text: 'Ответ' }).expect(422));
      expect(refused.details).toEqual({ reason: 'not-a-private-chat' });
    });

    it('acknowledges an update the product does not keep, storing nothing', async () => {
      const before = await eventsOf(connection.id);
      expect((await deliver({ update_id: 1, message: { message_id: 999, date: 1, chat: { id: client.id, type: 'private' } } })).status).toBe(200);
      await post(connection.id, 'not an update', secretOf(bot.token)).expect(400);
      expect(await eventsOf(connection.id)).toBe(before);
    });
  });

  describe('answering', () => {
    it('sends a reply from the inbox to the client\'s chat through the Bot API, ending sent with Telegram\'s message id', async () => {
      const conversation = await conversationOf(client.id);
      const sent = body<MessageBody>(await http().post(`/api/v1/conversations/${conversation}/messages`).set(bearer(owner.accessToken)).send({ text: 'Да, розы есть' }).expect(201));
      expect(sent.status).toBe('queued');
      const arrived = await eventually(async () => fake.sent.find((s) => s.token === bot.token && s.text?.includes('Да, розы есть')), 'the reply at Telegram');
      expect(arrived).toMatchObject({ method: 'sendMessage', chatId: String(client.id) });
      const row = await eventually(async () => {
        const [message] = await db.query<Array<{ status: string; external_id: string | null }>>(`SELECT status, external_id FROM messages WHERE id = $1`, [sent.id]);
        return message.status === 'sent' && message;
      }, 'sent');
      expect(row.external_id).toBe(String(arrived.messageId));
    });

    it('ends a reply Telegram refuses for good as failed, with Telegram\'s reason', async () => {
      const conversation = await conversationOf(client.id);
      fake.refuseNext({ method: 'sendMessage', status: 403, description: 'Forbidden: bot was blocked by the user' });
      const sent = body<MessageBody>(await http().post(`/api/v1/conversations/${conversation}/messages`).set(bearer(owner.accessToken)).send({ text: 'Вы здесь?' }).expect(201));
      const row = await eventually(async () => {
        const [message] = await db.query<Array<{ status: string; failure_reason: string | null }>>(`SELECT status, failure_reason FROM messages WHERE id = $1`, [sent.id]);
        return message.status === 'failed' && message;
      }, 'failed');
      expect(row.failure_reason).toContain('bot was blocked by the user');
    });
  });

  describe('disconnecting', () => {
    it('removes the webhook at Telegram, deletes the credentials, and refuses the webhook after', async () => {
      const secret = secretOf(bot.token);
      await http().delete(`/api/v1/connections/${connection.id}`).set(bearer(owner.accessToken)).expect(204);
      expect(fake.webhookCalls.filter((c) => c.token === bot.token).map((c) => c.method)).toEqual(['setWebhook', 'deleteWebhook']);
      const [row] = await db.query<Array<{ credentials: string | null; state: string }>>(`SELECT credentials, state FROM connections WHERE id = $1`, [connection.id]);
      expect(row).toEqual({ credentials: null, state: 'disconnected' });
      const before = await eventsOf(connection.id);
      await post(connection.id, updates.message(client, { text: 'Ещё тут?' }), secret).expect(401);
      expect(await eventsOf(connection.id)).toBe(before);
    });

    it('connects the same bot again once it was disconnected', async () => {
      const again = body<CreatedBody>(await create({ type: 'telegram-bot', botToken: bot.token }).expect(201));
      expect(fake.webhookOf(bot.token)?.url).toBe(`${PUBLIC_URL}/api/v1/channels/telegram-bot/${again.connection.id}/updates`);
      await http().delete(`/api/v1/connections/${again.connection.id}`).set(bearer(owner.accessToken)).expect(204);
    });

    it('deletes the credentials even when Telegram cannot be reached', async () => {
      const other = newBot('Ненадолго', 'short_lived_bot');
      const created = body<CreatedBody>(await create({ type: 'telegram-bot', botToken: other.token }).expect(201));
      fake.failNext({ status: 500, method: 'deleteWebhook' });
      await http().delete(`/api/v1/connections/${created.connection.id}`).set(bearer(owner.accessToken)).expect(204);
      const [row] = await db.query<Array<{ credentials: string | null }>>(`SELECT credentials FROM connections WHERE id = $1`, [created.connection.id]);
      expect(row.credentials).toBeNull();
      expect(fake.calls.filter((c) => c.token === other.token && c.method === 'deleteWebhook').map((c) => c.status)).toEqual([500]);
    });
  });

  it('never wrote a bot token or its secret half to the logs', () => {
    expect(tokensSeen.length).toBeGreaterThan(3);
    for (const token of tokensSeen) {
      expect(logs.text).not.toContain(token);
      expect(logs.text).not.toContain(token.split(':')[1]);
    }
  });
});
