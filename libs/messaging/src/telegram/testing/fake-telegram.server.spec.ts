import { randomBytes } from 'node:crypto';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { HttpTlWire, HttpTlWireError } from '../transport/http-tl-wire';
import { FakeTelegramServer, type RunningFakeTelegramServer } from './fake-telegram.server';
import { TlTestClient, carrying } from './tl-test-client';

const API = { apiId: 12345, apiHash: '0123456789abcdef0123456789abcdef' };

describe('the fake Telegram over HTTP (FakeTelegramServer + HttpTlWire)', () => {
  let server: FakeTelegramServer;
  let running: RunningFakeTelegramServer;
  const wires: HttpTlWire[] = [];
  const clients: TlTestClient[] = [];

  const control = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await fetch(`${running.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };

  const connect = async (dcId = 2, authKeyId?: string) => {
    const wire = new HttpTlWire(running.url, { retryDelayMs: 20 });
    wires.push(wire);
    const client = await TlTestClient.connect(wire, { dcId, authKeyId });
    clients.push(client);
    return client;
  };

  const until = async (condition: () => Promise<boolean>) => {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      if (await condition()) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('The condition was never met');
  };

  beforeEach(async () => {
    server = new FakeTelegramServer({ pollTimeoutMs: 200, dropAfterMs: 300 });
    running = await server.start();
  });

  afterEach(async () => {
    clients.splice(0);
    for (const wire of wires.splice(0)) await wire.closeAll();
    await running.close();
  });

  async function signIn(client: TlTestClient, phone: string) {
    const sent = (await client.invoke(new Api.auth.SendCode({ phoneNumber: phone, ...API, settings: new Api.CodeSettings({}) }))) as Api.auth.SentCode;
    const code = await control('GET', `/control/code?phone=${encodeURIComponent(phone)}`);
    expect(code.status).toBe(200);
    return client.invoke(new Api.auth.SignIn({ phoneNumber: phone, phoneCodeHash: sent.phoneCodeHash, phoneCode: (code.body as { code: string }).code }));
  }

  it('logs in by phone code, carries a client’s photo as a pushed update by long poll, and reports what the account sent', async () => {
    const account = (await control('POST', '/control/accounts', { phone: '+79991234567', firstName: 'Анна', dcId: 2 })).body as { id: string };
    const user = (await control('POST', '/control/users', { firstName: 'Иван' })).body as { id: string };
    const client = await connect(2);
    expect(await signIn(client, '+79991234567')).toBeInstanceOf(Api.auth.Authorization);

    const photo = randomBytes(20_000);
    const sent = await control('POST', '/control/send', { userId: user.id, accountId: account.id, text: 'фото', photo: { bytes: photo.toString('base64') } });
    expect(sent.status).toBe(201);
    const updates = await client.nextUpdate(carrying(Api.UpdateNewMessage));
    const message = (updates.updates[0] as Api.UpdateNewMessage).message as Api.Message;
    expect(message.id).toBe((sent.body as { messageId: number }).messageId);
    const picture = (message.media as Api.MessageMediaPhoto).photo as Api.Photo;
    const file = (await client.invoke(
      new Api.upload.GetFile({
        location: new Api.InputPhotoFileLocation({ id: picture.id, accessHash: picture.accessHash, fileReference: picture.fileReference, thumbSize: 'x' }),
        offset: bigInt(0),
        limit: 64 * 1024,
      }),
    )) as Api.upload.File;
    expect(file.bytes.equals(photo)).toBe(true);

    const { accessHash } = (await control('GET', `/control/access-hash?account=${account.id}&user=${user.id}`)).body as { accessHash: string };
    const peer = new Api.InputPeerUser({ userId: bigInt(user.id), accessHash: bigInt(accessHash) });
    const fileId = bigInt(7);
    await client.invoke(new Api.upload.SaveFilePart({ fileId, filePart: 0, bytes: Buffer.from('%PDF-1.4 счёт') }));
    await client.invoke(
      new Api.messages.SendMedia({
        peer,
        media: new Api.InputMediaUploadedDocument({
          file: new Api.InputFile({ id: fileId, parts: 1, name: 'счёт.pdf', md5Checksum: '' }),
          mimeType: 'application/pdf',
          attributes: [new Api.DocumentAttributeFilename({ fileName: 'счёт.pdf' })],
        }),
        message: 'Ваш счёт',
        randomId: bigInt(11),
      }),
    );
    const received = (await control('GET', `/control/received?account=${account.id}`)).body as Array<{ text: string; fileName: string; bytes: string; media: string }>;
    expect(received).toEqual([expect.objectContaining({ text: 'Ваш счёт', media: 'document', fileName: 'счёт.pdf' })]);
    expect(Buffer.from(received[0].bytes, 'base64').toString('utf8')).toBe('%PDF-1.4 счёт');

    const invoked = (await control('GET', `/control/invoked?account=${account.id}`)).body as string[];
    expect(invoked).toEqual(expect.arrayContaining(['InvokeWithLayer', 'auth.SendCode', 'auth.SignIn', 'upload.GetFile', 'upload.SaveFilePart', 'messages.SendMedia']));
  });

  it('passes RPC errors as answers, and a QR scan and a read mark through the control endpoints', async () => {
    const account = (await control('POST', '/control/accounts', { phone: '+79991234567', firstName: 'Анна', password: 'секрет', hint: 'кот' })).body as { id: string };
    const client = await connect(4);
    expect(await control('POST', '/control/fail', { method: 'auth.ExportLoginToken', errorMessage: 'FLOOD_WAIT_30' })).toMatchObject({ status: 204 });
    const exportToken = new Api.auth.ExportLoginToken({ ...API, exceptIds: [] });
    expect(await client.error(exportToken)).toMatchObject({ errorCode: 420, errorMessage: 'FLOOD_WAIT_30' });
    const token = (await client.invoke(exportToken)) as Api.auth.LoginToken;
    expect(await control('POST', '/control/scan', { token: 'AAAA', phone: '+79991234567' })).toMatchObject({ status: 422, body: { reason: 'token-unknown' } });
    expect(await control('POST', '/control/scan', { token: `tg://login?token=${token.token.toString('base64url')}`, phone: '+79991234567' })).toMatchObject({ status: 204 });
    await client.nextUpdate((update): update is Api.UpdateShort => update instanceof Api.UpdateShort && update.update instanceof Api.UpdateLoginToken);
    const migrate = (await client.invoke(exportToken)) as Api.auth.LoginTokenMigrateTo;
    expect(migrate.dcId).toBe(2);
    const home = await connect(2);
    expect(await home.error(new Api.auth.ImportLoginToken({ token: migrate.token }))).toMatchObject({ errorCode: 401, errorMessage: 'SESSION_PASSWORD_NEEDED' });
    expect((await home.invoke(new Api.account.GetPassword())).hint).toBe('кот');

    expect(await control('POST', '/control/ban', { accountId: account.id })).toMatchObject({ status: 204 });
    expect(await home.error(new Api.account.GetPassword())).toMatchObject({ errorMessage: 'USER_DEACTIVATED_BAN' });
  });

  it('records two live connections with one key as a violation, and drops a connection whose poll is cut off', async () => {
    await control('POST', '/control/accounts', { phone: '+79991234567', firstName: 'Анна' });
    const first = await connect(2);
    await signIn(first, '+79991234567');
    expect((await control('GET', '/control/live')).body).toEqual([expect.objectContaining({ authKeyId: first.connection.authKeyId, state: 'authorised', connections: [expect.objectContaining({ listening: true })] })]);
    expect((await control('GET', '/control/violations')).body).toEqual([]);

    const second = await connect(2, first.connection.authKeyId).catch((error: unknown) => error);
    expect(second).toMatchObject({ errorCode: 406, errorMessage: 'AUTH_KEY_DUPLICATED' });
    expect((await control('GET', '/control/violations')).body).toEqual([expect.objectContaining({ kind: 'auth-key-duplicated', authKeyId: first.connection.authKeyId })]);

    // A process that dies takes its long poll with it: the fake closes the connection.
    const orphan = { connectionId: 'orphan', authKeyId: 'feedface', dcId: 2 };
    expect((await fetch(`${running.url}/wire/open`, { method: 'POST', body: JSON.stringify(orphan) })).status).toBe(204);
    const controller = new AbortController();
    const poll = fetch(`${running.url}/wire/updates?connectionId=orphan`, { signal: controller.signal }).catch(() => undefined);
    await until(async () => ((await control('GET', '/control/live')).body as Array<{ authKeyId: string }>).some((key) => key.authKeyId === 'feedface'));
    controller.abort();
    await poll;
    await until(async () => !((await control('GET', '/control/live')).body as Array<{ authKeyId: string }>).some((key) => key.authKeyId === 'feedface'));
    // One that opens and never polls is dropped after dropAfterMs.
    await fetch(`${running.url}/wire/open`, { method: 'POST', body: JSON.stringify({ ...orphan, connectionId: 'silent' }) });
    await until(async () => !((await control('GET', '/control/live')).body as Array<{ authKeyId: string }>).some((key) => key.authKeyId === 'feedface'));
    expect((await fetch(`${running.url}/wire/updates?connectionId=silent`)).status).toBe(410);
  });

  it('throws HttpTlWireError for a call on a closed connection and when the fake is unreachable', async () => {
    const client = await connect(2);
    const wire = wires[wires.length - 1];
    await client.close();
    clients.splice(clients.indexOf(client), 1);
    await expect(wire.call(client.connection, Buffer.from(new Api.help.GetConfig().getBytes()))).rejects.toMatchObject({ name: 'HttpTlWireError', status: 409 });
    const nowhere = new HttpTlWire('http://127.0.0.1:9', { callTimeoutMs: 2000 });
    await expect(nowhere.open(client.connection)).rejects.toBeInstanceOf(HttpTlWireError);
  });

  it('answers bad control requests with 400, unknown ids with 409 and unknown routes with 404', async () => {
    expect(await control('POST', '/control/accounts', { firstName: 'Без телефона' })).toMatchObject({ status: 400 });
    expect(await control('POST', '/control/accounts', { phone: 'abc', firstName: 'Анна' })).toMatchObject({ status: 409 });
    expect(await control('POST', '/control/send', { userId: '1', accountId: '2', text: 'x' })).toMatchObject({ status: 409 });
    expect(await control('GET', '/control/code?phone=%2B79990000000')).toMatchObject({ status: 404 });
    expect(await control('GET', '/control/received')).toMatchObject({ status: 400 });
    expect(await control('POST', '/control/fail', { method: 'auth.sendCode', errorMessage: 'X' })).toMatchObject({ status: 409 });
    expect(await control('GET', '/control/nothing')).toMatchObject({ status: 404 });
    const broken = await fetch(`${running.url}/control/users`, { method: 'POST', body: '{not json' });
    expect(broken.status).toBe(400);
  });
});
