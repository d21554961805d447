import { Api } from 'telegram';
import { type TlAnswer, type TlConnection } from '../transport/tl-wire';
import { type FakeTelegramSettings, type MethodAccess, type MethodContext, METHODS, notModelled } from './fake-telegram-methods';
import {
  type Account,
  type AccountSpec,
  type AuthKey,
  type ClientUserSpec,
  DC_IDS,
  FakeTelegramError,
  FakeTelegramState,
  type Invocation,
  type LiveConnection,
  type MediaKind,
  type ReadMark,
  RpcError,
  type ScanRefusalReason,
  ScanRefusedError,
  type SentByAccount,
  type StoredFile,
  type Violation,
  normalisePhone,
  toId,
} from './fake-telegram-model';
import { createSrpPassword } from './fake-telegram-srp';
import { type ParsedRequest, type TlSerialisable, eventUpdates, isKnownMethod, readRequest } from './fake-telegram-tl';

export { FakeTelegramError, RpcError, ScanRefusedError };
export type { AccountSpec, ClientUserSpec, FakeTelegramSettings, Invocation, MediaKind, ReadMark, ScanRefusalReason, SentByAccount, Violation };

/**
 * A local fake Telegram that speaks the real TL layer, for the tests of the personal-account
 * connector (see `transport/tl-wire.ts`). Requests arrive as the bytes GramJS serialised and
 * are read with GramJS's own `BinaryReader`; answers and pushed updates are real `Api` objects
 * serialised with their own `getBytes()`. Tests drive Telegram's other side through the methods
 * below (the business's phone scanning a QR code, clients writing and reading, Telegram revoking
 * or banning) and inspect what the product did (`received`, `readMarks`, `invoked`,
 * `violations`). No Jest in here: a process test and a browser test use it through the HTTP
 * front (`fake-telegram.server.ts`).
 */
export interface FakeTelegramOptions extends Partial<FakeTelegramSettings> {
  /** The clock, in ms; `advanceClock` moves it further. Date.now by default. */
  now?: () => number;
}

export interface FakeAccountInfo {
  /** Telegram user id of the account, decimal. */
  id: string;
  /** Digits only, as the fake keys accounts. */
  phone: string;
  dcId: number;
}

export interface FakeUserInfo {
  id: string;
}

interface FileSpec {
  bytes: Buffer;
  /** The DC that keeps the file; the account's home DC by default (another answers FILE_MIGRATE_X). */
  dcId?: number;
}

/** What a client writes: text, and at most one file. */
export interface ClientMessageContent {
  text?: string;
  photo?: FileSpec & { width?: number; height?: number };
  document?: FileSpec & { fileName: string; mimeType: string };
  voice?: FileSpec & { mimeType: string; duration: number };
  video?: FileSpec & { mimeType: string; duration: number; width?: number; height?: number; fileName?: string };
}

export interface HistoryEntry {
  id: number;
  out: boolean;
  text: string;
  media: MediaKind | null;
  date: Date;
}

/** Live connections grouped by auth key, as `/control/live` shows them. */
export interface LiveKey {
  authKeyId: string;
  dcId: number;
  accountId: string | null;
  state: AuthKey['state']['kind'];
  connections: Array<{ connectionId: string; listening: boolean }>;
}

export interface FailureOptions {
  /** How many calls fail (1 by default). */
  times?: number;
  /** Only calls made for this account. */
  accountId?: string;
}

interface InjectedFailure {
  method: string;
  error: RpcError;
  remaining: number;
  accountId?: bigint;
}

const DEFAULT_SETTINGS: FakeTelegramSettings = {
  loginTokenTtlSeconds: 30,
  codeTtlSeconds: 300,
  differenceLimit: 100,
  dcAddress: '127.0.0.1',
  dcPort: 443,
  nearestDc: 2,
  duplicateRandomId: 'return-original',
};

const PENDING_UPDATES_LIMIT = 1000;

export class FakeTelegram {
  private readonly state = new FakeTelegramState();
  private readonly settings: FakeTelegramSettings;
  private readonly clock: () => number;
  private clockOffsetMs = 0;
  private readonly failures: InjectedFailure[] = [];

