import { createHash, randomBytes } from 'node:crypto';
import { type SrpChallenge, type SrpPassword } from './fake-telegram-srp';

/**
 * The state of the fake Telegram, in plain TypeScript with no TL in it: accounts (the businesses'
 * own Telegram accounts), the people who write to them, auth keys and live connections, message
 * histories with their pts log, uploaded and stored files. `fake-telegram-methods.ts` turns TL
 * requests into changes of this state; `fake-telegram.ts` is the API tests use.
 */

/** An RPC error exactly as Telegram answers it (core.telegram.org/api/errors): a code and a type. */
export class RpcError extends Error {
  constructor(
    readonly errorCode: number,
    readonly errorMessage: string,
  ) {
    super(`${errorCode}: ${errorMessage}`);
    this.name = 'RpcError';
  }
}

/** Misuse of the fake by a test or a wire (not a Telegram answer): fails loudly. */
export class FakeTelegramError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FakeTelegramError';
  }
}

/** Something the business's phone app refuses when scanning a QR code. */
export type ScanRefusalReason = 'token-unknown' | 'token-expired' | 'token-used' | 'account-unknown' | 'account-banned' | 'account-excepted';

export class ScanRefusedError extends FakeTelegramError {
  constructor(readonly reason: ScanRefusalReason) {
    super(`The Telegram app refuses the QR code: ${reason}`);
    this.name = 'ScanRefusedError';
  }
}

export const DC_IDS = [1, 2, 3, 4, 5] as const;

export type CodeDelivery = 'app' | 'sms' | 'call';

/** The SentCode length Telegram uses for app and SMS codes. */
export const CODE_LENGTH = 5;

export interface AccountSpec {
  phone: string;
  firstName: string;
  lastName?: string;
  username?: string;
  /** Two-step verification password; the fake keeps only its SRP verifier. */
  password?: string;
  hint?: string;
  /** The account's home DC (1..5); 2 by default, where Telegram keeps most Russian numbers. */
  dcId?: number;
  /** Where auth.sendCode says the code went (auth.SentCodeType): the app by default. */
  codeDelivery?: CodeDelivery;
}

export interface ClientUserSpec {
  firstName: string;
  lastName?: string;
  username?: string;
  phone?: string;
}

export interface Account {
  id: bigint;
  /** Digits only, country code first. */
  phone: string;
  firstName: string;
  lastName?: string;
  username?: string;
  dcId: number;
  codeDelivery: CodeDelivery;
  password?: { srp: SrpPassword; hint?: string; challenges: SrpChallenge[] };
  banned: boolean;
  /** The account's common message box counters (core.telegram.org/api/updates). */
  pts: number;
  seq: number;
  events: PtsEvent[];
  /** Private-chat messages; ids come from one counter per account, as in Telegram's common box. */
  messages: StoredMessage[];
  nextMessageId: number;
  /** messages.sendMessage/sendMedia dedupe on random_id per account. */
  sentByRandomId: Map<bigint, StoredMessage>;
  /** Up to which of our messages each client has read (updateReadHistoryOutbox), by user id. */
  outboxReadMaxId: Map<bigint, number>;
  /** Up to which of the client's messages the account has read (messages.readHistory). */
  inboxReadMaxId: Map<bigint, number>;
  /** Clients who blocked this account. */
  blockedBy: Set<bigint>;
  /** Parts sent by upload.saveFilePart / saveBigFilePart, by the client's file_id. */
  uploads: Map<bigint, PendingUpload>;
  readMarks: ReadMark[];
  /** What the account sent, for `received()`. */
  sent: SentByAccount[];
}

export interface ClientUser {
  id: bigint;
  firstName: string;
  lastName?: string;
  username?: string;
  phone?: string;
}

export type MediaKind = 'photo' | 'document' | 'voice' | 'video';

