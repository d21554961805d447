import { type TlAnswer, type TlConnection, type TlWire } from './tl-wire';

/**
 * A `TlWire` over HTTP to the fake Telegram's HTTP front (`testing/fake-telegram.server.ts`).
 * The product uses it when TELEGRAM_TEST_SERVER_URL is set outside production, so a process
 * test or a browser test can run the real connector against the fake in another process.
 *
 * Requests and answers travel as TL bytes (application/octet-stream). Updates come by long poll,
 * started when the connection opens and re-polled until `close`: the poll is also how the fake
 * knows the connection is alive (a process that dies cuts it, and the fake drops the connection
 * as Telegram drops a broken TCP link). A transport failure in `call` throws `HttpTlWireError`;
 * an RPC error is an answer, `{ ok: false }`.
 */
export class HttpTlWireError extends Error {
  constructor(
    message: string,
    /** The HTTP status, when the fake answered (409: the connection is not open there). */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'HttpTlWireError';
  }
}

export interface HttpTlWireOptions {
  /** A call that takes longer fails with HttpTlWireError (30 s by default). */
  callTimeoutMs?: number;
  /** Pause before polling again after a failed poll (500 ms by default). */
  retryDelayMs?: number;
  /** Told about an update listener that threw; the poll goes on regardless. */
  onListenerError?: (error: unknown) => void;
  fetch?: typeof fetch;
}

export class HttpTlWire implements TlWire {
  private readonly baseUrl: string;
  private readonly fetch: typeof fetch;
  private readonly polls = new Map<string, UpdatePoll>();

  constructor(
    baseUrl: string,
    private readonly options: HttpTlWireOptions = {},
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.fetch = options.fetch ?? fetch;
  }

  async open(connection: TlConnection): Promise<void> {
    await this.postJson('/wire/open', connection);
    if (this.polls.has(connection.connectionId)) return;
    const poll = new UpdatePoll(connection, this.fetch, `${this.baseUrl}/wire/updates?connectionId=${encodeURIComponent(connection.connectionId)}`, this.options);
    this.polls.set(connection.connectionId, poll);
    poll.start();
  }

  async call(connection: TlConnection, request: Buffer): Promise<TlAnswer> {
    const response = await this.send('/wire/call', {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        'x-tl-connection-id': connection.connectionId,
        'x-tl-auth-key-id': connection.authKeyId,
        'x-tl-dc-id': String(connection.dcId),
      },
      body: new Uint8Array(request),
    });
    const body = Buffer.from(await response.arrayBuffer());
    const kind = response.headers.get('x-tl-answer');
    if (response.status === 200 && kind === 'result') return { ok: true, result: body };
    if (response.status === 200 && kind === 'error') {
      const error = JSON.parse(body.toString('utf8')) as { errorCode: number; errorMessage: string };
      return { ok: false, errorCode: error.errorCode, errorMessage: error.errorMessage };
    }
    throw new HttpTlWireError(`The fake Telegram answered ${response.status}: ${describe(body)}`, response.status);
  }

  listen(connection: TlConnection, onUpdate: (update: Buffer) => void): () => void {
    const poll = this.polls.get(connection.connectionId);
    if (!poll) throw new HttpTlWireError(`Connection ${connection.connectionId} is not open`);
    return poll.subscribe(onUpdate);
  }

  async close(connection: TlConnection): Promise<void> {
    this.polls.get(connection.connectionId)?.stop();
    this.polls.delete(connection.connectionId);
    await this.postJson('/wire/close', connection);
  }

  /** Closes every connection this wire opened (shutting down). */
  async closeAll(): Promise<void> {
    const open = [...this.polls.values()];
    await Promise.all(open.map((poll) => this.close(poll.connection).catch(() => undefined)));
  }

  private async postJson(path: string, value: unknown): Promise<void> {
    const response = await this.send(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
    const body = Buffer.from(await response.arrayBuffer());
    if (!response.ok) throw new HttpTlWireError(`The fake Telegram answered ${response.status}: ${describe(body)}`, response.status);
  }

  private async send(path: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetch(`${this.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(this.options.callTimeoutMs ?? 30_000) });
    } catch (error) {
      throw new HttpTlWireError(`The fake Telegram could not be reached: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** One connection's long poll: runs from `open` until `close` (or until the fake forgets it). */
class UpdatePoll {
  private readonly listeners = new Set<(update: Buffer) => void>();
  private readonly buffered: Buffer[] = [];
  private readonly controller = new AbortController();
  private stopped = false;

  constructor(
    readonly connection: TlConnection,
    private readonly fetch: typeof globalThis.fetch,
    private readonly url: string,
    private readonly options: HttpTlWireOptions,
  ) {}

  start(): void {
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.controller.abort();
  }

  subscribe(onUpdate: (update: Buffer) => void): () => void {
    this.listeners.add(onUpdate);
    for (const update of this.buffered.splice(0)) this.deliver(onUpdate, update);
    return () => {
      this.listeners.delete(onUpdate);
    };
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const response = await this.fetch(this.url, { signal: this.controller.signal });
        // 410: the fake closed the connection (it took it for dead); calls on it now fail too.
        if (response.status === 410) break;
        const body = Buffer.from(await response.arrayBuffer());
        if (!response.ok) throw new HttpTlWireError(`The fake Telegram answered ${response.status} to a poll`, response.status);
        for (const update of frames(body)) this.emit(update);
      } catch {
        if (this.stopped) break;
        await this.pause();
      }
    }
    this.stopped = true;
  }

  private emit(update: Buffer): void {
    if (this.listeners.size === 0) {
      this.buffered.push(update);
      return;
    }
    for (const listener of this.listeners) this.deliver(listener, update);
  }

  private deliver(listener: (update: Buffer) => void, update: Buffer): void {
    try {
      listener(Buffer.from(update));
    } catch (error) {
      this.options.onListenerError?.(error);
    }
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.options.retryDelayMs ?? 500);
      this.controller.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }
}

/** The poll's body: each update as [uint32 LE length][TL bytes]. */
function frames(body: Buffer): Buffer[] {
  const updates: Buffer[] = [];
  let offset = 0;
  while (offset + 4 <= body.length) {
    const length = body.readUInt32LE(offset);
    if (offset + 4 + length > body.length) throw new HttpTlWireError('A poll answer was cut short');
    updates.push(body.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  return updates;
}

function describe(body: Buffer): string {
  const text = body.toString('utf8');
  try {
    const parsed = JSON.parse(text) as { error?: string };
    return parsed.error ?? text;
  } catch {
    return text.slice(0, 200);
  }
}
