import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type TlConnection } from '../transport/tl-wire';
import { type ClientMessageContent, FakeTelegram, FakeTelegramError, type FakeTelegramOptions, ScanRefusedError } from './fake-telegram';

/**
 * The HTTP front of `FakeTelegram`, for tests that run the product in another process (it then
 * uses `HttpTlWire`, chosen by TELEGRAM_TEST_SERVER_URL) or drive it from a browser.
 *
 * Wire endpoints (what HttpTlWire speaks):
 *   POST /wire/open    JSON TlConnection                       → 204
 *   POST /wire/call    TL bytes (application/octet-stream), the connection in
 *                      x-tl-connection-id / x-tl-auth-key-id / x-tl-dc-id
 *                      → 200 `x-tl-answer: result` with TL bytes, or `x-tl-answer: error` with
 *                        JSON { errorCode, errorMessage }; 409 when the connection is not open
 *   GET  /wire/updates?connectionId=…  long poll → 200 frames of [uint32 LE length][TL bytes]
 *                      (empty after the poll timeout); 410 once the connection is closed
 *   POST /wire/close   JSON TlConnection                       → 204
 * A connection is live while its long poll is; when a poll is cut off (the process died) or none
 * follows within `dropAfterMs`, the fake closes it, as Telegram does when the TCP link drops.
 *
 * Control endpoints (JSON, bytes as base64), mirroring FakeTelegram's methods:
 *   POST /control/accounts {phone, firstName, …}  POST /control/users {firstName, …}
 *   POST /control/scan {token, phone}            GET  /control/code?phone=
 *   POST /control/send {userId, accountId, text?, photo?|document?|voice?|video?: {bytes, …}}
 *   POST /control/read {userId, accountId, maxId}  POST /control/block {userId, accountId, blocked?}
 *   POST /control/fail {method, errorMessage, errorCode?, times?, accountId?}
 *   POST /control/revoke {accountId, error?}      POST /control/ban {accountId}
 *   POST /control/clock {advanceSeconds}          POST /control/config {loginTokenTtlSeconds?, …}
 *   GET  /control/received?account=  /control/read-marks?account=  /control/history?account=&user=
 *   GET  /control/invoked?account=   /control/access-hash?account=&user=  /control/sessions?account=
 *   GET  /control/violations         /control/live
 */
export interface FakeTelegramServerOptions {
  /** The fake to serve; a new one (with `fakeOptions`) by default. */
  telegram?: FakeTelegram;
  fakeOptions?: FakeTelegramOptions;
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** How long a long poll waits for updates before answering empty. */
  pollTimeoutMs?: number;
  /** A connection without a poll for this long is closed. */
  dropAfterMs?: number;
}

export interface RunningFakeTelegramServer {
  /** "http://127.0.0.1:<port>", the value for TELEGRAM_TEST_SERVER_URL. */
  url: string;
  close(): Promise<void>;
}

interface HttpConnection {
  connection: TlConnection;
  outbox: Buffer[];
  poll?: { response: ServerResponse; timer: NodeJS.Timeout };
  dropTimer?: NodeJS.Timeout;
  stopListening: () => void;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

export class FakeTelegramServer {
  readonly telegram: FakeTelegram;
  private readonly connections = new Map<string, HttpConnection>();
  private readonly pollTimeoutMs: number;
  private readonly dropAfterMs: number;

  constructor(private readonly options: FakeTelegramServerOptions = {}) {
    this.telegram = options.telegram ?? new FakeTelegram(options.fakeOptions);
    this.pollTimeoutMs = options.pollTimeoutMs ?? 20_000;
    this.dropAfterMs = options.dropAfterMs ?? 3_000;
  }

  async start(): Promise<RunningFakeTelegramServer> {
    const server = createServer((request, response) => {
      readBody(request)
        .then((body) => this.handle(request, response, body))
        .catch((error: unknown) => this.fail(response, error));
    });
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://${host}:${port}`,
      close: async () => {
        for (const state of [...this.connections.values()]) this.drop(state);
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      },
    };
  }

  private handle(request: IncomingMessage, response: ServerResponse, body: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://fake-telegram');
    const route = `${request.method ?? 'GET'} ${url.pathname}`;
    if (url.pathname.startsWith('/wire/')) return this.wire(route, request, response, url, body);
    if (url.pathname.startsWith('/control/')) return this.control(route, response, url, body);
    throw new HttpError(404, `No route ${route}`);
  }