/** A file kept by Telegram, downloadable with upload.getFile. */
export interface StoredFile {
  id: bigint;
  accessHash: bigint;
  fileReference: Buffer;
  kind: MediaKind;
  bytes: Buffer;
  mimeType: string;
  fileName?: string;
  date: number;
  dcId: number;
  /** The one account whose history holds it (the fake does not share files between accounts). */
  accountId: bigint;
  width?: number;
  height?: number;
  /** Seconds, for voice and video. */
  duration?: number;
}

/** The PhotoSize type the fake gives every photo (Telegram's "x", up to 800 px). */
export const PHOTO_SIZE_TYPE = 'x';

export interface StoredMessage {
  id: number;
  /** The client on the other side of the private chat. */
  userId: bigint;
  out: boolean;
  date: number;
  text: string;
  media?: StoredFile;
  randomId?: bigint;
  pts: number;
}

interface PtsEventBase {
  pts: number;
  seq: number;
  date: number;
}

export type PtsEvent =
  | (PtsEventBase & { kind: 'new-message'; message: StoredMessage })
  | (PtsEventBase & { kind: 'read-outbox'; userId: bigint; maxId: number })
  | (PtsEventBase & { kind: 'read-inbox'; userId: bigint; maxId: number; stillUnreadCount: number });

type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event before the log numbers it. */
export type PtsEventData = OmitEach<PtsEvent, 'pts' | 'seq'>;

export interface PendingUpload {
  big: boolean;
  totalParts?: number;
  parts: Map<number, Buffer>;
}

export interface ReadMark {
  userId: string;
  maxId: number;
  at: Date;
}

/**
 * An auth key on one DC (keys are per data centre: core.telegram.org/mtproto/auth_key).
 * Unauthorised until a login on it succeeds; `revokedWith` remembers why it lost its account.
 */
export interface AuthKey {
  authKeyId: string;
  dcId: number;
  state:
    /** `revokedWith` is the 401 the key answers since it lost `formerAccountId`. */
    | { kind: 'unauthorised'; revokedWith?: string; formerAccountId?: bigint }
    | { kind: 'password-pending'; accountId: bigint }
    | { kind: 'authorised'; accountId: bigint }
    /** Used by two live connections at once: Telegram invalidates the session for good. */
    | { kind: 'duplicated'; formerAccountId?: bigint };
  /** The token this key last exported for a QR login (core.telegram.org/api/qr-login). */
  loginToken?: LoginToken;
}

export interface LiveConnection {
  connectionId: string;
  authKeyId: string;
  dcId: number;
  /** A session is subscribed to updates once it makes a call not wrapped in invokeWithoutUpdates that is not a file query. */
  subscribed: boolean;
  listeners: Set<(update: Buffer) => void>;
  /** Updates pushed while nobody listened, delivered to the next listener. */
  pending: Buffer[];
  layer?: number;
  apiId?: number;
}

/** A QR login token (core.telegram.org/api/qr-login). */
export interface LoginToken {
  token: Buffer;
  dcId: number;
  authKeyId: string;
  expiresAt: number;
  exceptIds: bigint[];
  state: { kind: 'waiting' } | { kind: 'accepted'; accountId: bigint } | { kind: 'used' };
}

/** The token auth.loginTokenMigrateTo hands over, to import on the account's home DC. */
export interface MigrationToken {
  token: Buffer;
  accountId: bigint;
  expiresAt: number;
  used: boolean;
}

export interface PendingCode {
  phone: string;
  phoneCodeHash: string;
  code: string;
  /** The key it was requested on: the code must be entered on the same session. */
  dcId: number;
  authKeyId: string;
  expiresAt: number;
}

export interface ExportedAuthorization {
  id: bigint;
  bytes: Buffer;
  accountId: bigint;
  dcId: number;
}

