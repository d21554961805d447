/**
 * The seam under GramJS where a local fake Telegram plugs in for tests (issue 5: "tests without
 * the Telegram network"). Production never uses it: there GramJS's own MTProtoSender speaks
 * encrypted MTProto over TCP. In tests a fake sender hands GramJS's real TL-serialised request
 * bytes to a `TlWire` and reads the real TL-serialised answers back, so every request and answer
 * still goes through the library's own (de)serialisation; only the encrypted transport is
 * replaced.
 */
export interface TlConnection {
  /** Unique per sender instance: one process's one live connection. */
  connectionId: string;
  /** Hex of the auth key's 8-byte key id (GramJS `AuthKey.keyId`); the fake binds logins to it. */
  authKeyId: string;
  /** The data centre this connection talks to (1..5). */
  dcId: number;
}

export type TlAnswer = { ok: true; result: Buffer } | { ok: false; errorCode: number; errorMessage: string };

export interface TlWire {
  /**
   * Registers a live connection. Like Telegram, the fake refuses a second live connection with
   * the same auth key at once (AUTH_KEY_DUPLICATED) and remembers that it happened.
   */
  open(connection: TlConnection): Promise<void>;
  /** One RPC: the request's TL bytes (`request.getBytes()`); the answer's TL bytes or an RPC error. */
  call(connection: TlConnection, request: Buffer): Promise<TlAnswer>;
  /**
   * Updates pushed by the server to this connection: each Buffer is one TL-serialised object of
   * the `Updates` type (Api.Updates, Api.UpdateShort, Api.UpdateShortMessage, …).
   * Returns the function that stops listening.
   */
  listen(connection: TlConnection, onUpdate: (update: Buffer) => void): () => void;
  close(connection: TlConnection): Promise<void>;
}