  constructor(options: FakeTelegramOptions = {}) {
    const { now, ...settings } = options;
    this.clock = now ?? Date.now;
    this.settings = { ...DEFAULT_SETTINGS, ...settings };
  }

  // ---- Setting the scene -------------------------------------------------------------------------

  /** A business's own Telegram account. */
  addAccount(spec: AccountSpec): FakeAccountInfo {
    const phone = normalisePhone(spec.phone);
    if (!phone) throw new FakeTelegramError(`Not a phone number Telegram accepts: ${spec.phone}`);
    if (this.state.accountsByPhone.has(phone)) throw new FakeTelegramError(`An account with phone ${spec.phone} exists already`);
    const dcId = spec.dcId ?? 2;
    if (!isDc(dcId)) throw new FakeTelegramError(`No DC ${dcId}: Telegram has DCs 1..5`);
    const password = spec.password === undefined ? undefined : { srp: createSrpPassword(spec.password), hint: spec.hint, challenges: [] };
    const account = this.state.newAccount({ ...spec, dcId }, phone, password);
    return { id: account.id.toString(), phone, dcId };
  }

  /** A person who writes to businesses. */
  addUser(spec: ClientUserSpec): FakeUserInfo {
    return { id: this.state.newClient(spec).id.toString() };
  }

  /** The access hash this account gets for the user (valid for it only). */
  accessHashFor(userId: string, accountId: string): string {
    return this.state.accessHash(this.state.account(accountId).id, this.state.client(userId).id).toString();
  }

  /** Changes settings from now on; undefined values leave a setting as it is. */
  configure(settings: Partial<FakeTelegramSettings>): void {
    for (const [name, value] of Object.entries(settings)) {
      if (value !== undefined) Object.assign(this.settings, { [name]: value });
    }
  }

  /** Moves the fake's clock forward: expires QR tokens and codes without waiting. */
  advanceClock(seconds: number): void {
    this.clockOffsetMs += seconds * 1000;
  }

  // ---- The business's phone -------------------------------------------------------------------

  /**
   * The Telegram app of the account with this phone scans the QR code (`tg://login?token=…` or
   * the base64url token itself): Telegram accepts the token and pushes updateLoginToken to the
   * session that exported it (core.telegram.org/api/qr-login). Throws ScanRefusedError when the
   * app would refuse.
   */
  scanQr(tokenOrLink: string, phone: string): void {
    const encoded = tokenOrLink.startsWith('tg://') ? (new URL(tokenOrLink).searchParams.get('token') ?? '') : tokenOrLink;
    const record = this.state.loginTokens.get(Buffer.from(encoded, 'base64url').toString('base64url'));
    if (!record) throw new ScanRefusedError('token-unknown');
    if (record.state.kind !== 'waiting') throw new ScanRefusedError('token-used');
    if (this.now() > record.expiresAt) throw new ScanRefusedError('token-expired');
    const digits = normalisePhone(phone);
    const account = digits ? this.state.accountsByPhone.get(digits) : undefined;
    if (!account) throw new ScanRefusedError('account-unknown');
    if (account.banned) throw new ScanRefusedError('account-banned');
    if (record.exceptIds.includes(account.id)) throw new ScanRefusedError('account-excepted');
    record.state = { kind: 'accepted', accountId: account.id };
    const key = this.state.authKey(record.dcId, record.authKeyId);
    const update = new Api.UpdateShort({ update: new Api.UpdateLoginToken(), date: this.unixNow() });
    for (const connection of this.state.connectionsOf(key)) if (connection.subscribed) this.deliver(connection, update.getBytes());
  }

  /** The login code Telegram last sent for this phone (to the app, by SMS or by call). */
  codeFor(phone: string): string | undefined {
    const digits = normalisePhone(phone);
    const codes = [...this.state.pendingCodes.values()].filter((pending) => pending.phone === digits);
    return codes[codes.length - 1]?.code;
  }

  // ---- Clients ---------------------------------------------------------------------------------

  /**
   * A client writes to the account: the message is stored in the account's history with the next
   * pts, and pushed as `updates` to the account's live sessions (none live: it waits for
   * updates.getDifference). Returns the message id.
   */
  clientSends(userId: string, accountId: string, content: ClientMessageContent): number {
    const account = this.state.account(accountId);
    const client = this.state.client(userId);
    const file = this.clientFile(account, content);
    if (!content.text && !file) throw new FakeTelegramError('A message needs text or a file');
    const { event, message } = this.state.newMessage(account, { userId: client.id, out: false, date: this.unixNow(), text: content.text ?? '', media: file });
    this.push(account, eventUpdates(this.state, account, event, this.unixNow()));
    return message.id;
  }

