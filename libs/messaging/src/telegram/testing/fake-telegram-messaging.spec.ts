import { randomBytes } from 'node:crypto';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { LocalTlWire } from '../transport/local-tl-wire';
import { FakeTelegram } from './fake-telegram';
import { TlTestClient, carrying } from './tl-test-client';

const API = { apiId: 12345, apiHash: '0123456789abcdef0123456789abcdef' };
const START = Date.UTC(2025, 0, 15, 9, 0, 0);
const PHONE = '+79991234567';

async function signedInScene(options: ConstructorParameters<typeof FakeTelegram>[0] = {}) {
  const telegram = new FakeTelegram({ now: () => START, ...options });
  const wire = new LocalTlWire(telegram);
  const account = telegram.addAccount({ phone: PHONE, firstName: 'Цветочный', lastName: 'магазин' });
  const client = await signIn(telegram, wire);
  const user = telegram.addUser({ firstName: 'Иван', lastName: 'Сидоров', username: 'ivan' });
  const peer = new Api.InputPeerUser({ userId: bigInt(user.id), accessHash: bigInt(telegram.accessHashFor(user.id, account.id)) });
  return { telegram, wire, account, client, user, peer };
}

async function signIn(telegram: FakeTelegram, wire: LocalTlWire, authKeyId?: string) {
  const client = await TlTestClient.connect(wire, { dcId: 2, authKeyId });
  if (authKeyId) return client;
  const sent = (await client.invoke(new Api.auth.SendCode({ phoneNumber: PHONE, ...API, settings: new Api.CodeSettings({}) }))) as Api.auth.SentCode;
  await client.invoke(new Api.auth.SignIn({ phoneNumber: PHONE, phoneCodeHash: sent.phoneCodeHash, phoneCode: telegram.codeFor(PHONE) }));
  return client;
}

/** Lets updates already pushed reach every listener (LocalTlWire delivers them on setImmediate). */
const settle = () => new Promise((resolve) => setImmediate(resolve));
const getState = async (client: TlTestClient) => client.invoke(new Api.updates.GetState());
const newMessageIn = (updates: Api.Updates) => updates.updates.find((update): update is Api.UpdateNewMessage => update instanceof Api.UpdateNewMessage)!;

/** Downloads as GramJS's DirectDownloadIter does: fixed-size parts at offset += part until a short one. */
async function download(client: TlTestClient, location: Api.TypeInputFileLocation, partSize: number) {
  const parts: Buffer[] = [];
  for (let offset = 0; ; offset += partSize) {
    const file = (await client.invoke(new Api.upload.GetFile({ location, offset: bigInt(offset), limit: partSize }))) as Api.upload.File;
    parts.push(file.bytes);
    if (file.bytes.length < partSize) return { bytes: Buffer.concat(parts), requests: parts.length, type: file.type };
  }
}

/** Uploads as GramJS's uploadFile does: 128 KB parts below 100 MB, saveBigFilePart above 10 MB. */
async function upload(client: TlTestClient, bytes: Buffer, name: string, partSize = 128 * 1024, big = false) {
  const fileId = bigInt(randomBytes(7).toString('hex'), 16);
  const parts = Math.ceil(bytes.length / partSize);
  for (let part = 0; part < parts; part += 1) {
    const chunk = bytes.subarray(part * partSize, (part + 1) * partSize);
    const request = big
      ? new Api.upload.SaveBigFilePart({ fileId, filePart: part, fileTotalParts: parts, bytes: chunk })
      : new Api.upload.SaveFilePart({ fileId, filePart: part, bytes: chunk });
    expect(await client.invoke(request)).toBe(true);
  }
  return big ? new Api.InputFileBig({ id: fileId, parts, name }) : new Api.InputFile({ id: fileId, parts, name, md5Checksum: '' });
}

