import { type ConnectionHandle, ConnectorError } from '../connectors/channel-connector';
import { describeConnectorContract } from '../connectors/connector-contract';
import { type MessagingOptions } from '../messaging.options';
import { type TelegramPeersRepository } from './persistence/telegram-peers.repository';
import { type TelegramSyncStateRepository } from './persistence/telegram-sync-state.repository';
import { ALLOWED_MTPROTO_METHODS } from './domain/mtproto-allow-list';
import { TelegramConnector } from './telegram.connector';
import { type FakeAccountInfo, FakeTelegram } from './testing/fake-telegram';
import { MemoryPeers, MemorySyncState, RecordingSink, allLeases, eventually, telegramClientsFor } from './testing/telegram-test-kit';
import { TelegramClients } from './gramjs/telegram-clients';
import { LocalTlWire } from './transport/local-tl-wire';

const options = { maxAttachmentBytes: 64 * 1024, telegram: { apiId: 12345, apiHash: 'a'.repeat(32), testServerUrl: null } } as unknown as MessagingOptions;

/** Logs an account in on the fake with a real GramJS client and answers the session string. */
async function sessionFor(fake: FakeTelegram, phone: string): Promise<string> {
  const client = telegramClientsFor(fake).create(null);
  await client.connect();
  const { Api } = await import('telegram');
  const sent = (await client.invoke(new Api.auth.SendCode({ phoneNumber: phone, apiId: 12345, apiHash: 'a'.repeat(32), settings: new Api.CodeSettings({}) }))) as InstanceType<typeof Api.auth.SentCode>;
  await client.invoke(new Api.auth.SignIn({ phoneNumber: phone, phoneCodeHash: sent.phoneCodeHash, phoneCode: fake.codeFor(phone)! }));
  const session = client.session.save() as unknown as string;
  await client.destroy();
  return session;
}

function connectorFor(fake: FakeTelegram, peers = new MemoryPeers(), sync = new MemorySyncState()) {
  const connector = new TelegramConnector(
    new TelegramClients(options, new LocalTlWire(fake)),
    peers as unknown as TelegramPeersRepository,
    sync as unknown as TelegramSyncStateRepository,
    allLeases,
    options,
  );
  return { connector, peers, sync };
}

function handle(id: string, session: string | null): ConnectionHandle {
  return { id, tenantId: '00000000-0000-4000-8000-0000000000aa', type: 'telegram', credentials: session ? { session, userId: null, dcId: 2 } : null, webhookUrl: null };
}

