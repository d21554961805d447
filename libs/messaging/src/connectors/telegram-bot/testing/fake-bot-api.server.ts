import { randomBytes } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type BotMessage, type BotUpdate, type BotUser } from '../bot-api.types';
import { multipartBoundary, parseMultipart } from './multipart';

export interface FakeBot {
  token: string;
  id: number;
  firstName: string;
  username: string;
}

export interface FakeUpload {
  /** The multipart field the file came in (photo, document, voice, video). */
  field: string;
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

/** Every call that reached a known bot, whatever it was answered. */
export interface FakeBotCall {
  token: string;
  method: string;
  params: Record<string, unknown>;
  upload: FakeUpload | null;
  status: number;
}

export interface FakeSentMessage {
  token: string;
  method: string;
  chatId: string;
  messageId: number;
  /** The text of sendMessage or the caption of a file. */
  text: string | null;
  upload: FakeUpload | null;
}

export interface FakeWebhookCall {
  token: string;
  method: 'setWebhook' | 'deleteWebhook';
  url: string | null;
  secretToken: string | null;
  allowedUpdates: string[] | null;
  dropPendingUpdates: boolean | null;
}

export interface FakeStoredFile {
  fileId: string;
  fileUniqueId: string;
  fileSize: number;
  filePath: string;
}

export interface FakeFailure {
  /** 400/403 refuse, 429 is flood control, 5xx an outage. */
  status: number;
  description?: string;
  /** For 429: parameters.retry_after. */
  retryAfter?: number;
  /** Only a call of this method takes the failure; any method when omitted. */
  method?: string;
}

const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;
const TOKEN_SHAPE = /^\d+:[A-Za-z0-9_-]{30,}$/;
const DEFAULT_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad Request: chat not found',
  403: 'Forbidden: bot was blocked by the user',
  429: 'Too Many Requests: retry after 5',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
};

/**
 * A local Telegram Bot API (https://core.telegram.org/bots/api) over real HTTP, for tests: bots are
 * added with their tokens, calls are `POST /bot<token>/<method>` with JSON, urlencoded or
 * multipart/form-data bodies, answers are `{ ok, result }` or `{ ok: false, error_code,
 * description, parameters }`, and files come from `/file/bot<token>/<file_path>`. It keeps what
 * was sent, can refuse or fail the next call, and delivers updates to the registered webhook
 * with its secret header the way Telegram does. Unlike Telegram it accepts http:// webhook URLs,
 * so a local app can receive. Free of any test framework: suites and browser tests share it.
 */
export class FakeBotApiServer {
  readonly calls: FakeBotCall[] = [];
  readonly sent: FakeSentMessage[] = [];
  readonly webhookCalls: FakeWebhookCall[] = [];
  readonly downloads: Array<{ token: string; filePath: string }> = [];
  private readonly bots = new Map<string, FakeBot & { revoked: boolean }>();
  private readonly webhooks = new Map<string, { url: string; secretToken: string | null }>();
  private readonly files = new Map<string, FakeStoredFile & { token: string; bytes: Buffer; reportSize: boolean }>();
  private readonly failures: FakeFailure[] = [];
  private readonly messageIds = new Map<string, number>();
  private nextBotId = 7_000_000_000;
  private server!: Server;

  private constructor() {}

