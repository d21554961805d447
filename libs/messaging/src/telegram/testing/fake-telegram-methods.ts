import { createHash, randomBytes, randomInt } from 'node:crypto';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import {
  type Account,
  type AuthKey,
  type ClientUser,
  CODE_LENGTH,
  DC_IDS,
  type FakeTelegramState,
  type LiveConnection,
  type MediaKind,
  PHOTO_SIZE_TYPE,
  RpcError,
  type StoredMessage,
  normalisePhone,
} from './fake-telegram-model';
import { TELEGRAM_SRP_G, TELEGRAM_SRP_PRIME, createSrpChallenge, verifySrpCheck } from './fake-telegram-srp';
import {
  type TlRequest,
  type TlSerialisable,
  clientUser,
  configOf,
  eventUpdates,
  eventUserId,
  fromLong,
  long,
  messageOf,
  selfUser,
  storageTypeOf,
  tlBool,
  tlVector,
  updateOf,
} from './fake-telegram-tl';

/**
 * The TL request dispatch of the fake: one handler per method, keyed by the `className` GramJS
 * gives the request. A method missing here answers 400 METHOD_NOT_MODELLED_<className>.
 * Behaviour that is Telegram's cites its page on core.telegram.org.
 */

export interface FakeTelegramSettings {
  /** auth.loginToken expires this long after export ("usually 30 seconds": core.telegram.org/api/qr-login). */
  loginTokenTtlSeconds: number;
  /** How long a code sent by auth.sendCode stays valid before PHONE_CODE_EXPIRED. */
  codeTtlSeconds: number;
  /** Updates per updates.getDifference before it answers differenceSlice. */
  differenceLimit: number;
  /** What help.getConfig lists as every DC's address. */
  dcAddress: string;
  dcPort: number;
  nearestDc: number;
  /**
   * A send with a random_id already used by the account: answer the original message (the
   * default) or 500 RANDOM_ID_DUPLICATE, the two behaviours clients meet.
   */
  duplicateRandomId: 'return-original' | 'error';
  /** When set, auth.sendCode and auth.exportLoginToken refuse other credentials with API_ID_INVALID. */
  apiCredentials?: { apiId: number; apiHash: string };
}

export interface MethodContext {
  readonly state: FakeTelegramState;
  readonly settings: FakeTelegramSettings;
  readonly connection: LiveConnection;
  readonly key: AuthKey;
  now(): number;
  unixNow(): number;
  /** Pushes an Updates object to the account's live sessions, optionally not to one of them. */
  push(account: Account, updates: TlSerialisable, except?: LiveConnection): void;
}

/**
 * Who may call a method: anyone (the connect and login methods: "this method can be invoked over
 * an unauthenticated connection", core.telegram.org/api/auth), a key signed in to an account,
 * or one signed in or waiting for its 2FA password.
 */
export type MethodAccess = 'anyone' | 'signing-in' | 'signed-in';

export interface MethodHandler {
  access: MethodAccess;
  handle(context: MethodContext, request: TlRequest, account: Account | undefined): TlSerialisable;
}

type RequestClass<R> = { className: string } & (new (...args: never[]) => R);

function anyone<R extends TlRequest>(cls: RequestClass<R>, handle: (context: MethodContext, request: R) => TlSerialisable): [string, MethodHandler] {
  return [cls.className, { access: 'anyone', handle: (context, request) => handle(context, request as R) }];
}

function forAccount<R extends TlRequest>(
  access: 'signing-in' | 'signed-in',
  cls: RequestClass<R>,
  handle: (context: MethodContext, request: R, account: Account) => TlSerialisable,
): [string, MethodHandler] {
  return [cls.className, { access, handle: (context, request, account) => handle(context, request as R, account!) }];
}

const signedIn = <R extends TlRequest>(cls: RequestClass<R>, handle: (context: MethodContext, request: R, account: Account) => TlSerialisable) =>
  forAccount('signed-in', cls, handle);

const signingIn = <R extends TlRequest>(cls: RequestClass<R>, handle: (context: MethodContext, request: R, account: Account) => TlSerialisable) =>
  forAccount('signing-in', cls, handle);

const MAX_MESSAGE_LENGTH = 4096;
const MAX_CAPTION_LENGTH = 1024;
const MAX_SMALL_FILE = 10 * 1024 * 1024;
const MAX_PART_SIZE = 512 * 1024;
const MEGABYTE = 1024 * 1024;
const KEPT_SRP_CHALLENGES = 8;

