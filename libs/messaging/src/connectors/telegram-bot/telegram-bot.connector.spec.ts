import { type Server, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { parseBotUpdate } from '../../domain/telegram-bot-updates';
import { type ConnectionHandle, ConnectorError, type OutboundPayload } from '../channel-connector';
import { describeConnectorContract } from '../connector-contract';
import { TelegramBotApiClient } from './telegram-bot-api.client';
import { TelegramBotConnector } from './telegram-bot.connector';
import { type FakeBot, FakeBotApiServer } from './testing/fake-bot-api.server';
import { FakeBotUpdates } from './testing/fake-bot-updates';

const handleFor = (bot: FakeBot, id = 'conn-bot'): ConnectionHandle => ({ id, tenantId: 't', type: 'telegram-bot', credentials: { botToken: bot.token, webhookSecret: 'whs_contract' }, webhookUrl: null });

let contractFake: FakeBotApiServer;

describeConnectorContract(
  'Telegram Bot API (against a local fake Bot API over real HTTP)',
  async () => {
    contractFake = await FakeBotApiServer.start();
    const bot = contractFake.addBot();
    return {
      connector: new TelegramBotConnector(new TelegramBotApiClient(contractFake.url)),
      handle: handleFor(bot),
      received: () =>
        Promise.resolve(contractFake.sent.map((s) => ({ messageId: String(s.messageId), text: s.text, files: s.upload ? [{ fileName: s.upload.fileName, bytes: s.upload.bytes }] : [] }))),
      refuseNext: () => contractFake.refuseNext(),
      failNext: () => contractFake.failNext({ status: 500 }),
    };
  },
  () => contractFake.close(),
);

describe('Telegram bot connector', () => {
  let fake: FakeBotApiServer;
  let bot: FakeBot;
  let connector: TelegramBotConnector;
  const payload = (text: string | null, attachments: OutboundPayload['attachments'] = [], chatId = '424242'): OutboundPayload => ({ messageId: '00000000-0000-4000-8000-000000000001', chatId, text, attachments });
  const failureOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as ConnectorError);

  beforeAll(async () => {
    fake = await FakeBotApiServer.start();
    connector = new TelegramBotConnector(new TelegramBotApiClient(fake.url));
  });
  beforeEach(() => {
    bot = fake.addBot({ firstName: 'Цветы', username: 'flowers_bot' });
  });
  afterAll(() => fake.close());

  describe('sending', () => {
    it('posts text to the chat and answers the Bot API\'s message id', async () => {
      const first = await connector.send(handleFor(bot), payload('Ваш заказ готов'));
      const second = await connector.send(handleFor(bot), payload('Ещё раз'));
      const sent = fake.sent.filter((s) => s.token === bot.token);
      expect(sent.map((s) => ({ method: s.method, chatId: s.chatId, text: s.text }))).toEqual([
        { method: 'sendMessage', chatId: '424242', text: 'Ваш заказ готов' },
        { method: 'sendMessage', chatId: '424242', text: 'Ещё раз' },
      ]);
      expect([first.externalId, second.externalId]).toEqual([String(sent[0].messageId), String(sent[1].messageId)]);
    });

    it('uploads one file with the text as its caption, under its name and MIME type', async () => {
      const bytes = Buffer.from('%PDF-1.4 \u0000\u00ff', 'latin1');
      const result = await connector.send(handleFor(bot), payload('Счёт за май', [{ kind: 'file', fileName: 'счёт-май.pdf', mimeType: 'application/pdf', content: bytes }]));
      const [sent] = fake.sent.filter((s) => s.token === bot.token);
      expect(sent).toMatchObject({ method: 'sendDocument', chatId: '424242', text: 'Счёт за май', upload: { field: 'document', fileName: 'счёт-май.pdf', mimeType: 'application/pdf' } });
      expect(sent.upload!.bytes.equals(bytes)).toBe(true);
      expect(result.externalId).toBe(String(sent.messageId));
    });

    it('sends the text first when there are several files, and answers the first message\'s id', async () => {
      const result = await connector.send(
        handleFor(bot),
        payload('Фото и голос', [
          { kind: 'image', fileName: 'a.jpg', mimeType: 'image/jpeg', content: Buffer.from([0xff, 0xd8, 0xff]) },
          { kind: 'voice', fileName: 'b.ogg', mimeType: 'audio/ogg', content: Buffer.from('OggS') },
        ]),
      );
      const sent = fake.sent.filter((s) => s.token === bot.token);
      expect(sent.map((s) => [s.method, s.text, s.upload?.field ?? null])).toEqual([
        ['sendMessage', 'Фото и голос', null],
        ['sendPhoto', null, 'photo'],
        ['sendVoice', null, 'voice'],
      ]);
      expect(result.externalId).toBe(String(sent[0].messageId));
    });

    it.each<[string, Parameters<FakeBotApiServer['failNext']>[0], { code: string; retryable: boolean; retryAfterSeconds?: number }]>([
      ['flood control with its wait', { status: 429, retryAfter: 17 }, { code: 'flood-wait', retryable: true, retryAfterSeconds: 17 }],
      ['a blocked bot', { status: 403, description: 'Forbidden: bot was blocked by the user' }, { code: 'rejected', retryable: false }],
      ['a bad request', { status: 400, description: 'Bad Request: chat not found' }, { code: 'rejected', retryable: false }],
      ['an outage', { status: 502 }, { code: 'unavailable', retryable: true }],
    ])('reports %s as a ConnectorError', async (_name, failure, expected) => {
      fake.failNext(failure);
      const error = await failureOf(connector.send(handleFor(bot), payload('x')));
      expect(error).toBeInstanceOf(ConnectorError);
      expect({ code: error!.code, retryable: error!.retryable, ...(expected.retryAfterSeconds ? { retryAfterSeconds: error!.retryAfterSeconds } : {}) }).toEqual(expected);
    });

    it('reports a revoked token as lost authorisation', async () => {
      fake.revoke(bot.token);
      expect(await failureOf(connector.send(handleFor(bot), payload('x')))).toMatchObject({ code: 'auth-lost' });
    });

    it('reports a connection without credentials as lost authorisation, without a call', async () => {
      const calls = fake.calls.length;
      expect(await failureOf(connector.send({ ...handleFor(bot), credentials: null }, payload('x')))).toMatchObject({ code: 'auth-lost' });
      expect(fake.calls.length).toBe(calls);
    });

    it('never puts the token in an error, even when the other side echoes it', async () => {
      fake.failNext({ status: 500, description: `upstream failed for POST /bot${bot.token}/sendMessage` });
      const echoed = await failureOf(connector.send(handleFor(bot), payload('x')));
      expect(echoed!.message).toContain('/bot<bot-token>/sendMessage');
      expect(echoed!.message).not.toContain(bot.token);
      expect(echoed!.message).not.toContain(bot.token.split(':')[1]);
    });
  });

  describe('transport failures', () => {
    it('an address where nothing listens is unavailable, and the message names no token', async () => {
      const closed = await FakeBotApiServer.start();
      const url = closed.url;
      await closed.close();
      const error = await failureOf(new TelegramBotConnector(new TelegramBotApiClient(url)).send(handleFor(bot), payload('x')));
      expect(error).toMatchObject({ code: 'unavailable', retryable: true });
      expect(error!.message).not.toContain(bot.token);
    });

    it('a Bot API that does not answer in time is unavailable', async () => {
      const silent: Server = createServer(() => undefined);
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      try {
        const client = new TelegramBotApiClient(`http://127.0.0.1:${(silent.address() as AddressInfo).port}`, { callMs: 100, transferMs: 100 });
        expect(await failureOf(new TelegramBotConnector(client).send(handleFor(bot), payload('x')))).toMatchObject({ code: 'unavailable', retryable: true });
      } finally {
        silent.closeAllConnections();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      }
    });

    it('an answer that is not the Bot API\'s is unavailable', async () => {
      const proxy: Server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>captive portal</html>'));
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      try {
        const client = new TelegramBotApiClient(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`);
        expect(await failureOf(client.getMe(bot.token))).toMatchObject({ code: 'unavailable' });
      } finally {
        await new Promise<void>((resolve) => proxy.close(() => resolve()));
      }
    });
  });

  describe('lifecycle and health', () => {
    it('marks read as a no-op: the Bot API has no read receipts', async () => {
      const calls = fake.calls.length;
      await expect(connector.markRead(handleFor(bot), '424242', '5')).resolves.toBeUndefined();
      expect(fake.calls.length).toBe(calls);
    });

    it('is active while getMe answers, needs a new token once it is revoked', async () => {
      expect(await connector.health(handleFor(bot))).toMatchObject({ state: 'active' });
      fake.revoke(bot.token);
      const report = await connector.health(handleFor(bot));
      expect(report).toMatchObject({ state: 'needs-relogin', reason: expect.stringContaining('no longer accepts') });
      expect(report.reason).not.toContain(bot.token);
    });

    it('reports flood control with the time it ends, and gives no verdict while Telegram is down', async () => {
      fake.failNext({ status: 429, retryAfter: 30, method: 'getMe' });
      const report = await connector.health(handleFor(bot));
      expect(report.state).toBe('flood-wait');
      expect(report.floodWaitUntil!.getTime()).toBeGreaterThan(report.checkedAt.getTime());
      fake.failNext({ status: 500, method: 'getMe' });
      await expect(connector.health(handleFor(bot))).rejects.toMatchObject({ code: 'unavailable' });
    });

    it('registers and removes the webhook with its secret, keeping pending updates', async () => {
      await connector.registerWebhook({ botToken: bot.token, webhookSecret: 'secret_1-A' }, 'http://127.0.0.1:1/api/v1/channels/telegram-bot/x/updates');
      expect(fake.webhookOf(bot.token)).toEqual({ url: 'http://127.0.0.1:1/api/v1/channels/telegram-bot/x/updates', secretToken: 'secret_1-A' });
      await connector.removeWebhook({ botToken: bot.token, webhookSecret: 'secret_1-A' });
      expect(fake.webhookOf(bot.token)).toBeNull();
      expect(fake.webhookCalls.filter((c) => c.token === bot.token)).toEqual([
        { token: bot.token, method: 'setWebhook', url: 'http://127.0.0.1:1/api/v1/channels/telegram-bot/x/updates', secretToken: 'secret_1-A', allowedUpdates: ['message', 'edited_message'], dropPendingUpdates: false },
        { token: bot.token, method: 'deleteWebhook', url: null, secretToken: null, allowedUpdates: null, dropPendingUpdates: false },
      ]);
    });

    it('identifies the bot a token belongs to', async () => {
      expect(await connector.identify(bot.token)).toMatchObject({ id: bot.id, is_bot: true, first_name: 'Цветы', username: 'flowers_bot' });
      expect(await failureOf(connector.identify(`${bot.id}:AAthisTokenIsNotOneTheFakeKnowsAbout12`))).toMatchObject({ code: 'auth-lost' });
    });
  });

  describe('reading an update\'s files', () => {
    const updates = new FakeBotUpdates();
    const client = { id: 555001, firstName: 'Ольга', username: 'olga' };
    const draftOf = (update: unknown) => {
      const parsed = parseBotUpdate(update);
      if (parsed.kind !== 'message') throw new Error(parsed.kind);
      return parsed.draft;
    };

    it('downloads the largest photo size and keeps the caption', async () => {
      const small = fake.storeFile(bot.token, Buffer.from('small'), { filePath: 'photos/file_s.jpg' });
      const large = fake.storeFile(bot.token, Buffer.from('the large photo'), { filePath: 'photos/file_l.jpg' });
      const message = await connector.inboundOf(handleFor(bot), draftOf(updates.message(client, { caption: 'Вот', photo: [small, large] })), 1024);
      expect(message.text).toBe('Вот');
      expect(message.attachments).toEqual([{ fileName: expect.stringMatching(/^photo-\d+\.jpg$/), content: Buffer.from('the large photo') }]);
      expect(fake.downloads.filter((d) => d.token === bot.token).map((d) => d.filePath)).toEqual(['photos/file_l.jpg']);
    });

    it('leaves a file over the limit behind with a note, without asking Telegram for it', async () => {
      const big = fake.storeFile(bot.token, Buffer.alloc(4096, 7));
      const message = await connector.inboundOf(handleFor(bot), draftOf(updates.message(client, { caption: 'Договор', document: { ...big, fileName: 'договор.pdf' } })), 2048);
      expect(message.attachments).toEqual([]);
      expect(message.text).toBe('Договор\n[Файл «договор.pdf» не сохранён: больше 2 КБ]');
      expect(fake.calls.filter((c) => c.token === bot.token && c.method === 'getFile')).toEqual([]);
    });

    it('stops a download that outgrows the limit when Telegram gave no size', async () => {
      const unsized = fake.storeFile(bot.token, Buffer.alloc(4096, 7), { reportSize: false });
      const update = updates.message(client, { document: { ...unsized, fileSize: undefined, fileName: 'скан.tiff' } });
      const message = await connector.inboundOf(handleFor(bot), draftOf(update), 2048);
      expect(message.attachments).toEqual([]);
      expect(message.text).toBe('[Файл «скан.tiff» не сохранён: больше 2 КБ]');
    });

    it('keeps the message when Telegram refuses the file, and fails (for a retry) when it is down', async () => {
      const lost = { fileId: 'unknown-file', fileUniqueId: 'u', fileSize: 10 };
      const refused = await connector.inboundOf(handleFor(bot), draftOf(updates.message(client, { text: 'Голосовое', voice: lost })), 1024);
      expect(refused.text).toMatch(/^Голосовое\n\[Файл «voice-\d+\.ogg» не сохранён: Telegram его не отдал\]$/);
      const stored = fake.storeFile(bot.token, Buffer.from('OggS'));
      fake.failNext({ status: 500, method: 'getFile' });
      await expect(connector.inboundOf(handleFor(bot), draftOf(updates.message(client, { voice: stored })), 1024)).rejects.toMatchObject({ code: 'unavailable', retryable: true });
    });
  });
});