export interface Invocation {
  connectionId: string;
  authKeyId: string;
  dcId: number;
  /** The account the call ran for: the key's account, or the one the connection logged into later. */
  accountId: string | null;
  /** The TL method, e.g. 'messages.SendMessage' (the innermost query). */
  method: string;
  /** Outermost first, the method last: ['InvokeWithLayer', 'InitConnection', 'help.GetConfig']. */
  chain: string[];
  /** 'ok' or the RPC error type answered. */
  outcome: string;
  at: Date;
}

export interface Violation {
  kind: 'auth-key-duplicated';
  authKeyId: string;
  dcId: number;
  accountId: string | null;
  /** The connection that was live, then the one that opened beside it. */
  connectionIds: [string, string];
  at: Date;
}

/** What an account sent through messages.sendMessage / sendMedia, as a test inspects it. */
export interface SentByAccount {
  messageId: number;
  userId: string;
  text: string;
  media: MediaKind | null;
  fileName: string | null;
  mimeType: string | null;
  voice: boolean;
  bytes: Buffer | null;
  randomId: string;
  date: Date;
}

const FIRST_ACCOUNT_ID = 7_000_000_001n;
const FIRST_CLIENT_ID = 6_000_000_001n;
// Telegram's counters of a fresh account are never 0; starting elsewhere catches code that assumes so.
const FIRST_PTS = 100;

/** The whole state; the methods that read or change it are small and rule-free. */
export class FakeTelegramState {
  readonly accounts = new Map<bigint, Account>();
  readonly accountsByPhone = new Map<string, Account>();
  readonly clients = new Map<bigint, ClientUser>();
  readonly authKeys = new Map<string, AuthKey>();
  readonly connections = new Map<string, LiveConnection>();
  readonly loginTokens = new Map<string, LoginToken>();
  readonly migrationTokens = new Map<string, MigrationToken>();
  readonly pendingCodes = new Map<string, PendingCode>();
  readonly exportedAuthorizations = new Map<bigint, ExportedAuthorization>();
  readonly files = new Map<bigint, StoredFile>();
  readonly invocations: Invocation[] = [];
  readonly violations: Violation[] = [];
  private nextAccountId = FIRST_ACCOUNT_ID;
  private nextClientId = FIRST_CLIENT_ID;
  private readonly accessHashSecret = randomBytes(16);

  newAccount(spec: AccountSpec, phone: string, password: Account['password']): Account {
    const account: Account = {
      id: this.nextAccountId++,
      phone,
      firstName: spec.firstName,
      lastName: spec.lastName,
      username: spec.username,
      dcId: spec.dcId ?? 2,
      codeDelivery: spec.codeDelivery ?? 'app',
      password,
      banned: false,
      pts: FIRST_PTS,
      seq: 1,
      events: [],
      messages: [],
      nextMessageId: 1,
      sentByRandomId: new Map(),
      outboxReadMaxId: new Map(),
      inboxReadMaxId: new Map(),
      blockedBy: new Set(),
      uploads: new Map(),
      readMarks: [],
      sent: [],
    };
    this.accounts.set(account.id, account);
    this.accountsByPhone.set(phone, account);
    return account;
  }

  newClient(spec: ClientUserSpec): ClientUser {
    const client: ClientUser = { id: this.nextClientId++, ...spec };
    this.clients.set(client.id, client);
    return client;
  }

  account(id: string | bigint): Account {
    const account = this.accounts.get(toId(id));
    if (!account) throw new FakeTelegramError(`No account ${String(id)} in the fake Telegram`);
    return account;
  }

  client(id: string | bigint): ClientUser {
    const client = this.clients.get(toId(id));
    if (!client) throw new FakeTelegramError(`No user ${String(id)} in the fake Telegram`);
    return client;
  }

  /**
   * Access hashes are per viewer: the hash account A got for user U is valid only for A
   * (core.telegram.org/api/peers#access-hashes). Derived, so nothing needs storing.
   */
  accessHash(viewer: bigint, target: bigint): bigint {
    const digest = createHash('sha256').update(this.accessHashSecret).update(`${viewer}:${target}`).digest();
    return digest.readBigInt64LE(0);
  }