export const METHODS: ReadonlyMap<string, MethodHandler> = new Map([
  // ---- Connecting -------------------------------------------------------------------------------
  anyone(Api.help.GetConfig, (context) =>
    configOf({ thisDc: context.connection.dcId, unixNow: context.unixNow(), dcAddress: context.settings.dcAddress, dcPort: context.settings.dcPort }),
  ),
  anyone(Api.help.GetNearestDc, (context) => new Api.NearestDc({ country: 'RU', thisDc: context.connection.dcId, nearestDc: context.settings.nearestDc })),
  anyone(Api.Ping, (_context, request) => new Api.Pong({ msgId: bigInt.zero, pingId: request.pingId })),
  anyone(Api.PingDelayDisconnect, (_context, request) => new Api.Pong({ msgId: bigInt.zero, pingId: request.pingId })),

  // ---- Login by phone code (core.telegram.org/api/auth) --------------------------------------
  anyone(Api.auth.SendCode, (context, request) => {
    checkApiCredentials(context, request.apiId, request.apiHash);
    const phone = normalisePhone(request.phoneNumber);
    if (!phone) throw new RpcError(400, 'PHONE_NUMBER_INVALID');
    const account = context.state.accountsByPhone.get(phone);
    if (account?.banned) throw new RpcError(400, 'PHONE_NUMBER_BANNED');
    // "303 PHONE_MIGRATE_X: repeat the query to data-center X" (core.telegram.org/api/errors#303-see-other).
    if (account && account.dcId !== context.connection.dcId) throw new RpcError(303, `PHONE_MIGRATE_${account.dcId}`);
    // A new code for the same number on the same session replaces the previous one.
    for (const [hash, pending] of context.state.pendingCodes) {
      if (pending.phone === phone && pending.authKeyId === context.key.authKeyId && pending.dcId === context.key.dcId) context.state.pendingCodes.delete(hash);
    }
    const phoneCodeHash = randomBytes(9).toString('hex');
    const code = String(randomInt(0, 10 ** CODE_LENGTH)).padStart(CODE_LENGTH, '0');
    context.state.pendingCodes.set(phoneCodeHash, {
      phone,
      phoneCodeHash,
      code,
      dcId: context.key.dcId,
      authKeyId: context.key.authKeyId,
      expiresAt: context.now() + context.settings.codeTtlSeconds * 1000,
    });
    // Like Telegram, an unknown number still gets a code (by SMS); sign-in then asks to sign up.
    return new Api.auth.SentCode({ type: sentCodeType(account?.codeDelivery ?? 'sms'), phoneCodeHash });
  }),

  anyone(Api.auth.SignIn, (context, request) => {
    const phone = normalisePhone(request.phoneNumber);
    if (!phone) throw new RpcError(400, 'PHONE_NUMBER_INVALID');
    if (!request.phoneCodeHash) throw new RpcError(400, 'PHONE_CODE_HASH_EMPTY');
    if (!request.phoneCode) throw new RpcError(400, 'PHONE_CODE_EMPTY');
    const pending = context.state.pendingCodes.get(request.phoneCodeHash);
    // A hash from another session or number, or one replaced by a newer code, is no longer valid.
    if (!pending || pending.phone !== phone || pending.authKeyId !== context.key.authKeyId || pending.dcId !== context.key.dcId) {
      throw new RpcError(400, 'PHONE_CODE_EXPIRED');
    }
    if (context.now() > pending.expiresAt) {
      context.state.pendingCodes.delete(pending.phoneCodeHash);
      throw new RpcError(400, 'PHONE_CODE_EXPIRED');
    }
    if (request.phoneCode !== pending.code) throw new RpcError(400, 'PHONE_CODE_INVALID');
    context.state.pendingCodes.delete(pending.phoneCodeHash);
    const account = context.state.accountsByPhone.get(phone);
    // core.telegram.org/method/auth.signIn: an unregistered number answers authorizationSignUpRequired.
    if (!account) return new Api.auth.AuthorizationSignUpRequired({});
    if (account.banned) throw new RpcError(400, 'PHONE_NUMBER_BANNED');
    if (account.dcId !== context.connection.dcId) throw new RpcError(303, `PHONE_MIGRATE_${account.dcId}`);
    return completeLogin(context, account);
  }),

  // ---- Login by QR code (core.telegram.org/api/qr-login) -------------------------------------
  anyone(Api.auth.ExportLoginToken, (context, request) => {
    checkApiCredentials(context, request.apiId, request.apiHash);
    const current = context.key.loginToken;
    if (current?.state.kind === 'accepted') {
      // "Upon receiving updateLoginToken, the client should call auth.exportLoginToken again":
      // success, or loginTokenMigrateTo when the account lives on another DC.
      const account = context.state.account(current.state.accountId);
      current.state = { kind: 'used' };
      context.key.loginToken = undefined;
      if (account.dcId !== context.connection.dcId) {
        const token = randomBytes(32);
        context.state.migrationTokens.set(token.toString('base64url'), {
          token,
          accountId: account.id,
          expiresAt: context.now() + context.settings.loginTokenTtlSeconds * 1000,
          used: false,
        });
        return new Api.auth.LoginTokenMigrateTo({ dcId: account.dcId, token });
      }
      return new Api.auth.LoginTokenSuccess({ authorization: completeLogin(context, account) });
    }
    // Each export is a new QR code; the code it replaces can no longer be scanned.
    if (current) context.state.loginTokens.delete(current.token.toString('base64url'));
    const token = randomBytes(32);
    const expiresAt = context.now() + context.settings.loginTokenTtlSeconds * 1000;
    const record = {
      token,
      dcId: context.key.dcId,
      authKeyId: context.key.authKeyId,
      expiresAt,
      exceptIds: request.exceptIds.map(fromLong),
      state: { kind: 'waiting' as const },
    };
    context.key.loginToken = record;
    context.state.loginTokens.set(token.toString('base64url'), record);
    return new Api.auth.LoginToken({ expires: Math.floor(expiresAt / 1000), token });
  }),

  anyone(Api.auth.ImportLoginToken, (context, request) => {
    const migration = context.state.migrationTokens.get(request.token.toString('base64url'));
    if (!migration) throw new RpcError(400, 'AUTH_TOKEN_INVALID');
    if (migration.used) throw new RpcError(400, 'AUTH_TOKEN_ALREADY_ACCEPTED');
    if (context.now() > migration.expiresAt) throw new RpcError(400, 'AUTH_TOKEN_EXPIRED');
    const account = context.state.account(migration.accountId);
    if (account.dcId !== context.connection.dcId) return new Api.auth.LoginTokenMigrateTo({ dcId: account.dcId, token: migration.token });
    migration.used = true;
    return new Api.auth.LoginTokenSuccess({ authorization: completeLogin(context, account) });
  }),

  // ---- Two-step verification (core.telegram.org/api/srp) -------------------------------------
  signingIn(Api.account.GetPassword, (_context, _request, account) => {
    const newAlgo = new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
      salt1: randomBytes(8),
      salt2: randomBytes(16),
      g: TELEGRAM_SRP_G,
      p: TELEGRAM_SRP_PRIME,
    });
    const common = {
      newAlgo,
      newSecureAlgo: new Api.SecurePasswordKdfAlgoPBKDF2HMACSHA512iter100000({ salt: randomBytes(8) }),
      secureRandom: randomBytes(32),
    };
    if (!account.password) return new Api.account.Password({ hasPassword: false, ...common });
    const challenge = createSrpChallenge(account.password.srp);
    // Several attempts may be in flight (two tabs, a retry): the last few challenges stay valid.
    account.password.challenges = [...account.password.challenges, challenge].slice(-KEPT_SRP_CHALLENGES);
    return new Api.account.Password({
      hasPassword: true,
      currentAlgo: new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
        salt1: account.password.srp.salt1,
        salt2: account.password.srp.salt2,
        g: TELEGRAM_SRP_G,
        p: TELEGRAM_SRP_PRIME,
      }),
      srp_B: challenge.srpB,
      srpId: long(challenge.srpId),
      hint: account.password.hint,
      ...common,
    });
  }),

  signingIn(Api.auth.CheckPassword, (context, request, account) => {
    const check = request.password;
    if (!(check instanceof Api.InputCheckPasswordSRP) || !account.password) throw new RpcError(400, 'PASSWORD_HASH_INVALID');
    const srpId = fromLong(check.srpId);
    const challenge = account.password.challenges.find((candidate) => candidate.srpId === srpId);
    if (!challenge) throw new RpcError(400, 'SRP_ID_INVALID');
    if (!verifySrpCheck(account.password.srp, challenge, { srpId, A: check.A, M1: check.M1 })) throw new RpcError(400, 'PASSWORD_HASH_INVALID');
    account.password.challenges = account.password.challenges.filter((candidate) => candidate !== challenge);
    return signIn(context, account);
  }),

  // ---- Sessions ------------------------------------------------------------------------------
  signedIn(Api.auth.LogOut, (context, _request, account) => {
    context.key.state = { kind: 'unauthorised', formerAccountId: account.id };
    return new Api.auth.LoggedOut({});
  }),

  // Files on another DC: the home DC exports the authorisation and the other DC imports it
  // (core.telegram.org/api/datacenter#authorization-transfer).
  signedIn(Api.auth.ExportAuthorization, (context, request, account) => {
    if (!DC_IDS.includes(request.dcId as (typeof DC_IDS)[number]) || request.dcId === context.connection.dcId) throw new RpcError(400, 'DC_ID_INVALID');
    const id = BigInt(randomInt(1, 2 ** 47));
    const bytes = randomBytes(32);
    context.state.exportedAuthorizations.set(id, { id, bytes, accountId: account.id, dcId: request.dcId });
    return new Api.auth.ExportedAuthorization({ id: long(id), bytes });
  }),

  anyone(Api.auth.ImportAuthorization, (context, request) => {
    const exported = context.state.exportedAuthorizations.get(fromLong(request.id));
    if (!exported || !exported.bytes.equals(request.bytes) || exported.dcId !== context.connection.dcId) throw new RpcError(400, 'AUTH_BYTES_INVALID');
    context.state.exportedAuthorizations.delete(exported.id);
    const account = context.state.account(exported.accountId);
    if (account.banned) throw new RpcError(401, 'USER_DEACTIVATED_BAN');
    return signIn(context, account);
  }),

  // ---- Who is who ------------------------------------------------------------------------------
  signedIn(Api.users.GetUsers, (context, request, account) =>
    tlVector(request.id.map((input) => userView(context, account, resolveInputUser(context, account, input as Api.TypeInputUser, 'users.GetUsers')))),
  ),

  signedIn(Api.users.GetFullUser, (context, request, account) => {
    const target = resolveInputUser(context, account, request.id as Api.TypeInputUser, 'users.GetFullUser');
    const user = userView(context, account, target);
    return new Api.users.UserFull({
      fullUser: new Api.UserFull({
        id: user.id,
        settings: new Api.PeerSettings({}),
        notifySettings: new Api.PeerNotifySettings({}),
        commonChatsCount: 0,
      }),
      chats: [],
      users: [user],
    });
  }),

  // ---- Updates (core.telegram.org/api/updates) -----------------------------------------------
  signedIn(Api.updates.GetState, (context, _request, account) => stateOf(context, account)),

  signedIn(Api.updates.GetDifference, (context, request, account) => {
    if (request.pts > account.pts) throw new RpcError(400, 'PERSISTENT_TIMESTAMP_INVALID');
    // "if pts + pts_total_limit < remote pts, updates.differenceTooLong will be returned".
    if (request.ptsTotalLimit && request.pts + request.ptsTotalLimit < account.pts) return new Api.updates.DifferenceTooLong({ pts: account.pts });
    const events = account.events.filter((event) => event.pts > request.pts);
    if (events.length === 0) return new Api.updates.DifferenceEmpty({ date: context.unixNow(), seq: account.seq });
    const limit = Math.max(1, Math.min(request.ptsLimit ?? context.settings.differenceLimit, context.settings.differenceLimit));
    const slice = events.slice(0, limit);
    const newMessages = slice.flatMap((event) => (event.kind === 'new-message' ? [messageOf(account, event.message)] : []));
    const otherUpdates = slice.filter((event) => event.kind !== 'new-message').map((event) => updateOf(account, event));
    const users = [...new Set(slice.map(eventUserId))].map((id) => clientUser(context.state, context.state.client(id), account));
    const common = { newMessages, newEncryptedMessages: [], otherUpdates, chats: [], users: [...users, selfUser(context.state, account, context.unixNow())] };
    if (slice.length === events.length) return new Api.updates.Difference({ ...common, state: stateOf(context, account) });
    // "updates.differenceSlice: call getDifference again with intermediate_state".
    const last = slice[slice.length - 1];
    return new Api.updates.DifferenceSlice({
      ...common,
      intermediateState: new Api.updates.State({ pts: last.pts, qts: 0, date: last.date, seq: last.seq, unreadCount: context.state.unreadCount(account) }),
    });
  }),

  signedIn(Api.messages.GetHistory, (context, request, account) => {
    const client = resolvePeer(context, account, request.peer as Api.TypeInputPeer, false);
    const chat = account.messages.filter((message) => message.userId === client.id).sort((a, b) => b.id - a.id);
    const matching = chat.filter(
      (message) =>
        (request.offsetId <= 0 || message.id < request.offsetId) &&
        (request.offsetDate <= 0 || message.date < request.offsetDate) &&
        (request.maxId <= 0 || message.id < request.maxId) &&
        (request.minId <= 0 || message.id > request.minId),
    );
    // A page holds at most 100 messages (core.telegram.org/api/offsets); 0 takes the fake's default of 20.
    const limit = request.limit > 0 ? Math.min(request.limit, 100) : 20;
    const start = Math.max(0, request.addOffset);
    const page = matching.slice(start, start + limit);
    const common = {
      messages: page.map((message) => messageOf(account, message)),
      chats: [],
      users: [clientUser(context.state, client, account), selfUser(context.state, account, context.unixNow())],
    };
    return page.length === chat.length ? new Api.messages.Messages(common) : new Api.messages.MessagesSlice({ ...common, count: chat.length });
  }),

  // ---- Sending -------------------------------------------------------------------------------
  signedIn(Api.messages.SendMessage, (context, request, account) => {
    const client = resolvePeer(context, account, request.peer as Api.TypeInputPeer, true);
    const randomId = fromLong(request.randomId ?? bigInt.zero);
    const original = duplicateOf(context, account, randomId);
    if (original) return shortSent(original);
    if (account.blockedBy.has(client.id)) throw new RpcError(400, 'USER_IS_BLOCKED');
    if (request.message.trim() === '') throw new RpcError(400, 'MESSAGE_EMPTY');
    if (request.message.length > MAX_MESSAGE_LENGTH) throw new RpcError(400, 'MESSAGE_TOO_LONG');
    const message = send(context, account, client, { text: request.message, randomId });
    return shortSent(message);
  }),

  signedIn(Api.messages.SendMedia, (context, request, account) => {
    const client = resolvePeer(context, account, request.peer as Api.TypeInputPeer, true);
    const randomId = fromLong(request.randomId ?? bigInt.zero);
    const original = duplicateOf(context, account, randomId);
    if (original) return sentUpdates(context, account, client, original);
    if (account.blockedBy.has(client.id)) throw new RpcError(400, 'USER_IS_BLOCKED');
    if (request.message.length > MAX_CAPTION_LENGTH) throw new RpcError(400, 'MEDIA_CAPTION_TOO_LONG');
    const media = uploadedMedia(account, request.media);
    const file = context.state.storeFile({ ...media, date: context.unixNow(), dcId: account.dcId, accountId: account.id });
    const message = send(context, account, client, { text: request.message, randomId, media: file });
    return sentUpdates(context, account, client, message);
  }),

  // ---- Read marks ----------------------------------------------------------------------------
  signedIn(Api.messages.ReadHistory, (context, request, account) => {
    const client = resolvePeer(context, account, request.peer as Api.TypeInputPeer, false);
    account.readMarks.push({ userId: client.id.toString(), maxId: request.maxId, at: new Date(context.now()) });
    const incoming = account.messages.filter((message) => message.userId === client.id && !message.out);
    const lastIncoming = Math.max(0, ...incoming.map((message) => message.id));
    // max_id 0 reads everything; reading never moves backwards.
    const maxId = request.maxId <= 0 ? lastIncoming : Math.min(request.maxId, lastIncoming);
    if (maxId <= (account.inboxReadMaxId.get(client.id) ?? 0)) return new Api.messages.AffectedMessages({ pts: account.pts, ptsCount: 0 });
    account.inboxReadMaxId.set(client.id, maxId);
    const stillUnreadCount = incoming.filter((message) => message.id > maxId).length;
    const event = context.state.addEvent(account, { kind: 'read-inbox', date: context.unixNow(), userId: client.id, maxId, stillUnreadCount });
    // The account's other sessions learn that the chat was read (updateReadHistoryInbox).
    context.push(account, eventUpdates(context.state, account, event, context.unixNow()), context.connection);
    return new Api.messages.AffectedMessages({ pts: event.pts, ptsCount: 1 });
  }),

  // ---- Files (core.telegram.org/api/files) ---------------------------------------------------
  signedIn(Api.upload.SaveFilePart, (_context, request, account) => {
    checkPart(request.filePart, request.bytes);
    const upload = uploadOf(account, fromLong(request.fileId), false);
    upload.parts.set(request.filePart, Buffer.from(request.bytes));
    return tlBool(true);
  }),

  signedIn(Api.upload.SaveBigFilePart, (_context, request, account) => {
    checkPart(request.filePart, request.bytes);
    if (request.fileTotalParts < 1 || request.fileTotalParts > 8000 || request.filePart >= request.fileTotalParts) throw new RpcError(400, 'FILE_PARTS_INVALID');
    const upload = uploadOf(account, fromLong(request.fileId), true);
    if (upload.totalParts !== undefined && upload.totalParts !== request.fileTotalParts) throw new RpcError(400, 'FILE_PARTS_INVALID');
    upload.totalParts = request.fileTotalParts;
    upload.parts.set(request.filePart, Buffer.from(request.bytes));
    return tlBool(true);
  }),

  signedIn(Api.upload.GetFile, (context, request, account) => {
    const location = request.location;
    let id: bigint;
    let accessHash: bigint;
    let fileReference: Buffer;
    let wantsPhoto: boolean;
    if (location instanceof Api.InputPhotoFileLocation) {
      if (location.thumbSize !== PHOTO_SIZE_TYPE) throw new RpcError(400, 'LOCATION_INVALID');
      [id, accessHash, fileReference, wantsPhoto] = [fromLong(location.id), fromLong(location.accessHash), location.fileReference, true];
    } else if (location instanceof Api.InputDocumentFileLocation) {
      // The fake keeps no thumbnails: only the document itself (thumb_size "") is there.
      if (location.thumbSize !== '') throw new RpcError(400, 'LOCATION_INVALID');
      [id, accessHash, fileReference, wantsPhoto] = [fromLong(location.id), fromLong(location.accessHash), location.fileReference, false];
    } else {
      throw notModelled(`upload.GetFile:${location.className}`);
    }
    const file = context.state.files.get(id);
    if (!file || file.accessHash !== accessHash || (file.kind === 'photo') !== wantsPhoto || file.accountId !== account.id) throw new RpcError(400, 'LOCATION_INVALID');
    if (!file.fileReference.equals(fileReference)) throw new RpcError(400, 'FILE_REFERENCE_EXPIRED');
    if (file.dcId !== context.connection.dcId) throw new RpcError(303, `FILE_MIGRATE_${file.dcId}`);
    const offset = request.offset.toJSNumber();
    const limit = request.limit;
    checkRange(offset, limit, request.precise === true);
    return new Api.upload.File({ type: storageTypeOf(file.mimeType), mtime: file.date, bytes: file.bytes.subarray(offset, offset + limit) });
  }),
]);

