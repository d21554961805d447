import { type FakeTelegram } from '../testing/fake-telegram';
import { type TlAnswer, type TlConnection, type TlWire } from './tl-wire';

/**
 * A `TlWire` to a `FakeTelegram` in the same process, for unit tests. It still carries bytes
 * only — copies of them, both ways — so requests and answers go through GramJS's serialisation
 * as over the network, and updates arrive asynchronously as they would from a socket.
 */
export class LocalTlWire implements TlWire {
  constructor(private readonly telegram: FakeTelegram) {}

  async open(connection: TlConnection): Promise<void> {
    this.telegram.open(connection);
  }

  async call(connection: TlConnection, request: Buffer): Promise<TlAnswer> {
    // A turn of the event loop, as a round trip would take.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const answer = this.telegram.call(connection, Buffer.from(request));
    return answer.ok ? { ok: true, result: Buffer.from(answer.result) } : answer;
  }

  listen(connection: TlConnection, onUpdate: (update: Buffer) => void): () => void {
    let listening = true;
    const stop = this.telegram.listen(connection, (update) => {
      const copy = Buffer.from(update);
      setImmediate(() => {
        if (listening) onUpdate(copy);
      });
    });
    return () => {
      listening = false;
      stop();
    };
  }

  async close(connection: TlConnection): Promise<void> {
    this.telegram.close(connection);
  }
}