  /** The key a connection uses on its DC, created unauthorised on first sight. */
  authKey(dcId: number, authKeyId: string): AuthKey {
    const id = keyOf(dcId, authKeyId);
    let key = this.authKeys.get(id);
    if (!key) {
      key = { authKeyId, dcId, state: { kind: 'unauthorised' } };
      this.authKeys.set(id, key);
    }
    return key;
  }

  keysOf(accountId: bigint): AuthKey[] {
    return [...this.authKeys.values()].filter((key) => (key.state.kind === 'authorised' || key.state.kind === 'password-pending') && key.state.accountId === accountId);
  }

  connectionsOf(key: AuthKey): LiveConnection[] {
    return [...this.connections.values()].filter((connection) => connection.dcId === key.dcId && connection.authKeyId === key.authKeyId);
  }

  /** The account a key's calls are attributed to: the one it is (or is getting) signed in to, or the one it lost. */
  accountOfKey(key: AuthKey): bigint | undefined {
    switch (key.state.kind) {
      case 'authorised':
      case 'password-pending':
        return key.state.accountId;
      case 'unauthorised':
      case 'duplicated':
        return key.state.formerAccountId;
    }
  }

  /** Live, subscribed connections whose key is signed in to the account. */
  liveConnectionsOf(accountId: bigint): LiveConnection[] {
    return [...this.connections.values()].filter((connection) => {
      const key = this.authKeys.get(keyOf(connection.dcId, connection.authKeyId));
      return key?.state.kind === 'authorised' && key.state.accountId === accountId;
    });
  }

  /** Appends an event to the account's pts log (every new message or read mark is pts_count 1). */
  addEvent(account: Account, data: PtsEventData): PtsEvent {
    account.pts += 1;
    account.seq += 1;
    const event: PtsEvent = { ...data, pts: account.pts, seq: account.seq };
    account.events.push(event);
    return event;
  }

  newMessage(account: Account, message: Omit<StoredMessage, 'id' | 'pts'>): { message: StoredMessage; event: PtsEvent } {
    const stored: StoredMessage = { ...message, id: account.nextMessageId++, pts: account.pts + 1 };
    const event = this.addEvent(account, { kind: 'new-message', date: message.date, message: stored });
    account.messages.push(stored);
    return { message: stored, event };
  }

  storeFile(file: Omit<StoredFile, 'id' | 'accessHash' | 'fileReference'>): StoredFile {
    const stored: StoredFile = { ...file, id: randomLong(), accessHash: randomLong(), fileReference: randomBytes(16) };
    this.files.set(stored.id, stored);
    return stored;
  }

  unreadCount(account: Account): number {
    return account.messages.filter((message) => !message.out && message.id > (account.inboxReadMaxId.get(message.userId) ?? 0)).length;
  }
}

export function keyOf(dcId: number, authKeyId: string): string {
  return `${dcId}:${authKeyId}`;
}

export function toId(id: string | bigint): bigint {
  if (typeof id === 'bigint') return id;
  if (!/^-?\d+$/.test(id)) throw new FakeTelegramError(`Not a Telegram id: ${id}`);
  return BigInt(id);
}

/** A positive random 63-bit id, as Telegram's photo and document ids are. */
export function randomLong(): bigint {
  return randomBytes(8).readBigInt64LE(0) & 0x7fff_ffff_ffff_ffffn;
}

/**
 * Telegram accepts numbers in international form with or without "+", spaces, dashes and
 * brackets; anything else is PHONE_NUMBER_INVALID. Returns the digits, or null.
 */
export function normalisePhone(input: string): string | null {
  const compact = input.trim().replace(/[\s\-()]/g, '');
  const digits = compact.startsWith('+') ? compact.slice(1) : compact;
  return /^\d{7,15}$/.test(digits) ? digits : null;
}