export function notModelled(what: string): RpcError {
  return new RpcError(400, `METHOD_NOT_MODELLED_${what}`);
}

// ---- Login ---------------------------------------------------------------------------------------

function checkApiCredentials(context: MethodContext, apiId: number, apiHash: string): void {
  const expected = context.settings.apiCredentials;
  if (!apiId || apiId < 0 || !apiHash) throw new RpcError(400, 'API_ID_INVALID');
  if (expected && (expected.apiId !== apiId || expected.apiHash !== apiHash)) throw new RpcError(400, 'API_ID_INVALID');
}

function sentCodeType(delivery: Account['codeDelivery']): Api.auth.TypeSentCodeType {
  switch (delivery) {
    case 'app':
      return new Api.auth.SentCodeTypeApp({ length: CODE_LENGTH });
    case 'sms':
      return new Api.auth.SentCodeTypeSms({ length: CODE_LENGTH });
    case 'call':
      return new Api.auth.SentCodeTypeCall({ length: CODE_LENGTH });
  }
}

/** "SESSION_PASSWORD_NEEDED: 2FA is enabled, call account.getPassword and auth.checkPassword". */
function completeLogin(context: MethodContext, account: Account): Api.auth.Authorization {
  if (account.password) {
    context.key.state = { kind: 'password-pending', accountId: account.id };
    throw new RpcError(401, 'SESSION_PASSWORD_NEEDED');
  }
  return signIn(context, account);
}