describe('the fake Telegram, a client writing to the account', () => {
  it('pushes a new message to the live session as updates with updateNewMessage and the sender with this account’s access hash', async () => {
    const { telegram, account, client, user } = await signedInScene();
    const before = await getState(client);
    const id = telegram.clientSends(user.id, account.id, { text: 'Здравствуйте, есть розы?' });
    const updates = await client.nextUpdate(carrying(Api.UpdateNewMessage));
    const update = newMessageIn(updates);
    const message = update.message as Api.Message;
    expect({ id: message.id, out: message.out, text: message.message, pts: update.pts, ptsCount: update.ptsCount }).toEqual({
      id,
      out: false,
      text: 'Здравствуйте, есть розы?',
      pts: before.pts + 1,
      ptsCount: 1,
    });
    expect((message.fromId as Api.PeerUser).userId.toString()).toBe(user.id);
    expect((message.peerId as Api.PeerUser).userId.toString()).toBe(user.id);
    const [sender] = updates.users as Api.User[];
    expect({ id: sender.id.toString(), accessHash: sender.accessHash?.toString(), firstName: sender.firstName }).toEqual({
      id: user.id,
      accessHash: telegram.accessHashFor(user.id, account.id),
      firstName: 'Иван',
    });
    expect(await getState(client)).toMatchObject({ pts: before.pts + 1, unreadCount: 1 });
  });

  it('keeps messages for updates.getDifference while no session is live, in slices beyond the limit', async () => {
    const { telegram, wire, account, client, user } = await signedInScene({ differenceLimit: 3 });
    const state = await getState(client);
    await client.close();
    const ids = [1, 2, 3, 4, 5].map((n) => telegram.clientSends(user.id, account.id, { text: `сообщение ${n}` }));

    const restored = await signIn(telegram, wire, client.connection.authKeyId);
    expect(restored.updates).toEqual([]);
    const first = (await restored.invoke(new Api.updates.GetDifference({ pts: state.pts, date: state.date, qts: state.qts }))) as Api.updates.DifferenceSlice;
    expect(first).toBeInstanceOf(Api.updates.DifferenceSlice);
    expect(first.newMessages.map((message) => (message as Api.Message).id)).toEqual(ids.slice(0, 3));
    expect((first.users as Api.User[]).find((u) => u.id.toString() === user.id)?.accessHash?.toString()).toBe(telegram.accessHashFor(user.id, account.id));
    const next = first.intermediateState;
    expect(next.pts).toBe(state.pts + 3);
    const rest = (await restored.invoke(new Api.updates.GetDifference({ pts: next.pts, date: next.date, qts: next.qts }))) as Api.updates.Difference;
    expect(rest).toBeInstanceOf(Api.updates.Difference);
    expect(rest.newMessages.map((message) => (message as Api.Message).id)).toEqual(ids.slice(3));
    expect(rest.newEncryptedMessages).toEqual([]);
    const end = rest.state;
    expect(end.pts).toBe(state.pts + 5);
    expect(await restored.invoke(new Api.updates.GetDifference({ pts: end.pts, date: end.date, qts: 0 }))).toBeInstanceOf(Api.updates.DifferenceEmpty);
    expect(await restored.error(new Api.updates.GetDifference({ pts: end.pts + 10, date: end.date, qts: 0 }))).toMatchObject({ errorMessage: 'PERSISTENT_TIMESTAMP_INVALID' });
    expect(await restored.invoke(new Api.updates.GetDifference({ pts: state.pts, date: state.date, qts: 0, ptsTotalLimit: 2 }))).toBeInstanceOf(Api.updates.DifferenceTooLong);
  });

  it('does not push to a session that only made calls wrapped in invokeWithoutUpdates, nor to another account', async () => {
    const { telegram, wire, account, client, user } = await signedInScene();
    const quiet = await TlTestClient.connect(wire, { dcId: 2, withoutUpdates: true });
    const quietly = <R extends Api.AnyRequest>(query: R) => quiet.invoke(new Api.InvokeWithoutUpdates({ query }));
    const sent = (await quietly(new Api.auth.SendCode({ phoneNumber: PHONE, ...API, settings: new Api.CodeSettings({}) }))) as Api.auth.SentCode;
    await quietly(new Api.auth.SignIn({ phoneNumber: PHONE, phoneCodeHash: sent.phoneCodeHash, phoneCode: telegram.codeFor(PHONE) }));
    telegram.addAccount({ phone: '+79997777777', firstName: 'Другой' });
    const other = await TlTestClient.connect(wire, { dcId: 2 });
    const otherCode = (await other.invoke(new Api.auth.SendCode({ phoneNumber: '+79997777777', ...API, settings: new Api.CodeSettings({}) }))) as Api.auth.SentCode;
    await other.invoke(new Api.auth.SignIn({ phoneNumber: '+79997777777', phoneCodeHash: otherCode.phoneCodeHash, phoneCode: telegram.codeFor('+79997777777') }));

    telegram.clientSends(user.id, account.id, { text: 'привет' });
    await client.nextUpdate(carrying(Api.UpdateNewMessage));
    await settle();
    expect(quiet.updates).toEqual([]);
    expect(other.updates).toEqual([]);
  });

  it('gives a photo and documents the real sizes and attributes, downloadable in parts with upload.getFile', async () => {
    const { telegram, account, client, user } = await signedInScene();
    const photoBytes = randomBytes(300_000);
    telegram.clientSends(user.id, account.id, { text: 'вот фото', photo: { bytes: photoBytes, width: 1280, height: 960 } });
    const photoMessage = newMessageIn(await client.nextUpdate(carrying(Api.UpdateNewMessage))).message as Api.Message;
    const photo = (photoMessage.media as Api.MessageMediaPhoto).photo as Api.Photo;
    const size = photo.sizes[0] as Api.PhotoSize;
    expect({ caption: photoMessage.message, size: size.size, w: size.w, dcId: photo.dcId }).toEqual({ caption: 'вот фото', size: 300_000, w: 1280, dcId: 2 });
    const location = new Api.InputPhotoFileLocation({ id: photo.id, accessHash: photo.accessHash, fileReference: photo.fileReference, thumbSize: size.type });
    const downloaded = await download(client, location, 128 * 1024);
    expect(downloaded.bytes.equals(photoBytes)).toBe(true);
    expect(downloaded.requests).toBe(3);
    expect(downloaded.type).toBeInstanceOf(Api.storage.FileJpeg);

    // A file that is a whole number of parts ends with an empty part, as GramJS asks for one more.
    const exact = randomBytes(128 * 1024);
    telegram.clientSends(user.id, account.id, { document: { bytes: exact, fileName: 'прайс.pdf', mimeType: 'application/pdf' } });
    const documentMessage = newMessageIn(await client.nextUpdate(carrying(Api.UpdateNewMessage))).message as Api.Message;
    const document = (documentMessage.media as Api.MessageMediaDocument).document as Api.Document;
    expect({ mimeType: document.mimeType, size: document.size.toJSNumber(), attributes: document.attributes.map((a) => a.className) }).toEqual({
      mimeType: 'application/pdf',
      size: exact.length,
      attributes: ['DocumentAttributeFilename'],
    });
    expect((document.attributes[0] as Api.DocumentAttributeFilename).fileName).toBe('прайс.pdf');
    const documentLocation = new Api.InputDocumentFileLocation({ id: document.id, accessHash: document.accessHash, fileReference: document.fileReference, thumbSize: '' });
    const whole = await download(client, documentLocation, 64 * 1024);
    expect(whole.bytes.equals(exact)).toBe(true);
    expect(whole.requests).toBe(3);

    telegram.clientSends(user.id, account.id, { voice: { bytes: randomBytes(5000), mimeType: 'audio/ogg', duration: 7 } });
    const voice = (newMessageIn(await client.nextUpdate(carrying(Api.UpdateNewMessage))).message as Api.Message).media as Api.MessageMediaDocument;
    expect(voice.voice).toBe(true);
    const audio = (voice.document as Api.Document).attributes.find((a): a is Api.DocumentAttributeAudio => a instanceof Api.DocumentAttributeAudio);
    expect({ voice: audio?.voice, duration: audio?.duration }).toEqual({ voice: true, duration: 7 });

    telegram.clientSends(user.id, account.id, { video: { bytes: randomBytes(5000), mimeType: 'video/mp4', duration: 12, width: 720, height: 1280 } });
    const video = (newMessageIn(await client.nextUpdate(carrying(Api.UpdateNewMessage))).message as Api.Message).media as Api.MessageMediaDocument;
    expect(video.video).toBe(true);
    expect((video.document as Api.Document).attributes.find((a) => a instanceof Api.DocumentAttributeVideo)).toMatchObject({ duration: 12, w: 720, h: 1280 });
  });

  it('refuses downloads with a stale file reference, a bad range, another account’s file or a file kept on another DC', async () => {
    const { telegram, wire, account, client, user } = await signedInScene();
    telegram.clientSends(user.id, account.id, { document: { bytes: randomBytes(10_000), fileName: 'a.txt', mimeType: 'text/plain' } });
    const document = ((newMessageIn(await client.nextUpdate(carrying(Api.UpdateNewMessage))).message as Api.Message).media as Api.MessageMediaDocument).document as Api.Document;
    const at = (fileReference: Buffer, offset: number, limit: number) =>
      new Api.upload.GetFile({ location: new Api.InputDocumentFileLocation({ id: document.id, accessHash: document.accessHash, fileReference, thumbSize: '' }), offset: bigInt(offset), limit });
    expect(await client.error(at(Buffer.from('stale'), 0, 4096))).toMatchObject({ errorMessage: 'FILE_REFERENCE_EXPIRED' });
    expect(await client.error(at(document.fileReference, 100, 4096))).toMatchObject({ errorMessage: 'OFFSET_INVALID' });
    expect(await client.error(at(document.fileReference, 0, 3 * 4096))).toMatchObject({ errorMessage: 'LIMIT_INVALID' });
    expect(await client.error(at(document.fileReference, 1024 * 1024 - 4096, 8192))).toMatchObject({ errorMessage: 'LIMIT_INVALID' });
    const precise = new Api.upload.GetFile({ location: at(document.fileReference, 0, 4096).location, offset: bigInt(1024), limit: 1024, precise: true });
    expect(((await client.invoke(precise)) as Api.upload.File).bytes).toHaveLength(1024);

    const wrongHash = new Api.InputDocumentFileLocation({ id: document.id, accessHash: document.accessHash.add(1), fileReference: document.fileReference, thumbSize: '' });
    expect(await client.error(new Api.upload.GetFile({ location: wrongHash, offset: bigInt(0), limit: 4096 }))).toMatchObject({ errorMessage: 'LOCATION_INVALID' });

    telegram.addAccount({ phone: '+79997777777', firstName: 'Другой' });
    const other = await TlTestClient.connect(wire, { dcId: 2 });
    const sent = (await other.invoke(new Api.auth.SendCode({ phoneNumber: '+79997777777', ...API, settings: new Api.CodeSettings({}) }))) as Api.auth.SentCode;
    await other.invoke(new Api.auth.SignIn({ phoneNumber: '+79997777777', phoneCodeHash: sent.phoneCodeHash, phoneCode: telegram.codeFor('+79997777777') }));
    expect(await other.error(at(document.fileReference, 0, 4096))).toMatchObject({ errorMessage: 'LOCATION_INVALID' });

    telegram.clientSends(user.id, account.id, { photo: { bytes: randomBytes(1000), dcId: 4 } });
    const photo = ((newMessageIn(await client.nextUpdate(carrying(Api.UpdateNewMessage))).message as Api.Message).media as Api.MessageMediaPhoto).photo as Api.Photo;
    const remote = new Api.InputPhotoFileLocation({ id: photo.id, accessHash: photo.accessHash, fileReference: photo.fileReference, thumbSize: 'x' });
    expect(await client.error(new Api.upload.GetFile({ location: remote, offset: bigInt(0), limit: 4096 }))).toMatchObject({ errorCode: 303, errorMessage: 'FILE_MIGRATE_4' });

    // On DC 4 with the authorisation exported from the home DC, the download works.
    const exported = await client.invoke(new Api.auth.ExportAuthorization({ dcId: 4 }));
    const onDc4 = await TlTestClient.connect(wire, { dcId: 4 });
    expect(await onDc4.error(new Api.auth.ImportAuthorization({ id: exported.id, bytes: Buffer.from('forged') }))).toMatchObject({ errorMessage: 'AUTH_BYTES_INVALID' });
    expect(await onDc4.invoke(new Api.auth.ImportAuthorization({ id: exported.id, bytes: exported.bytes }))).toBeInstanceOf(Api.auth.Authorization);
    expect(((await onDc4.invoke(new Api.upload.GetFile({ location: remote, offset: bigInt(0), limit: 4096 }))) as Api.upload.File).bytes).toHaveLength(1000);
  });

  it('lists the chat with messages.getHistory, newest first, in pages', async () => {
    const { telegram, account, client, user, peer } = await signedInScene();
    const ids = [1, 2, 3, 4, 5].map((n) => telegram.clientSends(user.id, account.id, { text: `сообщение ${n}` }));
    const history = (await client.invoke(new Api.messages.GetHistory({ peer, offsetId: 0, offsetDate: 0, addOffset: 0, limit: 2, maxId: 0, minId: 0, hash: bigInt(0) }))) as Api.messages.MessagesSlice;
    expect(history).toBeInstanceOf(Api.messages.MessagesSlice);
    expect(history.count).toBe(5);
    expect(history.messages.map((message) => (message as Api.Message).id)).toEqual([ids[4], ids[3]]);
    const older = (await client.invoke(new Api.messages.GetHistory({ peer, offsetId: ids[3], offsetDate: 0, addOffset: 0, limit: 10, maxId: 0, minId: 0, hash: bigInt(0) }))) as Api.messages.MessagesSlice;
    expect(older.messages.map((message) => (message as Api.Message).id)).toEqual([ids[2], ids[1], ids[0]]);
    const all = await client.invoke(new Api.messages.GetHistory({ peer, offsetId: 0, offsetDate: 0, addOffset: 0, limit: 100, maxId: 0, minId: 0, hash: bigInt(0) }));
    expect(all).toBeInstanceOf(Api.messages.Messages);
  });
});