  /**
   * The client reads the account's messages up to maxId: updateReadHistoryOutbox. A read mark
   * never moves backwards; returns false when there was nothing new to mark.
   */
  clientReads(userId: string, accountId: string, maxId: number): boolean {
    const account = this.state.account(accountId);
    const client = this.state.client(userId);
    const lastOut = Math.max(0, ...account.messages.filter((message) => message.userId === client.id && message.out).map((message) => message.id));
    const readUpTo = Math.min(maxId, lastOut);
    if (readUpTo <= (account.outboxReadMaxId.get(client.id) ?? 0)) return false;
    account.outboxReadMaxId.set(client.id, readUpTo);
    const event = this.state.addEvent(account, { kind: 'read-outbox', date: this.unixNow(), userId: client.id, maxId: readUpTo });
    this.push(account, eventUpdates(this.state, account, event, this.unixNow()));
    return true;
  }

  /** The client blocks the account: its sends to them answer USER_IS_BLOCKED. */
  blockAccount(userId: string, accountId: string): void {
    this.state.account(accountId).blockedBy.add(this.state.client(userId).id);
  }

  unblockAccount(userId: string, accountId: string): void {
    this.state.account(accountId).blockedBy.delete(this.state.client(userId).id);
  }

  // ---- Telegram's own decisions ----------------------------------------------------------------

  /**
   * The next call of `method` (its TL className: 'auth.SendCode', 'messages.SendMessage'…)
   * answers this RPC error. The code follows from the error type unless given:
   * FLOOD_WAIT_X 420, X_MIGRATE_Y 303, session errors 401, AUTH_KEY_DUPLICATED 406, else 400.
   */
  failNext(method: string, errorMessage: string, errorCode?: number, options: FailureOptions = {}): void {
    if (!isKnownMethod(method)) throw new FakeTelegramError(`No TL method ${method} (use the className, e.g. 'auth.SendCode')`);
    this.failures.push({
      method,
      error: new RpcError(errorCode ?? errorCodeFor(errorMessage), errorMessage),
      remaining: options.times ?? 1,
      accountId: options.accountId === undefined ? undefined : toId(options.accountId),
    });
  }

  /**
   * The user ends the account's sessions (Settings → Devices, or Telegram does): every key signed
   * in to it answers 401 with `error` from now on (AUTH_KEY_UNREGISTERED, or SESSION_REVOKED as
   * after "terminate all other sessions").
   */
  revokeSessions(accountId: string, error: 'AUTH_KEY_UNREGISTERED' | 'SESSION_REVOKED' = 'AUTH_KEY_UNREGISTERED'): void {
    const account = this.state.account(accountId);
    for (const key of this.state.keysOf(account.id)) key.state = { kind: 'unauthorised', revokedWith: error, formerAccountId: account.id };
  }

  /** Telegram bans the account: its sessions answer 401 USER_DEACTIVATED_BAN, its phone PHONE_NUMBER_BANNED. */
  ban(accountId: string): void {
    this.state.account(accountId).banned = true;
  }

  // ---- What the product did --------------------------------------------------------------------

  /** What the account sent, oldest first. */
  received(accountId: string): SentByAccount[] {
    return this.state.account(accountId).sent.map((sent) => ({ ...sent, bytes: sent.bytes && Buffer.from(sent.bytes) }));
  }

  /** Every messages.readHistory the account made, oldest first. */
  readMarks(accountId: string): ReadMark[] {
    return this.state.account(accountId).readMarks.map((mark) => ({ ...mark }));
  }

  /** The private chat between the account and the user, oldest first. */
  history(accountId: string, userId: string): HistoryEntry[] {
    const client = this.state.client(userId);
    return this.state
      .account(accountId)
      .messages.filter((message) => message.userId === client.id)
      .map((message) => ({ id: message.id, out: message.out, text: message.text, media: message.media?.kind ?? null, date: new Date(message.date * 1000) }));
  }