function signIn(context: MethodContext, account: Account): Api.auth.Authorization {
  context.key.state = { kind: 'authorised', accountId: account.id };
  return new Api.auth.Authorization({ user: selfUser(context.state, account, context.unixNow()) });
}

// ---- Peers ---------------------------------------------------------------------------------------

type UserTarget = { kind: 'self' } | { kind: 'client'; client: ClientUser };

function resolveInputUser(context: MethodContext, account: Account, input: Api.TypeInputUser, method: string): UserTarget {
  if (input instanceof Api.InputUserSelf) return { kind: 'self' };
  if (input instanceof Api.InputUser) {
    const userId = fromLong(input.userId);
    const accessHash = fromLong(input.accessHash);
    if (userId === account.id && accessHash === context.state.accessHash(account.id, account.id)) return { kind: 'self' };
    const client = context.state.clients.get(userId);
    if (client && accessHash === context.state.accessHash(account.id, client.id)) return { kind: 'client', client };
    throw new RpcError(400, 'PEER_ID_INVALID');
  }
  throw notModelled(`${method}:${input.className}`);
}

function userView(context: MethodContext, account: Account, target: UserTarget): Api.User {
  return target.kind === 'self' ? selfUser(context.state, account, context.unixNow()) : clientUser(context.state, target.client, account);
}