  // ---- Wire ------------------------------------------------------------------------------------

  private wire(route: string, request: IncomingMessage, response: ServerResponse, url: URL, body: Buffer): void {
    switch (route) {
      case 'POST /wire/open': {
        const connection = connectionOf(json(body));
        this.telegram.open(connection);
        if (!this.connections.has(connection.connectionId)) {
          const state: HttpConnection = { connection, outbox: [], stopListening: () => undefined };
          state.stopListening = this.telegram.listen(connection, (update) => {
            state.outbox.push(update);
            this.flush(state);
          });
          this.connections.set(connection.connectionId, state);
          this.expectPoll(state);
        }
        return send(response, 204);
      }
      case 'POST /wire/call': {
        const connection = connectionOf({
          connectionId: request.headers['x-tl-connection-id'],
          authKeyId: request.headers['x-tl-auth-key-id'],
          dcId: Number(request.headers['x-tl-dc-id']),
        });
        const state = this.connections.get(connection.connectionId);
        if (state && !state.poll) this.expectPoll(state);
        const answer = this.telegram.call(connection, body);
        if (answer.ok) return send(response, 200, answer.result, { 'content-type': 'application/octet-stream', 'x-tl-answer': 'result' });
        return sendJson(response, 200, { errorCode: answer.errorCode, errorMessage: answer.errorMessage }, { 'x-tl-answer': 'error' });
      }
      case 'GET /wire/updates': {
        const state = this.connections.get(url.searchParams.get('connectionId') ?? '');
        if (!state) return sendJson(response, 410, { error: 'The connection is closed' });
        return this.startPoll(state, response);
      }
      case 'POST /wire/close': {
        const state = this.connections.get(connectionOf(json(body)).connectionId);
        if (state) this.drop(state);
        return send(response, 204);
      }
      default:
        throw new HttpError(404, `No route ${route}`);
    }
  }

  private startPoll(state: HttpConnection, response: ServerResponse): void {
    clearTimeout(state.dropTimer);
    // A newer poll replaces an older one (a retry after a network blip); the updates wait for it.
    const previous = state.poll;
    if (previous) {
      clearTimeout(previous.timer);
      state.poll = undefined;
      send(previous.response, 200, Buffer.alloc(0), { 'content-type': 'application/octet-stream' });
    }
    const timer = setTimeout(() => this.answerPoll(state), this.pollTimeoutMs);
    state.poll = { response, timer };
    response.on('close', () => {
      if (state.poll?.response !== response) return;
      clearTimeout(timer);
      state.poll = undefined;
      // Cut off before an answer: the process at the other end is gone.
      if (!response.writableFinished) this.drop(state);
    });
    if (state.outbox.length > 0) this.answerPoll(state);
  }

  private flush(state: HttpConnection): void {
    if (state.poll) this.answerPoll(state);
  }

  private answerPoll(state: HttpConnection): void {
    const poll = state.poll;
    if (!poll) return;
    clearTimeout(poll.timer);
    state.poll = undefined;
    const frames = state.outbox.splice(0).map((update) => {
      const length = Buffer.alloc(4);
      length.writeUInt32LE(update.length, 0);
      return Buffer.concat([length, update]);
    });
    send(poll.response, 200, Buffer.concat(frames), { 'content-type': 'application/octet-stream' });
    if (this.connections.get(state.connection.connectionId) === state) this.expectPoll(state);
  }

  /** The next poll must come within dropAfterMs, or the connection is taken for dead. */
  private expectPoll(state: HttpConnection): void {
    clearTimeout(state.dropTimer);
    state.dropTimer = setTimeout(() => this.drop(state), this.dropAfterMs);
  }

  private drop(state: HttpConnection): void {
    if (this.connections.get(state.connection.connectionId) !== state) return;
    this.connections.delete(state.connection.connectionId);
    clearTimeout(state.dropTimer);
    state.stopListening();
    this.telegram.close(state.connection);
    const poll = state.poll;
    state.poll = undefined;
    if (poll) {
      clearTimeout(poll.timer);
      if (!poll.response.writableEnded) sendJson(poll.response, 410, { error: 'The connection is closed' });
    }
  }

