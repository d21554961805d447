import { gunzipSync } from 'node:zlib';
import bigInt, { type BigInteger } from 'big-integer';
import { Api } from 'telegram';
import { BinaryReader } from 'telegram/extensions';
import { type Account, type ClientUser, type FakeTelegramState, PHOTO_SIZE_TYPE, type PtsEvent, RpcError, type StoredFile, type StoredMessage, DC_IDS } from './fake-telegram-model';

/**
 * The TL side of the fake: reading request bytes with GramJS's own `BinaryReader`, and building
 * the real `Api` objects (serialised with their own `getBytes()`) the fake answers with.
 */

/** Anything the fake can answer: an `Api` object, or a bare TL vector or Bool. */
export interface TlSerialisable {
  getBytes(): Buffer;
}

/** A request as `BinaryReader#tgReadObject()` gives it back. */
export interface TlRequest {
  className: string;
  classType: 'request' | 'constructor';
}

export interface ParsedRequest {
  query: TlRequest;
  /** Outermost first, the query last. */
  chain: string[];
  withoutUpdates: boolean;
  layer?: number;
  apiId?: number;
}

const VECTOR_ID = 0x1cb5c415;
const BOOL_TRUE = 0x997275b5;
const BOOL_FALSE = 0xbc799737;
const GZIP_PACKED = 0x3072cfa1;

/** `Vector<T>` as TL writes it: the vector constructor, the count, then each boxed item. */
export function tlVector(items: TlSerialisable[]): TlSerialisable {
  return {
    getBytes() {
      const head = Buffer.alloc(8);
      head.writeUInt32LE(VECTOR_ID, 0);
      head.writeInt32LE(items.length, 4);
      return Buffer.concat([head, ...items.map((item) => item.getBytes())]);
    },
  };
}

export function tlBool(value: boolean): TlSerialisable {
  return {
    getBytes() {
      const bytes = Buffer.alloc(4);
      bytes.writeUInt32LE(value ? BOOL_TRUE : BOOL_FALSE, 0);
      return bytes;
    },
  };
}

export function long(value: bigint): BigInteger {
  return bigInt(value.toString());
}

export function fromLong(value: BigInteger | bigint | number): bigint {
  return BigInt(value.toString());
}

/**
 * Reads one request and unwraps the wrappers Telegram applies before the query itself
 * (core.telegram.org/api/invoking): invokeWithLayer, initConnection, invokeWithoutUpdates,
 * invokeAfterMsg(s); gzip_packed is inflated first (core.telegram.org/mtproto/serialize).
 */
export function readRequest(bytes: Buffer): ParsedRequest {
  let object: unknown;
  try {
    const reader = new BinaryReader(inflate(bytes));
    object = reader.tgReadObject();
    if (reader.tellPosition() !== reader.getBuffer().length) throw new RpcError(400, 'INPUT_FETCH_FAIL');
  } catch (error) {
    if (error instanceof RpcError) throw error;
    if (error instanceof Error && error.message.includes('matching Constructor ID')) throw new RpcError(400, 'INPUT_METHOD_INVALID');
    throw new RpcError(400, 'INPUT_FETCH_FAIL');
  }
  const parsed: ParsedRequest = { query: object as TlRequest, chain: [], withoutUpdates: false };
  let current: unknown = object;
  for (;;) {
    if (!isRequest(current)) throw new RpcError(400, 'INPUT_METHOD_INVALID');
    parsed.chain.push(current.className);
    if (current instanceof Api.InvokeWithLayer) parsed.layer = current.layer;
    else if (current instanceof Api.InitConnection) parsed.apiId = current.apiId;
    else if (current instanceof Api.InvokeWithoutUpdates) parsed.withoutUpdates = true;
    else if (!(current instanceof Api.InvokeAfterMsg || current instanceof Api.InvokeAfterMsgs)) break;
    current = (current as { query: unknown }).query;
  }
  parsed.query = current;
  return parsed;
}