/**
 * A private chat with a client. The access hash must be the one this account got in the user's
 * constructor — access hashes belong to the account that received them (core.telegram.org/api/peers)
 * — else PEER_ID_INVALID. The connector may write only to users: groups and channels are refused.
 */
function resolvePeer(context: MethodContext, account: Account, peer: Api.TypeInputPeer, writing: boolean): ClientUser {
  if (peer instanceof Api.InputPeerUser) {
    const client = context.state.clients.get(fromLong(peer.userId));
    if (!client || fromLong(peer.accessHash) !== context.state.accessHash(account.id, client.id)) throw new RpcError(400, 'PEER_ID_INVALID');
    return client;
  }
  if (writing && (peer instanceof Api.InputPeerChat || peer instanceof Api.InputPeerChannel)) throw new RpcError(403, 'CHAT_WRITE_FORBIDDEN');
  throw new RpcError(400, 'PEER_ID_INVALID');
}

// ---- Messages ------------------------------------------------------------------------------------

function stateOf(context: MethodContext, account: Account): Api.updates.State {
  return new Api.updates.State({ pts: account.pts, qts: 0, date: context.unixNow(), seq: account.seq, unreadCount: context.state.unreadCount(account) });
}

/** random_id: "unique client message ID required to prevent message resending" (core.telegram.org/method/messages.sendMessage). */
function duplicateOf(context: MethodContext, account: Account, randomId: bigint): StoredMessage | undefined {
  const original = account.sentByRandomId.get(randomId);
  if (original && context.settings.duplicateRandomId === 'error') throw new RpcError(500, 'RANDOM_ID_DUPLICATE');
  return original;
}