  // ---- Control ---------------------------------------------------------------------------------

  private control(route: string, response: ServerResponse, url: URL, body: Buffer): void {
    const telegram = this.telegram;
    const query = (name: string) => {
      const value = url.searchParams.get(name);
      if (!value) throw new HttpError(400, `The query parameter ${name} is required`);
      return value;
    };
    switch (route) {
      case 'POST /control/accounts': {
        const input = json(body);
        return sendJson(
          response,
          201,
          telegram.addAccount({
            phone: text(input, 'phone'),
            firstName: text(input, 'firstName'),
            lastName: optionalText(input, 'lastName'),
            username: optionalText(input, 'username'),
            password: optionalText(input, 'password'),
            hint: optionalText(input, 'hint'),
            dcId: optionalNumber(input, 'dcId'),
            codeDelivery: optionalText(input, 'codeDelivery') as 'app' | 'sms' | 'call' | undefined,
          }),
        );
      }
      case 'POST /control/users': {
        const input = json(body);
        return sendJson(
          response,
          201,
          telegram.addUser({
            firstName: text(input, 'firstName'),
            lastName: optionalText(input, 'lastName'),
            username: optionalText(input, 'username'),
            phone: optionalText(input, 'phone'),
          }),
        );
      }
      case 'POST /control/scan': {
        const input = json(body);
        telegram.scanQr(text(input, 'token'), text(input, 'phone'));
        return send(response, 204);
      }
      case 'GET /control/code': {
        const code = telegram.codeFor(query('phone'));
        if (code === undefined) throw new HttpError(404, 'No code was sent to this phone');
        return sendJson(response, 200, { code });
      }
      case 'POST /control/send': {
        const input = json(body);
        const messageId = telegram.clientSends(text(input, 'userId'), text(input, 'accountId'), messageContent(input));
        return sendJson(response, 201, { messageId });
      }
      case 'POST /control/read': {
        const input = json(body);
        return sendJson(response, 200, { applied: telegram.clientReads(text(input, 'userId'), text(input, 'accountId'), number(input, 'maxId')) });
      }
      case 'POST /control/block': {
        const input = json(body);
        if (input.blocked === false) telegram.unblockAccount(text(input, 'userId'), text(input, 'accountId'));
        else telegram.blockAccount(text(input, 'userId'), text(input, 'accountId'));
        return send(response, 204);
      }
      case 'POST /control/fail': {
        const input = json(body);
        telegram.failNext(text(input, 'method'), text(input, 'errorMessage'), optionalNumber(input, 'errorCode'), {
          times: optionalNumber(input, 'times'),
          accountId: optionalText(input, 'accountId'),
        });
        return send(response, 204);
      }
      case 'POST /control/revoke': {
        const input = json(body);
        const error = optionalText(input, 'error');
        if (error !== undefined && error !== 'AUTH_KEY_UNREGISTERED' && error !== 'SESSION_REVOKED') throw new HttpError(400, 'error is AUTH_KEY_UNREGISTERED or SESSION_REVOKED');
        telegram.revokeSessions(text(input, 'accountId'), error);
        return send(response, 204);
      }
      case 'POST /control/ban':
        telegram.ban(text(json(body), 'accountId'));
        return send(response, 204);
      case 'POST /control/clock':
        telegram.advanceClock(number(json(body), 'advanceSeconds'));
        return send(response, 204);
      case 'POST /control/config': {
        const input = json(body);
        telegram.configure({
          loginTokenTtlSeconds: optionalNumber(input, 'loginTokenTtlSeconds'),
          codeTtlSeconds: optionalNumber(input, 'codeTtlSeconds'),
          differenceLimit: optionalNumber(input, 'differenceLimit'),
          ...(input.duplicateRandomId === 'error' || input.duplicateRandomId === 'return-original' ? { duplicateRandomId: input.duplicateRandomId } : {}),
        });
        return send(response, 204);
      }
      case 'GET /control/received':
        return sendJson(
          response,
          200,
          telegram.received(query('account')).map((sent) => ({ ...sent, bytes: sent.bytes?.toString('base64') ?? null })),
        );
      case 'GET /control/read-marks':
        return sendJson(response, 200, telegram.readMarks(query('account')));
      case 'GET /control/history':
        return sendJson(response, 200, telegram.history(query('account'), query('user')));
      case 'GET /control/invoked':
        return sendJson(response, 200, telegram.invoked(query('account')));
      case 'GET /control/access-hash':
        return sendJson(response, 200, { accessHash: telegram.accessHashFor(query('user'), query('account')) });
      case 'GET /control/sessions':
        return sendJson(response, 200, telegram.sessions(query('account')));
      case 'GET /control/violations':
        return sendJson(response, 200, telegram.violations);
      case 'GET /control/live':
        return sendJson(response, 200, telegram.liveConnections());
      default:
        throw new HttpError(404, `No route ${route}`);
    }
  }