function inflate(bytes: Buffer): Buffer {
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== GZIP_PACKED) return bytes;
  const reader = new BinaryReader(bytes);
  reader.readInt(false);
  return gunzipSync(reader.tgReadBytes());
}

function isRequest(value: unknown): value is TlRequest {
  return typeof value === 'object' && value !== null && (value as TlRequest).classType === 'request' && typeof (value as TlRequest).className === 'string';
}

let knownMethods: Set<string> | undefined;

/** Every method of the TL schema GramJS speaks, by `className` ('auth.SendCode', 'InvokeWithLayer'…). */
export function isKnownMethod(name: string): boolean {
  if (!knownMethods) {
    knownMethods = new Set();
    const walk = (namespace: Record<string, unknown>, prefix: string) => {
      for (const [key, value] of Object.entries(namespace)) {
        if (typeof value === 'function' && (value as { classType?: string }).classType === 'request') knownMethods!.add(prefix + key);
        else if (value && typeof value === 'object' && /^[a-z]/.test(key)) walk(value as Record<string, unknown>, `${prefix}${key}.`);
      }
    };
    walk(Api, '');
  }
  return knownMethods.has(name);
}

// ---- Builders: the model as Telegram shows it --------------------------------------------------

export function selfUser(state: FakeTelegramState, account: Account, unixNow: number): Api.User {
  return new Api.User({
    self: true,
    id: long(account.id),
    accessHash: long(state.accessHash(account.id, account.id)),
    firstName: account.firstName,
    lastName: account.lastName,
    username: account.username,
    phone: account.phone,
    status: new Api.UserStatusOnline({ expires: unixNow + 300 }),
  });
}

/** A client as the account sees it: with the access hash valid for this account only. */
export function clientUser(state: FakeTelegramState, client: ClientUser, viewer: Account): Api.User {
  return new Api.User({
    id: long(client.id),
    accessHash: long(state.accessHash(viewer.id, client.id)),
    firstName: client.firstName,
    lastName: client.lastName,
    username: client.username,
    phone: client.phone,
    status: new Api.UserStatusRecently({}),
  });
}

export function messageOf(account: Account, message: StoredMessage): Api.Message {
  return new Api.Message({
    id: message.id,
    out: message.out,
    fromId: new Api.PeerUser({ userId: long(message.out ? account.id : message.userId) }),
    peerId: new Api.PeerUser({ userId: long(message.userId) }),
    date: message.date,
    message: message.text,
    media: message.media ? mediaOf(message.media) : undefined,
  });
}

export function mediaOf(file: StoredFile): Api.TypeMessageMedia {
  if (file.kind === 'photo') {
    return new Api.MessageMediaPhoto({
      photo: new Api.Photo({
        id: long(file.id),
        accessHash: long(file.accessHash),
        fileReference: file.fileReference,
        date: file.date,
        sizes: [new Api.PhotoSize({ type: PHOTO_SIZE_TYPE, w: file.width ?? 800, h: file.height ?? 600, size: file.bytes.length })],
        dcId: file.dcId,
      }),
    });
  }
  const attributes: Api.TypeDocumentAttribute[] = [];
  if (file.kind === 'voice') attributes.push(new Api.DocumentAttributeAudio({ voice: true, duration: file.duration ?? 0 }));
  if (file.kind === 'video') {
    attributes.push(new Api.DocumentAttributeVideo({ duration: file.duration ?? 0, w: file.width ?? 640, h: file.height ?? 480, supportsStreaming: true }));
  }
  if (file.fileName) attributes.push(new Api.DocumentAttributeFilename({ fileName: file.fileName }));
  return new Api.MessageMediaDocument({
    voice: file.kind === 'voice' ? true : undefined,
    video: file.kind === 'video' ? true : undefined,
    document: new Api.Document({
      id: long(file.id),
      accessHash: long(file.accessHash),
      fileReference: file.fileReference,
      date: file.date,
      mimeType: file.mimeType,
      size: bigInt(file.bytes.length),
      dcId: file.dcId,
      attributes,
    }),
  });
}