function send(context: MethodContext, account: Account, client: ClientUser, content: { text: string; randomId: bigint; media?: StoredMessage['media'] }): StoredMessage {
  const { message, event } = context.state.newMessage(account, { userId: client.id, out: true, date: context.unixNow(), ...content });
  account.sentByRandomId.set(content.randomId, message);
  const media = content.media;
  account.sent.push({
    messageId: message.id,
    userId: client.id.toString(),
    text: content.text,
    media: media?.kind ?? null,
    fileName: media?.fileName ?? null,
    mimeType: media?.mimeType ?? null,
    voice: media?.kind === 'voice',
    bytes: media ? Buffer.from(media.bytes) : null,
    randomId: content.randomId.toString(),
    date: new Date(message.date * 1000),
  });
  // The account's other sessions see the message sent from here (updateNewMessage, out).
  context.push(account, eventUpdates(context.state, account, event, context.unixNow()), context.connection);
  return message;
}

function shortSent(message: StoredMessage): Api.UpdateShortSentMessage {
  return new Api.UpdateShortSentMessage({ out: true, id: message.id, pts: message.pts, ptsCount: 1, date: message.date });
}

function sentUpdates(context: MethodContext, account: Account, client: ClientUser, message: StoredMessage): Api.Updates {
  return new Api.Updates({
    updates: [
      new Api.UpdateMessageID({ id: message.id, randomId: long(message.randomId ?? 0n) }),
      new Api.UpdateNewMessage({ message: messageOf(account, message), pts: message.pts, ptsCount: 1 }),
    ],
    users: [clientUser(context.state, client, account), selfUser(context.state, account, context.unixNow())],
    chats: [],
    date: context.unixNow(),
    seq: 0,
  });
}