describe('the fake Telegram, the account sending', () => {
  it('answers messages.sendMessage with updateShortSentMessage, dedupes on random_id, and records what was sent', async () => {
    const { telegram, account, client, user, peer } = await signedInScene();
    const before = await getState(client);
    const request = new Api.messages.SendMessage({ peer, message: 'Да, есть', randomId: bigInt('8765432109876543210') });
    const sent = (await client.invoke(request)) as Api.UpdateShortSentMessage;
    expect(sent).toBeInstanceOf(Api.UpdateShortSentMessage);
    expect({ out: sent.out, pts: sent.pts, ptsCount: sent.ptsCount, date: sent.date }).toEqual({ out: true, pts: before.pts + 1, ptsCount: 1, date: START / 1000 });
    const again = (await client.invoke(request)) as Api.UpdateShortSentMessage;
    expect({ id: again.id, pts: again.pts }).toEqual({ id: sent.id, pts: sent.pts });
    expect(telegram.received(account.id)).toEqual([
      expect.objectContaining({ messageId: sent.id, userId: user.id, text: 'Да, есть', media: null, voice: false, bytes: null, randomId: '8765432109876543210' }),
    ]);
    expect(telegram.history(account.id, user.id)).toEqual([expect.objectContaining({ id: sent.id, out: true, text: 'Да, есть' })]);
  });

  it('answers RANDOM_ID_DUPLICATE instead when told to', async () => {
    const { client, peer } = await signedInScene({ duplicateRandomId: 'error' });
    const request = new Api.messages.SendMessage({ peer, message: 'раз', randomId: bigInt(42) });
    await client.invoke(request);
    expect(await client.error(request)).toMatchObject({ errorCode: 500, errorMessage: 'RANDOM_ID_DUPLICATE' });
  });

  it('refuses another account’s access hash, unknown users, groups and channels, a client who blocked the account, and empty or long text', async () => {
    const { telegram, account, client, user, peer } = await signedInScene();
    const send = (to: Api.TypeInputPeer, message = 'текст') => new Api.messages.SendMessage({ peer: to, message, randomId: bigInt(randomBytes(6).toString('hex'), 16) });
    const other = telegram.addAccount({ phone: '+79997777777', firstName: 'Другой' });
    const foreignHash = new Api.InputPeerUser({ userId: bigInt(user.id), accessHash: bigInt(telegram.accessHashFor(user.id, other.id)) });
    expect(await client.error(send(foreignHash))).toMatchObject({ errorCode: 400, errorMessage: 'PEER_ID_INVALID' });
    expect(await client.error(send(new Api.InputPeerUser({ userId: bigInt(1), accessHash: bigInt(1) })))).toMatchObject({ errorMessage: 'PEER_ID_INVALID' });
    expect(await client.error(send(new Api.InputPeerChat({ chatId: bigInt(5) })))).toMatchObject({ errorCode: 403, errorMessage: 'CHAT_WRITE_FORBIDDEN' });
    expect(await client.error(send(new Api.InputPeerChannel({ channelId: bigInt(5), accessHash: bigInt(5) })))).toMatchObject({ errorMessage: 'CHAT_WRITE_FORBIDDEN' });
    expect(await client.error(send(peer, '   '))).toMatchObject({ errorMessage: 'MESSAGE_EMPTY' });
    expect(await client.error(send(peer, 'я'.repeat(4097)))).toMatchObject({ errorMessage: 'MESSAGE_TOO_LONG' });
    expect(await client.error(new Api.users.GetUsers({ id: [new Api.InputUser({ userId: bigInt(user.id), accessHash: foreignHash.accessHash })] }))).toMatchObject({
      errorMessage: 'PEER_ID_INVALID',
    });
    const [seen] = (await client.invoke(new Api.users.GetUsers({ id: [new Api.InputUser({ userId: peer.userId, accessHash: peer.accessHash })] }))) as Api.User[];
    expect(seen.firstName).toBe('Иван');

    telegram.blockAccount(user.id, account.id);
    expect(await client.error(send(peer))).toMatchObject({ errorCode: 400, errorMessage: 'USER_IS_BLOCKED' });
    telegram.unblockAccount(user.id, account.id);
    expect(await client.invoke(send(peer))).toBeInstanceOf(Api.UpdateShortSentMessage);
    expect(telegram.received(account.id)).toHaveLength(1);
  });

  it('assembles uploaded parts into a document, a voice note and a photo sent with messages.sendMedia', async () => {
    const { telegram, account, client, user, peer } = await signedInScene();
    const bytes = randomBytes(300_000);
    const file = await upload(client, bytes, 'договор.pdf');
    const randomId = bigInt(777);
    const media = new Api.InputMediaUploadedDocument({ file, mimeType: 'application/pdf', attributes: [new Api.DocumentAttributeFilename({ fileName: 'договор.pdf' })] });
    const updates = (await client.invoke(new Api.messages.SendMedia({ peer, media, message: 'Договор', randomId }))) as Api.Updates;
    const messageId = updates.updates.find((update): update is Api.UpdateMessageID => update instanceof Api.UpdateMessageID)!;
    const message = newMessageIn(updates).message as Api.Message;
    expect({ randomId: messageId.randomId?.toString(), id: messageId.id }).toEqual({ randomId: '777', id: message.id });
    expect({ out: message.out, text: message.message, mimeType: ((message.media as Api.MessageMediaDocument).document as Api.Document).mimeType }).toEqual({
      out: true,
      text: 'Договор',
      mimeType: 'application/pdf',
    });

    const voiceFile = await upload(client, randomBytes(20_000), 'voice.ogg');
    const voice = new Api.InputMediaUploadedDocument({ file: voiceFile, mimeType: 'audio/ogg', attributes: [new Api.DocumentAttributeAudio({ voice: true, duration: 3 })] });
    await client.invoke(new Api.messages.SendMedia({ peer, media: voice, message: '', randomId: bigInt(778) }));
    const photoBytes = randomBytes(50_000);
    const photoFile = await upload(client, photoBytes, 'photo.jpg');
    await client.invoke(new Api.messages.SendMedia({ peer, media: new Api.InputMediaUploadedPhoto({ file: photoFile }), message: '', randomId: bigInt(779) }));
    // Over 10 MB: saveBigFilePart and inputFileBig (core.telegram.org/api/files).
    const videoBytes = randomBytes(11 * 1024 * 1024);
    const videoFile = await upload(client, videoBytes, 'clip.mp4', 512 * 1024, true);
    const video = new Api.InputMediaUploadedDocument({
      file: videoFile,
      mimeType: 'video/mp4',
      attributes: [new Api.DocumentAttributeVideo({ duration: 4.5, w: 1920, h: 1080 }), new Api.DocumentAttributeFilename({ fileName: 'clip.mp4' })],
    });
    await client.invoke(new Api.messages.SendMedia({ peer, media: video, message: 'видео', randomId: bigInt(780) }));

    const received = telegram.received(account.id);
    expect(received.map(({ userId, text, media: kind, fileName, mimeType, voice: isVoice }) => ({ userId, text, kind, fileName, mimeType, isVoice }))).toEqual([
      { userId: user.id, text: 'Договор', kind: 'document', fileName: 'договор.pdf', mimeType: 'application/pdf', isVoice: false },
      { userId: user.id, text: '', kind: 'voice', fileName: null, mimeType: 'audio/ogg', isVoice: true },
      { userId: user.id, text: '', kind: 'photo', fileName: null, mimeType: 'image/jpeg', isVoice: false },
      { userId: user.id, text: 'видео', kind: 'video', fileName: 'clip.mp4', mimeType: 'video/mp4', isVoice: false },
    ]);
    expect(received[0].bytes?.equals(bytes)).toBe(true);
    expect(received[2].bytes?.equals(photoBytes)).toBe(true);
    expect(received[3].bytes?.equals(videoBytes)).toBe(true);
  });

  it('refuses media with a missing part, parts of changing size, a wrong checksum or a big file sent as a small one', async () => {
    const { client, peer } = await signedInScene();
    const sendDocument = (file: Api.TypeInputFile) =>
      new Api.messages.SendMedia({ peer, media: new Api.InputMediaUploadedDocument({ file, mimeType: 'text/plain', attributes: [] }), message: '', randomId: bigInt(randomBytes(6).toString('hex'), 16) });
    const fileId = bigInt(99);
    await client.invoke(new Api.upload.SaveFilePart({ fileId, filePart: 0, bytes: randomBytes(128 * 1024) }));
    await client.invoke(new Api.upload.SaveFilePart({ fileId, filePart: 2, bytes: randomBytes(10) }));
    expect(await client.error(sendDocument(new Api.InputFile({ id: fileId, parts: 3, name: 'a.txt', md5Checksum: '' })))).toMatchObject({ errorMessage: 'FILE_PART_1_MISSING' });
    await client.invoke(new Api.upload.SaveFilePart({ fileId, filePart: 1, bytes: randomBytes(64 * 1024) }));
    expect(await client.error(sendDocument(new Api.InputFile({ id: fileId, parts: 3, name: 'a.txt', md5Checksum: '' })))).toMatchObject({ errorMessage: 'FILE_PART_SIZE_CHANGED' });

    const small = await upload(client, Buffer.from('привет'), 'a.txt');
    expect(await client.error(sendDocument(new Api.InputFile({ id: (small as Api.InputFile).id, parts: 1, name: 'a.txt', md5Checksum: 'ffffffffffffffffffffffffffffffff' })))).toMatchObject({
      errorMessage: 'MD5_CHECKSUM_INVALID',
    });
    expect(await client.error(sendDocument(new Api.InputFile({ id: bigInt(12345), parts: 1, name: 'a.txt', md5Checksum: '' })))).toMatchObject({ errorMessage: 'FILE_PART_0_MISSING' });
    expect(await client.error(new Api.upload.SaveFilePart({ fileId: bigInt(5), filePart: 0, bytes: Buffer.alloc(0) }))).toMatchObject({ errorMessage: 'FILE_PART_EMPTY' });
    expect(await client.error(new Api.upload.SaveFilePart({ fileId: bigInt(5), filePart: 0, bytes: Buffer.alloc(600 * 1024) }))).toMatchObject({ errorMessage: 'FILE_PART_TOO_BIG' });
    const big = await upload(client, randomBytes(11 * 1024 * 1024), 'big.bin', 512 * 1024);
    expect(await client.error(sendDocument(big))).toMatchObject({ errorMessage: 'FILE_PARTS_INVALID' });
    expect(await client.error(new Api.messages.SendMedia({ peer, media: new Api.InputMediaGeoPoint({ geoPoint: new Api.InputGeoPointEmpty() }), message: '', randomId: bigInt(1) }))).toMatchObject({
      errorMessage: 'METHOD_NOT_MODELLED_messages.SendMedia:InputMediaGeoPoint',
    });
  });

  it("shows the account's other sessions what it sent and read, but not the session that did it", async () => {
    const { telegram, wire, account, client, user, peer } = await signedInScene();
    const second = await signIn(telegram, wire);
    await client.invoke(new Api.messages.SendMessage({ peer, message: 'с ноутбука', randomId: bigInt(1) }));
    const seen = newMessageIn(await second.nextUpdate(carrying(Api.UpdateNewMessage))).message as Api.Message;
    expect({ out: seen.out, text: seen.message }).toEqual({ out: true, text: 'с ноутбука' });
    const answer = telegram.clientSends(user.id, account.id, { text: 'ответ' });
    await client.nextUpdate(carrying(Api.UpdateNewMessage));
    await second.nextUpdate(carrying(Api.UpdateNewMessage));
    await client.invoke(new Api.messages.ReadHistory({ peer, maxId: answer }));
    const read = (await second.nextUpdate(carrying(Api.UpdateReadHistoryInbox))).updates[0] as Api.UpdateReadHistoryInbox;
    expect({ maxId: read.maxId, stillUnreadCount: read.stillUnreadCount }).toEqual({ maxId: answer, stillUnreadCount: 0 });
    await settle();
    expect(client.updates).toEqual([]);
  });
});