  /** Every TL method called for the account, wrappers included, in call order. */
  invoked(accountId: string): string[] {
    return this.invocations({ accountId }).flatMap((invocation) => invocation.chain);
  }

  invocations(filter: { accountId?: string; connectionId?: string } = {}): Invocation[] {
    return this.state.invocations
      .filter((invocation) => (filter.accountId === undefined || invocation.accountId === filter.accountId) && (filter.connectionId === undefined || invocation.connectionId === filter.connectionId))
      .map((invocation) => ({ ...invocation, chain: [...invocation.chain] }));
  }

  /** Breaches of Telegram's rules by the product, e.g. one auth key on two live connections. */
  get violations(): Violation[] {
    return this.state.violations.map((violation) => ({ ...violation }));
  }

  liveConnections(): LiveKey[] {
    const keys = new Map<string, LiveKey>();
    for (const connection of this.state.connections.values()) {
      const key = this.state.authKey(connection.dcId, connection.authKeyId);
      const id = `${key.dcId}:${key.authKeyId}`;
      let entry = keys.get(id);
      if (!entry) {
        entry = { authKeyId: key.authKeyId, dcId: key.dcId, accountId: idOrNull(this.state.accountOfKey(key)), state: key.state.kind, connections: [] };
        keys.set(id, entry);
      }
      entry.connections.push({ connectionId: connection.connectionId, listening: connection.listeners.size > 0 });
    }
    return [...keys.values()];
  }

  /** The auth keys signed in to the account now. */
  sessions(accountId: string): Array<{ authKeyId: string; dcId: number }> {
    return this.state
      .keysOf(this.state.account(accountId).id)
      .filter((key) => key.state.kind === 'authorised')
      .map((key) => ({ authKeyId: key.authKeyId, dcId: key.dcId }));
  }

  // ---- The wire (LocalTlWire and the HTTP front call these) -------------------------------------

  /**
   * A new live connection. A second live connection with the same auth key is what Telegram
   * answers with 406 AUTH_KEY_DUPLICATED ("Concurrent usage of the current session from multiple
   * connections was detected, the current session was invalidated by the server",
   * core.telegram.org/api/errors.json): both connections get it from then on, the key is dead
   * for good, and the breach is recorded in `violations`.
   */
  open(connection: TlConnection): void {
    if (!connection.connectionId || !connection.authKeyId) throw new FakeTelegramError('A connection needs a connectionId and an authKeyId');
    if (!isDc(connection.dcId)) throw new FakeTelegramError(`No DC ${connection.dcId}: Telegram has DCs 1..5`);
    const existing = this.state.connections.get(connection.connectionId);
    if (existing) {
      if (existing.authKeyId === connection.authKeyId && existing.dcId === connection.dcId) return;
      throw new FakeTelegramError(`Connection ${connection.connectionId} is open with another key or DC`);
    }
    const key = this.state.authKey(connection.dcId, connection.authKeyId);
    const beside = this.state.connectionsOf(key);
    if (beside.length > 0) {
      const accountId = this.state.accountOfKey(key);
      this.state.violations.push({
        kind: 'auth-key-duplicated',
        authKeyId: key.authKeyId,
        dcId: key.dcId,
        accountId: idOrNull(accountId),
        connectionIds: [beside[0].connectionId, connection.connectionId],
        at: new Date(this.now()),
      });
      key.state = { kind: 'duplicated', formerAccountId: accountId };
    }
    this.state.connections.set(connection.connectionId, { ...pick(connection), subscribed: false, listeners: new Set(), pending: [] });
  }

  /** One RPC: TL request bytes in, TL answer bytes (or an RPC error) out. */
  call(connection: TlConnection, request: Buffer): TlAnswer {
    const live = this.liveConnection(connection);
    const key = this.state.authKey(live.dcId, live.authKeyId);
    const invocation: Invocation = {
      ...pick(connection),
      accountId: idOrNull(this.state.accountOfKey(key)),
      method: 'unknown',
      chain: [],
      outcome: 'ok',
      at: new Date(this.now()),
    };
    this.state.invocations.push(invocation);
    try {
      const parsed = readRequest(request);
      invocation.method = parsed.query.className;
      invocation.chain = parsed.chain;
      const result = this.dispatch(live, key, parsed);
      return { ok: true, result: Buffer.from(result.getBytes()) };
    } catch (error) {
      if (!(error instanceof RpcError)) throw error;
      invocation.outcome = error.errorMessage;
      return { ok: false, errorCode: error.errorCode, errorMessage: error.errorMessage };
    } finally {
      this.attribute(key);
    }
  }