/** The Update a pts event is, as pushed and as listed in a difference's other_updates. */
export function updateOf(account: Account, event: PtsEvent): Api.TypeUpdate {
  switch (event.kind) {
    case 'new-message':
      return new Api.UpdateNewMessage({ message: messageOf(account, event.message), pts: event.pts, ptsCount: 1 });
    case 'read-outbox':
      return new Api.UpdateReadHistoryOutbox({ peer: new Api.PeerUser({ userId: long(event.userId) }), maxId: event.maxId, pts: event.pts, ptsCount: 1 });
    case 'read-inbox':
      return new Api.UpdateReadHistoryInbox({
        peer: new Api.PeerUser({ userId: long(event.userId) }),
        maxId: event.maxId,
        stillUnreadCount: event.stillUnreadCount,
        pts: event.pts,
        ptsCount: 1,
      });
  }
}

export function eventUserId(event: PtsEvent): bigint {
  return event.kind === 'new-message' ? event.message.userId : event.userId;
}

/** One pts event pushed as `updates` with the client it concerns (core.telegram.org/api/updates). */
export function eventUpdates(state: FakeTelegramState, account: Account, event: PtsEvent, unixNow: number): Api.Updates {
  return new Api.Updates({
    updates: [updateOf(account, event)],
    users: [clientUser(state, state.client(eventUserId(event)), account)],
    chats: [],
    date: unixNow,
    seq: event.seq,
  });
}

/** storage.FileType of upload.file, from the MIME type (core.telegram.org/type/storage.FileType). */
export function storageTypeOf(mimeType: string): Api.storage.TypeFileType {
  switch (mimeType) {
    case 'image/jpeg':
      return new Api.storage.FileJpeg();
    case 'image/png':
      return new Api.storage.FilePng();
    case 'image/gif':
      return new Api.storage.FileGif();
    case 'image/webp':
      return new Api.storage.FileWebp();
    case 'application/pdf':
      return new Api.storage.FilePdf();
    case 'audio/mpeg':
      return new Api.storage.FileMp3();
    case 'video/mp4':
      return new Api.storage.FileMp4();
    case 'video/quicktime':
      return new Api.storage.FileMov();
    default:
      return new Api.storage.FileUnknown();
  }
}

export interface ConfigOptions {
  thisDc: number;
  unixNow: number;
  dcAddress: string;
  dcPort: number;
}

/**
 * help.getConfig: every required field of `config` (core.telegram.org/constructor/config) with
 * Telegram's usual values, and the five DCs at the fake's address.
 */
export function configOf(options: ConfigOptions): Api.Config {
  return new Api.Config({
    date: options.unixNow,
    expires: options.unixNow + 3600,
    testMode: false,
    thisDc: options.thisDc,
    dcOptions: DC_IDS.map((id) => new Api.DcOption({ id, ipAddress: options.dcAddress, port: options.dcPort })),
    dcTxtDomainName: 'apv3.stel.com',
    chatSizeMax: 200,
    megagroupSizeMax: 200000,
    forwardedCountMax: 100,
    onlineUpdatePeriodMs: 210000,
    offlineBlurTimeoutMs: 5000,
    offlineIdleTimeoutMs: 30000,
    onlineCloudTimeoutMs: 300000,
    notifyCloudDelayMs: 30000,
    notifyDefaultDelayMs: 1500,
    pushChatPeriodMs: 60000,
    pushChatLimit: 2,
    editTimeLimit: 172800,
    revokeTimeLimit: 2147483647,
    revokePmTimeLimit: 2147483647,
    ratingEDecay: 2419200,
    stickersRecentLimit: 200,
    channelsReadMediaPeriod: 604800,
    callReceiveTimeoutMs: 20000,
    callRingTimeoutMs: 90000,
    callConnectTimeoutMs: 30000,
    callPacketTimeoutMs: 10000,
    meUrlPrefix: 'https://t.me/',
    captionLengthMax: 1024,
    messageLengthMax: 4096,
    webfileDcId: 4,
  });
}
