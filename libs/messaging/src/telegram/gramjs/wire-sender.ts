import { randomBytes, randomUUID } from 'node:crypto';
import { Api, type TelegramClient } from 'telegram';
import { _handleUpdate } from 'telegram/client/updates';
import { AuthKey } from 'telegram/crypto/AuthKey';
import { RPCMessageToError } from 'telegram/errors';
import { BinaryReader } from 'telegram/extensions';
import { type RequestState } from 'telegram/network/RequestState';
import { assertAllowedRequest } from '../domain/mtproto-allow-list';
import { type TlConnection, type TlWire } from '../transport/tl-wire';

/**
 * Stands where GramJS's MTProtoSender stands, for tests only (see `tl-wire.ts`): requests leave
 * as the bytes GramJS serialised, answers come back as TL bytes read by the request's own
 * `readResult`, RPC errors become GramJS's own error classes (`RPCMessageToError`, as the real
 * sender does), and pushed updates enter through the library's own `_handleUpdate`.
 */
export class WireSender {
  authKey: AuthKey;
  userDisconnected = false;
  isReconnecting = false;
  _disconnected = true;
  private connection: TlConnection | null = null;
  private stopListening: (() => void) | null = null;

  constructor(
    private readonly wire: TlWire,
    private readonly client: TelegramClient,
    readonly dcId: number,
    authKey: AuthKey | undefined,
  ) {
    this.authKey = authKey ?? new AuthKey();
  }

  async connect(): Promise<boolean> {
    // A new login has no key yet: the real sender would agree one with Diffie-Hellman.
    if (!this.authKey.getKey()) await this.authKey.setKey(randomBytes(256));
    const keyId = this.authKey.keyId!;
    this.connection = { connectionId: randomUUID(), authKeyId: keyId.toString(16), dcId: this.dcId };
    await this.wire.open(this.connection);
    const client = this.client;
    this.stopListening = this.wire.listen(this.connection, (bytes) => _handleUpdate(client, new BinaryReader(bytes).tgReadObject() as Api.TypeUpdate));
    this._disconnected = false;
    this.userDisconnected = false;
    return true;
  }

  isConnected(): boolean {
    return !this._disconnected;
  }

  async send(request: Api.AnyRequest): Promise<unknown> {
    assertAllowedRequest(request);
    if (request instanceof Api.PingDelayDisconnect || request instanceof Api.Ping) {
      return new Api.Pong({ msgId: request.pingId, pingId: request.pingId });
    }
    const connection = this.connection;
    if (!connection || this._disconnected) throw new Error('Cannot send requests while disconnected');
    const answer = await this.wire.call(connection, Buffer.from(request.getBytes()));
    if (!answer.ok) throw RPCMessageToError(new Api.RpcError({ errorCode: answer.errorCode, errorMessage: answer.errorMessage }), request);
    return (request as unknown as { readResult(reader: BinaryReader): unknown }).readResult(new BinaryReader(answer.result));
  }

  addStateToQueue(state: RequestState): void {
    this.send(state.request as Api.AnyRequest).then(
      (result) => state.resolve(result),
      (error: unknown) => state.reject(error),
    );
  }

  reconnect(): void {
    // Nothing to re-establish: the wire has no connection state beyond `open`.
  }

  async disconnect(): Promise<void> {
    this.stopListening?.();
    this.stopListening = null;
    if (this.connection && !this._disconnected) await this.wire.close(this.connection).catch(() => undefined);
    this._disconnected = true;
    this.userDisconnected = true;
  }
}