  /** Updates pushed to this connection; those pushed while nobody listened come first. */
  listen(connection: TlConnection, onUpdate: (update: Buffer) => void): () => void {
    const live = this.liveConnection(connection);
    live.listeners.add(onUpdate);
    const pending = live.pending.splice(0);
    for (const update of pending) onUpdate(update);
    return () => {
      live.listeners.delete(onUpdate);
    };
  }

  close(connection: TlConnection): void {
    const live = this.state.connections.get(connection.connectionId);
    if (!live) return;
    live.listeners.clear();
    this.state.connections.delete(connection.connectionId);
  }

  // ---- Inside ----------------------------------------------------------------------------------

  private dispatch(connection: LiveConnection, key: AuthKey, parsed: ParsedRequest): TlSerialisable {
    if (key.state.kind === 'duplicated') throw new RpcError(406, 'AUTH_KEY_DUPLICATED');
    const injected = this.takeFailure(parsed, key);
    if (injected) throw injected;
    // "invokeWithoutUpdates: invoke a request without subscribing the used connection for updates
    // (this is enabled by default for file queries)" (core.telegram.org/method/invokeWithoutUpdates).
    if (!parsed.withoutUpdates && !parsed.query.className.startsWith('upload.')) connection.subscribed = true;
    if (parsed.layer !== undefined) connection.layer = parsed.layer;
    if (parsed.apiId !== undefined) connection.apiId = parsed.apiId;
    const handler = METHODS.get(parsed.query.className);
    if (!handler) throw notModelled(parsed.query.className);
    const account = this.authorise(key, handler.access);
    return handler.handle(this.contextFor(connection, key), parsed.query, account);
  }

  /**
   * The 401s of core.telegram.org/api/errors#401-unauthorized: a key not signed in answers
   * AUTH_KEY_UNREGISTERED (or what revoked it), one waiting for its 2FA password
   * SESSION_PASSWORD_NEEDED, a banned account USER_DEACTIVATED_BAN.
   */
  private authorise(key: AuthKey, access: MethodAccess): Account | undefined {
    if (access === 'anyone') return undefined;
    const state = key.state;
    if (state.kind === 'unauthorised') throw new RpcError(401, state.revokedWith ?? 'AUTH_KEY_UNREGISTERED');
    if (state.kind === 'duplicated') throw new RpcError(406, 'AUTH_KEY_DUPLICATED');
    const account = this.state.account(state.accountId);
    if (account.banned) throw new RpcError(401, 'USER_DEACTIVATED_BAN');
    if (state.kind === 'password-pending' && access === 'signed-in') throw new RpcError(401, 'SESSION_PASSWORD_NEEDED');
    return account;
  }

  private takeFailure(parsed: ParsedRequest, key: AuthKey): RpcError | undefined {
    const accountId = this.state.accountOfKey(key);
    // The query itself first, then its wrappers from the inside out.
    for (const method of [...parsed.chain].reverse()) {
      const index = this.failures.findIndex((failure) => failure.method === method && (failure.accountId === undefined || failure.accountId === accountId));
      if (index < 0) continue;
      const failure = this.failures[index];
      failure.remaining -= 1;
      if (failure.remaining <= 0) this.failures.splice(index, 1);
      return failure.error;
    }
    return undefined;
  }

  /** Calls made on a key before it signed in count for the account it signed in to. */
  private attribute(key: AuthKey): void {
    const accountId = idOrNull(this.state.accountOfKey(key));
    if (accountId === null) return;
    for (const invocation of this.state.invocations) {
      if (invocation.accountId === null && invocation.dcId === key.dcId && invocation.authKeyId === key.authKeyId) invocation.accountId = accountId;
    }
  }

  private contextFor(connection: LiveConnection, key: AuthKey): MethodContext {
    return {
      state: this.state,
      settings: this.settings,
      connection,
      key,
      now: () => this.now(),
      unixNow: () => this.unixNow(),
      push: (account, updates, except) => this.push(account, updates, except),
    };
  }