// ---- Files ---------------------------------------------------------------------------------------

function checkPart(filePart: number, bytes: Buffer): void {
  if (filePart < 0 || filePart > 7999) throw new RpcError(400, 'FILE_PART_INVALID');
  if (bytes.length === 0) throw new RpcError(400, 'FILE_PART_EMPTY');
  if (bytes.length > MAX_PART_SIZE) throw new RpcError(400, 'FILE_PART_TOO_BIG');
}

function uploadOf(account: Account, fileId: bigint, big: boolean) {
  let upload = account.uploads.get(fileId);
  if (upload && upload.big !== big) throw new RpcError(400, 'FILE_PARTS_INVALID');
  if (!upload) {
    upload = { big, parts: new Map() };
    account.uploads.set(fileId, upload);
  }
  return upload;
}

/**
 * The bytes of an uploaded InputFile. "All parts must have the same size part_size, part_size %
 * 1024 = 0, 524288 % part_size = 0; the last part may be smaller" and files over 10 MB go through
 * saveBigFilePart (core.telegram.org/api/files#uploading-files).
 */
function assemble(account: Account, file: Api.TypeInputFile): { bytes: Buffer; name: string } {
  if (!(file instanceof Api.InputFile || file instanceof Api.InputFileBig)) throw notModelled(`messages.SendMedia:${file.className}`);
  const big = file instanceof Api.InputFileBig;
  const upload = account.uploads.get(fromLong(file.id));
  if (!upload) throw new RpcError(400, 'FILE_PART_0_MISSING');
  if (upload.big !== big || file.parts < 1 || (big && upload.totalParts !== file.parts)) throw new RpcError(400, 'FILE_PARTS_INVALID');
  const parts: Buffer[] = [];
  for (let index = 0; index < file.parts; index += 1) {
    const part = upload.parts.get(index);
    if (!part) throw new RpcError(400, `FILE_PART_${index}_MISSING`);
    parts.push(part);
  }
  const partSize = parts[0].length;
  if (parts.length > 1 && (partSize % 1024 !== 0 || MAX_PART_SIZE % partSize !== 0)) throw new RpcError(400, 'FILE_PART_SIZE_INVALID');
  if (parts.some((part, index) => (index < parts.length - 1 ? part.length !== partSize : part.length > partSize))) throw new RpcError(400, 'FILE_PART_SIZE_CHANGED');
  const bytes = Buffer.concat(parts);
  if (!big && bytes.length > MAX_SMALL_FILE) throw new RpcError(400, 'FILE_PARTS_INVALID');
  if (file instanceof Api.InputFile && file.md5Checksum && createHash('md5').update(bytes).digest('hex') !== file.md5Checksum) {
    throw new RpcError(400, 'MD5_CHECKSUM_INVALID');
  }
  return { bytes, name: file.name };
}