  private fail(response: ServerResponse, error: unknown): void {
    if (response.headersSent) {
      response.destroy();
      return;
    }
    if (error instanceof HttpError) return sendJson(response, error.status, { error: error.message, ...error.extra });
    if (error instanceof ScanRefusedError) return sendJson(response, 422, { error: error.message, reason: error.reason });
    // Misuse of the fake (an unknown account, a connection not open): a test's mistake, said loudly.
    if (error instanceof FakeTelegramError) return sendJson(response, 409, { error: error.message });
    sendJson(response, 500, { error: error instanceof Error ? error.message : String(error) });
  }
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, 'The body is too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body?: Buffer, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  send(response, status, Buffer.from(JSON.stringify(value)), { ...headers, 'content-type': 'application/json' });
}

type JsonObject = Record<string, unknown>;

function json(body: Buffer): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8') || '{}');
  } catch {
    throw new HttpError(400, 'The body is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'The body must be a JSON object');
  return value as JsonObject;
}

function text(input: JsonObject, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value === '') throw new HttpError(400, `${name} must be a non-empty string`);
  return value;
}

function optionalText(input: JsonObject, name: string): string | undefined {
  return input[name] === undefined || input[name] === null ? undefined : text(input, name);
}

function number(input: JsonObject, name: string): number {
  const value = input[name];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new HttpError(400, `${name} must be a number`);
  return value;
}

function optionalNumber(input: JsonObject, name: string): number | undefined {
  return input[name] === undefined || input[name] === null ? undefined : number(input, name);
}

function bytes(input: JsonObject, name: string): Buffer {
  const value = text(input, name);
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(value)) throw new HttpError(400, `${name} must be base64`);
  return Buffer.from(value, 'base64');
}

function connectionOf(input: Record<string, unknown>): TlConnection {
  const { connectionId, authKeyId, dcId } = input;
  if (typeof connectionId !== 'string' || !connectionId || typeof authKeyId !== 'string' || !authKeyId || typeof dcId !== 'number' || !Number.isInteger(dcId)) {
    throw new HttpError(400, 'A connection is { connectionId: string, authKeyId: string, dcId: number }');
  }
  return { connectionId, authKeyId, dcId };
}

function messageContent(input: JsonObject): ClientMessageContent {
  const file = (name: string): JsonObject | undefined => {
    const value = input[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) throw new HttpError(400, `${name} must be an object`);
    return value as JsonObject;
  };
  const photo = file('photo');
  const document = file('document');
  const voice = file('voice');
  const video = file('video');
  return {
    text: optionalText(input, 'text'),
    photo: photo && { bytes: bytes(photo, 'bytes'), width: optionalNumber(photo, 'width'), height: optionalNumber(photo, 'height'), dcId: optionalNumber(photo, 'dcId') },
    document: document && { bytes: bytes(document, 'bytes'), fileName: text(document, 'fileName'), mimeType: text(document, 'mimeType'), dcId: optionalNumber(document, 'dcId') },
    voice: voice && { bytes: bytes(voice, 'bytes'), mimeType: text(voice, 'mimeType'), duration: number(voice, 'duration'), dcId: optionalNumber(voice, 'dcId') },
    video: video && {
      bytes: bytes(video, 'bytes'),
      mimeType: text(video, 'mimeType'),
      duration: number(video, 'duration'),
      width: optionalNumber(video, 'width'),
      height: optionalNumber(video, 'height'),
      fileName: optionalText(video, 'fileName'),
      dcId: optionalNumber(video, 'dcId'),
    },
  };
}