describe('the fake Telegram, read marks', () => {
  it('pushes updateReadHistoryOutbox when the client reads, never backwards', async () => {
    const { telegram, account, client, user, peer } = await signedInScene();
    const first = (await client.invoke(new Api.messages.SendMessage({ peer, message: 'один', randomId: bigInt(1) }))) as Api.UpdateShortSentMessage;
    const second = (await client.invoke(new Api.messages.SendMessage({ peer, message: 'два', randomId: bigInt(2) }))) as Api.UpdateShortSentMessage;
    expect(telegram.clientReads(user.id, account.id, second.id)).toBe(true);
    const update = (await client.nextUpdate(carrying(Api.UpdateReadHistoryOutbox))).updates[0] as Api.UpdateReadHistoryOutbox;
    expect({ peer: (update.peer as Api.PeerUser).userId.toString(), maxId: update.maxId, pts: update.pts, ptsCount: update.ptsCount }).toEqual({
      peer: user.id,
      maxId: second.id,
      pts: second.pts + 1,
      ptsCount: 1,
    });
    expect(telegram.clientReads(user.id, account.id, first.id)).toBe(false);
    // Reading beyond the last message marks only up to it.
    expect(telegram.clientReads(user.id, account.id, second.id + 100)).toBe(false);
  });

  it('answers messages.readHistory with affectedMessages, records the mark and lowers the unread count', async () => {
    const { telegram, account, client, user, peer } = await signedInScene();
    const ids = [1, 2, 3].map((n) => telegram.clientSends(user.id, account.id, { text: `вопрос ${n}` }));
    expect(await getState(client)).toMatchObject({ unreadCount: 3 });
    const affected = await client.invoke(new Api.messages.ReadHistory({ peer, maxId: ids[1] }));
    expect(affected).toBeInstanceOf(Api.messages.AffectedMessages);
    expect(affected.ptsCount).toBe(1);
    expect(await getState(client)).toMatchObject({ unreadCount: 1, pts: affected.pts });
    const again = await client.invoke(new Api.messages.ReadHistory({ peer, maxId: ids[0] }));
    expect(again).toMatchObject({ pts: affected.pts, ptsCount: 0 });
    expect(telegram.readMarks(account.id).map(({ userId, maxId }) => ({ userId, maxId }))).toEqual([
      { userId: user.id, maxId: ids[1] },
      { userId: user.id, maxId: ids[0] },
    ]);
    expect(await client.error(new Api.messages.ReadHistory({ peer: new Api.InputPeerUser({ userId: peer.userId, accessHash: peer.accessHash.add(1) }), maxId: 1 }))).toMatchObject({
      errorMessage: 'PEER_ID_INVALID',
    });
  });
});