function uploadedMedia(
  account: Account,
  media: Api.TypeInputMedia,
): { kind: MediaKind; bytes: Buffer; mimeType: string; fileName?: string; width?: number; height?: number; duration?: number } {
  if (media instanceof Api.InputMediaUploadedPhoto) {
    const { bytes } = assemble(account, media.file);
    return { kind: 'photo', bytes, mimeType: 'image/jpeg' };
  }
  if (media instanceof Api.InputMediaUploadedDocument) {
    const { bytes, name } = assemble(account, media.file);
    const audio = media.attributes.find((attribute): attribute is Api.DocumentAttributeAudio => attribute instanceof Api.DocumentAttributeAudio);
    const video = media.attributes.find((attribute): attribute is Api.DocumentAttributeVideo => attribute instanceof Api.DocumentAttributeVideo);
    const named = media.attributes.find((attribute): attribute is Api.DocumentAttributeFilename => attribute instanceof Api.DocumentAttributeFilename);
    const kind: MediaKind = audio?.voice ? 'voice' : video ? 'video' : 'document';
    return {
      kind,
      bytes,
      mimeType: media.mimeType,
      fileName: named?.fileName ?? (kind === 'document' ? name : undefined),
      width: video?.w,
      height: video?.h,
      duration: video ? Math.round(video.duration) : audio?.duration,
    };
  }
  throw notModelled(`messages.SendMedia:${media.className}`);
}

/**
 * upload.getFile: "offset must be divisible by 4 KB, limit by 4 KB, 1 MB must be divisible by
 * limit, and offset / 1 MB == (offset + limit - 1) / 1 MB"; `precise` relaxes this to 1 KB
 * (core.telegram.org/api/files#downloading-files).
 */
function checkRange(offset: number, limit: number, precise: boolean): void {
  const unit = precise ? 1024 : 4096;
  if (offset < 0 || offset % unit !== 0) throw new RpcError(400, 'OFFSET_INVALID');
  if (limit <= 0 || limit % unit !== 0 || limit > MEGABYTE) throw new RpcError(400, 'LIMIT_INVALID');
  if (!precise && (MEGABYTE % limit !== 0 || Math.floor(offset / MEGABYTE) !== Math.floor((offset + limit - 1) / MEGABYTE))) throw new RpcError(400, 'LIMIT_INVALID');
}
