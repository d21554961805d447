import { randomBytes, randomUUID } from 'node:crypto';
import { Api } from 'telegram';
import { BinaryReader } from 'telegram/extensions';
import { LAYER } from 'telegram/tl/AllTLObjects';
import { type TlAnswer, type TlConnection, type TlWire } from '../transport/tl-wire';

/**
 * The smallest TL client, for the fake's own specs: it serialises GramJS `Api` requests with
 * `getBytes()` and reads answers with the request's `readResult`, exactly as GramJS's sender
 * does, and collects the updates pushed to it. (The connector's tests use the real
 * TelegramClient over the same wires.)
 */
export class TlRpcError extends Error {
  constructor(
    readonly errorCode: number,
    readonly errorMessage: string,
  ) {
    super(`${errorCode} ${errorMessage}`);
    this.name = 'TlRpcError';
  }
}

export interface TlTestClientOptions {
  dcId?: number;
  /** Reuse a key, as a session restored from its string does. */
  authKeyId?: string;
  /** Wrap the connect call in invokeWithoutUpdates: the connection is then not subscribed to updates. */
  withoutUpdates?: boolean;
}

type Waiter = { predicate: (update: unknown) => boolean; resolve: (update: unknown) => void };

export class TlTestClient {
  readonly updates: unknown[] = [];
  private readonly waiters: Waiter[] = [];
  private stopListening: (() => void) | undefined;

  private constructor(
    private readonly wire: TlWire,
    readonly connection: TlConnection,
  ) {}

  /** Opens a connection and sends the connect wrapper GramJS sends first: invokeWithLayer(initConnection(help.getConfig)). */
  static async connect(wire: TlWire, options: TlTestClientOptions = {}): Promise<TlTestClient> {
    const connection: TlConnection = { connectionId: randomUUID(), authKeyId: options.authKeyId ?? randomBytes(8).toString('hex'), dcId: options.dcId ?? 2 };
    const client = new TlTestClient(wire, connection);
    await wire.open(connection);
    client.stopListening = wire.listen(connection, (bytes) => client.received(new BinaryReader(bytes).tgReadObject()));
    const getConfig = new Api.help.GetConfig();
    await client.invoke(
      new Api.InvokeWithLayer({
        layer: LAYER,
        query: new Api.InitConnection({
          apiId: 12345,
          deviceModel: 'spec',
          systemVersion: 'node',
          appVersion: '1.0',
          systemLangCode: 'ru',
          langPack: '',
          langCode: 'ru',
          query: options.withoutUpdates ? new Api.InvokeWithoutUpdates({ query: getConfig }) : getConfig,
        }),
      }),
    );
    return client;
  }

  async invoke<R extends Api.AnyRequest>(request: R): Promise<R['__response']> {
    const answer = await this.answer(request);
    if (!answer.ok) throw new TlRpcError(answer.errorCode, answer.errorMessage);
    return (request as unknown as { readResult(reader: BinaryReader): R['__response'] }).readResult(new BinaryReader(answer.result));
  }

  /** The RPC error a request answers (fails the test when it succeeds). */
  async error(request: Api.AnyRequest): Promise<TlRpcError> {
    const answer = await this.answer(request);
    if (answer.ok) throw new Error(`${request.className} succeeded where an error was expected`);
    return new TlRpcError(answer.errorCode, answer.errorMessage);
  }

  answer(request: Api.AnyRequest): Promise<TlAnswer> {
    return this.wire.call(this.connection, Buffer.from(request.getBytes()));
  }

  /** The next pushed update that matches (already received ones count). */
  nextUpdate<T>(predicate: (update: unknown) => update is T): Promise<T> {
    const seen = this.updates.find(predicate);
    if (seen) {
      this.updates.splice(this.updates.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise<T>((resolve) => this.waiters.push({ predicate, resolve: resolve as (update: unknown) => void }));
  }

  async close(): Promise<void> {
    this.stopListening?.();
    await this.wire.close(this.connection);
  }

  private received(update: unknown): void {
    const index = this.waiters.findIndex((waiter) => waiter.predicate(update));
    if (index < 0) {
      this.updates.push(update);
      return;
    }
    const [waiter] = this.waiters.splice(index, 1);
    waiter.resolve(update);
  }
}

/** Whether an update is `updates` carrying an update of this class. */
export function carrying<T extends abstract new (...args: never[]) => unknown>(cls: T) {
  return (update: unknown): update is Api.Updates => update instanceof Api.Updates && update.updates.some((inner) => inner instanceof cls);
}