describe('Telegram MTProto connector', () => {
  // The shared contract: our payload names the chat "chat-1"; the peer table maps it to a client of the fake.
  {
    const fake = new FakeTelegram();
    let account: FakeAccountInfo;
    let clientId: string;
    let failNext: () => void;
    let refuseNext: () => void;
    describeConnectorContract('telegram', async () => {
      account = fake.addAccount({ phone: '+79991110000', firstName: 'Контракт' });
      clientId = fake.addUser({ firstName: 'Клиент' }).id;
      const { connector, peers } = connectorFor(fake);
      await peers.remember('t', 'contract', [{ peerId: clientId, accessHash: fake.accessHashFor(clientId, account.id) }]);
      peers.rows.set('contract:chat-1', peers.rows.get(`contract:${clientId}`)!);
      // An error GramJS does not retry by itself: the pipeline's backoff does.
      failNext = () => fake.failNext('messages.SendMessage', 'INTERDC_CALL_ERROR', 500, { accountId: account.id });
      refuseNext = () => fake.failNext('messages.SendMessage', 'USER_IS_BLOCKED', 400, { accountId: account.id });
      return {
        connector,
        handle: handle('contract', await sessionFor(fake, '+79991110000')),
        received: () =>
          Promise.resolve(fake.received(account.id).map((m) => ({ messageId: String(m.messageId), text: m.text || null, files: m.bytes ? [{ fileName: m.fileName!, bytes: m.bytes }] : [] }))),
        refuseNext: () => refuseNext(),
        failNext: () => failNext(),
      };
    });
  }

  let fake: FakeTelegram;
  let account: FakeAccountInfo;
  let session: string;

  beforeEach(async () => {
    fake = new FakeTelegram();
    account = fake.addAccount({ phone: '+79992220000', firstName: 'Магазин', username: 'shop' });
    session = await sessionFor(fake, '+79992220000');
  });

  it('receives private messages with the sender\'s identity and access hash, files included', async () => {
    const { connector, peers } = connectorFor(fake);
    const sink = new RecordingSink();
    await connector.connect(handle('c1', session), sink);
    const ivan = fake.addUser({ firstName: 'Иван', lastName: 'Петров', username: 'ivan_p', phone: '79001234567' });
    fake.clientSends(ivan.id, account.id, { text: 'Здравствуйте! Есть шары?' });
    fake.clientSends(ivan.id, account.id, { text: 'Вот пример', photo: { bytes: Buffer.alloc(5000, 7) } });
    fake.clientSends(ivan.id, account.id, { voice: { bytes: Buffer.from('OggS-voice'), mimeType: 'audio/ogg', duration: 3 } });
    fake.clientSends(ivan.id, account.id, { document: { bytes: Buffer.alloc(100 * 1024, 1), fileName: 'big.pdf', mimeType: 'application/pdf' } });
    await eventually(() => sink.messages, (m) => m.length === 4);
    expect(sink.messages[0]).toMatchObject({ chat: { id: ivan.id, kind: 'private' }, from: { id: ivan.id, displayName: 'Иван Петров', username: 'ivan_p', phone: '+79001234567' }, text: 'Здравствуйте! Есть шары?' });
    expect(sink.messages[1].attachments).toEqual([{ fileName: expect.stringMatching(/\.jpg$/), content: Buffer.alloc(5000, 7) }]);
    expect(sink.messages[2].attachments).toEqual([{ fileName: expect.stringMatching(/\.ogg$/), content: Buffer.from('OggS-voice') }]);
    // Over the attachment limit: the message is kept, the file is named and not downloaded.
    expect(sink.messages[3]).toMatchObject({ attachments: [], text: expect.stringContaining('big.pdf') });
    expect(await peers.find('c1', ivan.id)).toEqual({ peerId: ivan.id, accessHash: fake.accessHashFor(ivan.id, account.id) });
    await connector.disconnect('c1');
  });

  it('catches up with what was written while no client ran, and skips nothing or twice', async () => {
    const { connector, sync, peers } = connectorFor(fake);
    const sink = new RecordingSink();
    const ivan = fake.addUser({ firstName: 'Иван' });
    await connector.connect(handle('c1', session), sink);
    fake.clientSends(ivan.id, account.id, { text: 'первое' });
    await eventually(() => sink.messages.length, (n) => n === 1);
    await connector.disconnect('c1');
    for (let i = 0; i < 150; i += 1) fake.clientSends(ivan.id, account.id, { text: `пока вас не было ${i}` });

    const restarted = connectorFor(fake, peers, sync).connector;
    await restarted.connect(handle('c1', session), sink);
    await eventually(() => sink.messages.length, (n) => n === 151);
    expect(sink.messages.map((m) => m.text)).toEqual(['первое', ...Array.from({ length: 150 }, (_v, i) => `пока вас не было ${i}`)]);
    expect(fake.invocations({ accountId: account.id }).filter((i) => i.method === 'updates.GetDifference').length).toBeGreaterThanOrEqual(2); // a slice, then the rest
    await restarted.disconnect('c1');
  });

  it('sends text and a voice note to a known client, and reports their reading', async () => {
    const { connector, peers } = connectorFor(fake);
    const sink = new RecordingSink();
    await connector.connect(handle('c1', session), sink);
    const ivan = fake.addUser({ firstName: 'Иван' });
    fake.clientSends(ivan.id, account.id, { text: 'Привет' });
    await eventually(() => peers.rows.size, (n) => n === 1);
    const text = await connector.send(handle('c1', session), { messageId: '00000000-0000-4000-8000-000000000001', chatId: ivan.id, text: 'Добрый день!', attachments: [] });
    const voice = await connector.send(handle('c1', session), {
      messageId: '00000000-0000-4000-8000-000000000002',
      chatId: ivan.id,
      text: null,
      attachments: [{ fileName: 'ответ.ogg', mimeType: 'audio/ogg', kind: 'voice', content: Buffer.from('OggS-answer') }],
    });
    expect(fake.received(account.id)).toEqual([
      expect.objectContaining({ messageId: Number(text.externalId), userId: ivan.id, text: 'Добрый день!' }),
      expect.objectContaining({ messageId: Number(voice.externalId), media: 'voice', voice: true, fileName: 'ответ.ogg', mimeType: 'audio/ogg', bytes: Buffer.from('OggS-answer') }),
    ]);
    // A retry of the same message (a crash before our commit) is dropped by Telegram's random_id.
    const again = await connector.send(handle('c1', session), { messageId: '00000000-0000-4000-8000-000000000001', chatId: ivan.id, text: 'Добрый день!', attachments: [] });
    expect(again.externalId).toBe(text.externalId);
    expect(fake.received(account.id)).toHaveLength(2);

    fake.clientReads(ivan.id, account.id, Number(voice.externalId));
    await eventually(() => sink.reads, (r) => r.length === 1);
    expect(sink.reads[0]).toEqual({ chatId: ivan.id, upToExternalId: voice.externalId });
    await connector.markRead(handle('c1', session), ivan.id, String(fake.history(account.id, ivan.id)[0].id));
    expect(fake.readMarks(account.id)).toEqual([expect.objectContaining({ userId: ivan.id })]);
    await connector.disconnect('c1');
  });

  it('maps Telegram\'s refusals: flood wait is retryable with its wait, a block is final, an unknown client is refused', async () => {
    const { connector, peers } = connectorFor(fake);
    const sink = new RecordingSink();
    await connector.connect(handle('c1', session), sink);
    const ivan = fake.addUser({ firstName: 'Иван' });
    await peers.remember('t', 'c1', [{ peerId: ivan.id, accessHash: fake.accessHashFor(ivan.id, account.id) }]);
    const send = (n: number, chatId = ivan.id) => connector.send(handle('c1', session), { messageId: `00000000-0000-4000-8000-00000000010${n}`, chatId, text: 'x', attachments: [] }).catch((e: unknown) => e);
    fake.failNext('messages.SendMessage', 'FLOOD_WAIT_42', 420);
    expect(await send(1)).toMatchObject({ code: 'flood-wait', retryAfterSeconds: 42, retryable: true });
    fake.blockAccount(ivan.id, account.id);
    expect(await send(2)).toMatchObject({ code: 'rejected', retryable: false, message: expect.stringMatching(/blocked/) });
    expect(await send(3, '6000000999')).toBeInstanceOf(ConnectorError);
    await connector.disconnect('c1');
  });

  it('reports a revoked session as needs-relogin and a banned account as banned', async () => {
    const { connector } = connectorFor(fake);
    const sink = new RecordingSink();
    fake.revokeSessions(account.id);
    await expect(connector.connect(handle('c1', session), sink)).rejects.toMatchObject({ code: 'auth-lost' });
    expect(sink.healthChanges).toEqual([expect.objectContaining({ state: 'needs-relogin' })]);

    const other = fake.addAccount({ phone: '+79993330000', firstName: 'Другой' });
    const otherSession = await sessionFor(fake, '+79993330000');
    fake.ban(other.id);
    await expect(connector.connect(handle('c2', otherSession), sink)).rejects.toMatchObject({ code: 'banned' });
    expect(sink.healthChanges.at(-1)).toMatchObject({ state: 'banned' });
    expect(connector.runs('c1') || connector.runs('c2')).toBe(false);
  });

  it('ends the session on Telegram\'s side when asked', async () => {
    const { connector } = connectorFor(fake);
    await connector.connect(handle('c1', session), new RecordingSink());
    await connector.endSession(handle('c1', session));
    expect(connector.runs('c1')).toBe(false);
    expect(fake.sessions(account.id)).toEqual([]);
    expect(fake.invocations({ accountId: account.id }).some((i) => i.method === 'auth.LogOut' && i.outcome === 'ok')).toBe(true);
  });

  it('refuses to run without a session', async () => {
    await expect(connectorFor(fake).connector.connect(handle('c1', null), new RecordingSink())).rejects.toMatchObject({ code: 'auth-lost' });
  });

  it('invokes only allowed MTProto methods in all of the above', async () => {
    const { connector, peers } = connectorFor(fake);
    const sink = new RecordingSink();
    await connector.connect(handle('c1', session), sink);
    const ivan = fake.addUser({ firstName: 'Иван' });
    fake.clientSends(ivan.id, account.id, { text: 'Привет', document: { bytes: Buffer.from('%PDF-1.4'), fileName: 'a.pdf', mimeType: 'application/pdf' } });
    await eventually(() => peers.rows.size, (n) => n === 1);
    await connector.send(handle('c1', session), { messageId: '00000000-0000-4000-8000-000000000301', chatId: ivan.id, text: 'Ответ', attachments: [{ fileName: 'b.pdf', mimeType: 'application/pdf', kind: 'file', content: Buffer.from('%PDF-1.4 b') }] });
    await connector.markRead(handle('c1', session), ivan.id, '1');
    await connector.endSession(handle('c1', session));
    const used = new Set(fake.invocations().map((i) => i.method));
    expect([...used].filter((method) => !ALLOWED_MTPROTO_METHODS.has(method))).toEqual([]);
    expect(used).toEqual(expect.objectContaining({ size: expect.any(Number) }));
    expect(fake.violations).toEqual([]);
  });
});