  private liveConnection(connection: TlConnection): LiveConnection {
    const live = this.state.connections.get(connection.connectionId);
    if (!live) throw new FakeTelegramError(`Connection ${connection.connectionId} is not open`);
    if (live.authKeyId !== connection.authKeyId || live.dcId !== connection.dcId) throw new FakeTelegramError(`Connection ${connection.connectionId} was opened with another key or DC`);
    return live;
  }

  private push(account: Account, updates: TlSerialisable, except?: LiveConnection): void {
    const bytes = updates.getBytes();
    for (const connection of this.state.liveConnectionsOf(account.id)) {
      if (connection.subscribed && connection !== except) this.deliver(connection, bytes);
    }
  }

  private deliver(connection: LiveConnection, bytes: Buffer): void {
    if (connection.listeners.size === 0) {
      connection.pending.push(Buffer.from(bytes));
      if (connection.pending.length > PENDING_UPDATES_LIMIT) connection.pending.shift();
      return;
    }
    for (const listener of connection.listeners) listener(Buffer.from(bytes));
  }

  private clientFile(account: Account, content: ClientMessageContent): StoredFile | undefined {
    const given = (['photo', 'document', 'voice', 'video'] as const).filter((kind) => content[kind] !== undefined);
    if (given.length > 1) throw new FakeTelegramError(`A message carries one file, not ${given.join(' and ')}`);
    const common = { date: this.unixNow(), accountId: account.id };
    const dcOf = (spec: FileSpec) => {
      const dcId = spec.dcId ?? account.dcId;
      if (!isDc(dcId)) throw new FakeTelegramError(`No DC ${dcId}`);
      return dcId;
    };
    if (content.photo) {
      const { bytes, width, height } = content.photo;
      return this.state.storeFile({ ...common, kind: 'photo', bytes, mimeType: 'image/jpeg', width, height, dcId: dcOf(content.photo) });
    }
    if (content.document) {
      const { bytes, fileName, mimeType } = content.document;
      return this.state.storeFile({ ...common, kind: 'document', bytes, mimeType, fileName, dcId: dcOf(content.document) });
    }
    if (content.voice) {
      const { bytes, mimeType, duration } = content.voice;
      return this.state.storeFile({ ...common, kind: 'voice', bytes, mimeType, duration, dcId: dcOf(content.voice) });
    }
    if (content.video) {
      const { bytes, mimeType, duration, width, height, fileName } = content.video;
      return this.state.storeFile({ ...common, kind: 'video', bytes, mimeType, duration, width, height, fileName, dcId: dcOf(content.video) });
    }
    return undefined;
  }

  private now(): number {
    return this.clock() + this.clockOffsetMs;
  }

  private unixNow(): number {
    return Math.floor(this.now() / 1000);
  }
}

/** The usual code of an RPC error type (core.telegram.org/api/errors). */
export function errorCodeFor(errorMessage: string): number {
  if (/^FLOOD(_PREMIUM|_TEST_PHONE)?_WAIT_\d+$/.test(errorMessage) || errorMessage === 'PEER_FLOOD') return 420;
  if (/_MIGRATE_\d+$/.test(errorMessage)) return 303;
  if (errorMessage === 'AUTH_KEY_DUPLICATED') return 406;
  if (/^(AUTH_KEY_(UNREGISTERED|INVALID|PERM_EMPTY)|SESSION_(REVOKED|EXPIRED|PASSWORD_NEEDED)|USER_DEACTIVATED(_BAN)?)$/.test(errorMessage)) return 401;
  if (/^(RPC_CALL_FAIL|RPC_MCGET_FAIL|TIMEOUT|INTERDC_CALL_ERROR|INTERDC_CALL_RICH_ERROR|WORKER_BUSY_TOO_LONG_RETRY)$/.test(errorMessage)) return 500;
  return 400;
}

function isDc(dcId: number): boolean {
  return (DC_IDS as readonly number[]).includes(dcId);
}

function idOrNull(id: bigint | undefined): string | null {
  return id === undefined ? null : id.toString();
}

function pick(connection: TlConnection): TlConnection {
  return { connectionId: connection.connectionId, authKeyId: connection.authKeyId, dcId: connection.dcId };
}