  static async start(): Promise<FakeBotApiServer> {
    const fake = new FakeBotApiServer();
    fake.server = createServer((request, response) => {
      fake.handle(request, response).catch((error: Error) => fake.answer(response, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${error.message}` }));
    });
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** The base URL to configure as TELEGRAM_BOT_API_URL. */
  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** A bot Telegram knows, with a token of @BotFather's shape. */
  addBot(bot: Partial<Omit<FakeBot, 'token'>> = {}): FakeBot {
    const id = bot.id ?? (this.nextBotId += 1);
    const created: FakeBot = { id, firstName: bot.firstName ?? 'Магазин', username: bot.username ?? `shop_${id}_bot`, token: `${id}:AA${randomBytes(24).toString('base64url')}` };
    this.bots.set(created.token, { ...created, revoked: false });
    return created;
  }

  /** The owner revoked the token in @BotFather: every call with it answers 401. */
  revoke(token: string): void {
    const bot = this.bots.get(token);
    if (bot) bot.revoked = true;
  }

  /** The next call (of `method`, when given) answers 400 with a Bot API refusal. */
  refuseNext(options: { method?: string; description?: string; status?: 400 | 403 } = {}): void {
    this.failures.push({ status: options.status ?? 400, method: options.method, description: options.description });
  }

  /** The next call (of `method`, when given) fails: a 5xx outage, or 429 with retry_after. */
  failNext(failure: FakeFailure = { status: 500 }): void {
    this.failures.push(failure);
  }

  /** Where the bot's updates go now, and the secret they carry; null without a webhook. */
  webhookOf(token: string): { url: string; secretToken: string | null } | null {
    return this.webhooks.get(token) ?? null;
  }

  /** A file on Telegram's side that getFile can point at. `reportSize: false` leaves file_size out, as Telegram may. */
  storeFile(token: string, bytes: Buffer, options: { filePath?: string; reportSize?: boolean } = {}): FakeStoredFile {
    const fileId = `AgAC${randomBytes(12).toString('base64url')}`;
    const stored = {
      fileId,
      fileUniqueId: `AQAD${randomBytes(6).toString('base64url')}`,
      fileSize: bytes.length,
      filePath: options.filePath ?? `documents/file_${this.files.size}.bin`,
      token,
      bytes,
      reportSize: options.reportSize ?? true,
    };
    this.files.set(fileId, stored);
    return { fileId: stored.fileId, fileUniqueId: stored.fileUniqueId, fileSize: stored.fileSize, filePath: stored.filePath };
  }

  /**
   * Posts an update to the bot's webhook as Telegram does: JSON, with the secret header when one
   * was set. `origin` replaces the registered URL's scheme, host and port (an app on a test port);
   * `secretToken` overrides the header (null leaves it out).
   */
  async deliver(token: string, update: BotUpdate, options: { origin?: string; secretToken?: string | null } = {}): Promise<{ status: number; body: string }> {
    const webhook = this.webhooks.get(token);
    if (!webhook) throw new Error('The bot has no webhook set');
    const target = new URL(webhook.url);
    if (options.origin) {
      const origin = new URL(options.origin);
      target.protocol = origin.protocol;
      target.host = origin.host;
    }
    const secret = options.secretToken === undefined ? webhook.secretToken : options.secretToken;
    const response = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret }) },
      body: JSON.stringify(update),
    });
    return { status: response.status, body: await response.text() };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (download) return this.serveFile(response, decodeURIComponent(download[1]), download[2].split('/').map(decodeURIComponent).join('/'));
    const call = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!call) return this.answer(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const token = decodeURIComponent(call[1]);
    const bot = this.bots.get(token);
    // The real Bot API: 404 for a token it cannot parse, 401 for one it does not (or no longer) accept.
    if (!TOKEN_SHAPE.test(token)) return this.answer(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (!bot || bot.revoked) return this.answer(response, 401, { ok: false, error_code: 401, description: 'Unauthorized' });

    const { params, upload } = await this.paramsOf(request, url);
    const method = call[2];
    const record: FakeBotCall = { token, method, params, upload, status: 200 };
    this.calls.push(record);
    const failureAt = this.failures.findIndex((f) => !f.method || f.method.toLowerCase() === method.toLowerCase());
    if (failureAt >= 0) {
      const [failure] = this.failures.splice(failureAt, 1);
      record.status = failure.status;
      return this.answer(response, failure.status, {
        ok: false,
        error_code: failure.status,
        description: failure.description ?? (failure.status === 429 ? `Too Many Requests: retry after ${failure.retryAfter ?? 5}` : (DEFAULT_DESCRIPTIONS[failure.status] ?? 'Error')),
        ...(failure.status === 429 ? { parameters: { retry_after: failure.retryAfter ?? 5 } } : {}),
      });
    }
    const outcome = this.perform(bot, method, params, upload);
    record.status = outcome.status;
    return this.answer(response, outcome.status, outcome.body);
  }

  private perform(bot: FakeBot, method: string, params: Record<string, unknown>, upload: FakeUpload | null): { status: number; body: object } {
    const ok = (result: unknown) => ({ status: 200, body: { ok: true, result } });
    const refuse = (description: string) => ({ status: 400, body: { ok: false, error_code: 400, description } });
    switch (method.toLowerCase()) {
      case 'getme': {
        const me: BotUser & { can_join_groups: boolean; can_read_all_group_messages: boolean; supports_inline_queries: boolean } = {
          id: bot.id,
          is_bot: true,
          first_name: bot.firstName,
          username: bot.username,
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        };
        return ok(me);
      }
      case 'setwebhook': {
        const url = stringParam(params.url) ?? '';
        const secretToken = stringParam(params.secret_token);
        if (secretToken !== null && !SECRET_TOKEN.test(secretToken)) return refuse('Bad Request: secret token contains unallowed characters');
        this.webhookCalls.push({ token: bot.token, method: 'setWebhook', url, secretToken, allowedUpdates: listParam(params.allowed_updates), dropPendingUpdates: boolParam(params.drop_pending_updates) });
        // "Use an empty string to remove webhook integration."
        if (url === '') this.webhooks.delete(bot.token);
        else if (!/^https?:\/\//.test(url)) return refuse('Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
        else this.webhooks.set(bot.token, { url, secretToken });
        return ok(true);
      }
      case 'deletewebhook':
        this.webhookCalls.push({ token: bot.token, method: 'deleteWebhook', url: null, secretToken: null, allowedUpdates: null, dropPendingUpdates: boolParam(params.drop_pending_updates) });
        this.webhooks.delete(bot.token);
        return ok(true);
      case 'getwebhookinfo': {
        const webhook = this.webhooks.get(bot.token);
        return ok({ url: webhook?.url ?? '', has_custom_certificate: false, pending_update_count: 0 });
      }
      case 'sendmessage': {
        const chatId = stringParam(params.chat_id);
        const text = stringParam(params.text);
        if (!chatId) return refuse('Bad Request: chat_id is empty');
        if (!text?.trim()) return refuse('Bad Request: message text is empty');
        if (text.length > 4096) return refuse('Bad Request: message is too long');
        return ok(this.recordSent(bot, 'sendMessage', chatId, text, null));
      }
      case 'sendphoto':
      case 'senddocument':
      case 'sendvoice':
      case 'sendvideo': {
        const field = method.toLowerCase().slice('send'.length);
        const chatId = stringParam(params.chat_id);
        if (!chatId) return refuse('Bad Request: chat_id is empty');
        if (!upload || upload.field !== field) return refuse(`Bad Request: there is no ${field} in the request`);
        if (upload.bytes.length === 0) return refuse('Bad Request: file must be non-empty');
        const caption = stringParam(params.caption);
        if (caption && caption.length > 1024) return refuse('Bad Request: message caption is too long');
        return ok(this.recordSent(bot, `send${field[0].toUpperCase()}${field.slice(1)}`, chatId, caption, upload));
      }
      case 'getfile': {
        const file = this.files.get(stringParam(params.file_id) ?? '');
        if (!file || file.token !== bot.token) return refuse('Bad Request: invalid file_id');
        return ok({ file_id: file.fileId, file_unique_id: file.fileUniqueId, ...(file.reportSize ? { file_size: file.fileSize } : {}), file_path: file.filePath });
      }
      default:
        return { status: 404, body: { ok: false, error_code: 404, description: 'Not Found: method not found' } };
    }
  }

  private recordSent(bot: FakeBot, method: string, chatId: string, text: string | null, upload: FakeUpload | null): BotMessage {
    const messageId = (this.messageIds.get(`${bot.token}/${chatId}`) ?? 0) + 1;
    this.messageIds.set(`${bot.token}/${chatId}`, messageId);
    this.sent.push({ token: bot.token, method, chatId, messageId, text, upload });
    const numeric = Number(chatId);
    return {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: Number.isSafeInteger(numeric) ? numeric : 0, type: numeric < 0 ? 'group' : 'private' },
      from: { id: bot.id, is_bot: true, first_name: bot.firstName, username: bot.username },
      ...(text && !upload ? { text } : {}),
      ...(text && upload ? { caption: text } : {}),
    };
  }

  private serveFile(response: ServerResponse, token: string, filePath: string): void {
    const bot = this.bots.get(token);
    if (!bot || bot.revoked) return this.answer(response, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const file = [...this.files.values()].find((f) => f.token === token && f.filePath === filePath);
    if (!file) return this.answer(response, 404, { ok: false, error_code: 404, description: 'Not Found: file not found' });
    this.downloads.push({ token, filePath });
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.bytes.length }).end(file.bytes);
  }

  private async paramsOf(request: IncomingMessage, url: URL): Promise<{ params: Record<string, unknown>; upload: FakeUpload | null }> {
    const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
    const body = await readBody(request);
    const contentType = request.headers['content-type'] ?? '';
    let upload: FakeUpload | null = null;
    if (/^application\/json/i.test(contentType) && body.length) {
      Object.assign(params, JSON.parse(body.toString('utf8')) as Record<string, unknown>);
    } else if (/^application\/x-www-form-urlencoded/i.test(contentType)) {
      Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
    } else {
      const boundary = multipartBoundary(contentType);
      if (boundary) {
        for (const part of parseMultipart(body, boundary)) {
          if (part.fileName !== null) upload = { field: part.name, fileName: part.fileName, mimeType: part.contentType ?? 'application/octet-stream', bytes: part.data };
          else params[part.name] = part.data.toString('utf8');
        }
      }
    }
    return { params, upload };
  }

  private answer(response: ServerResponse, status: number, body: object): void {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
  }
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Bot API parameters arrive typed in JSON and as strings in forms; both are read here. */
function stringParam(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

function listParam(value: unknown): string[] | null {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') {
    try {
      const parsed = JSON.parse(value) as unknown;
      return Array.isArray(parsed) ? parsed.map(String) : null;
    } catch {
      return null;
    }
  }
  return null;
}

function boolParam(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return null;
}
