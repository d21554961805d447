import { type MTProtoSender } from 'telegram/network';
import { type TlWire } from '../transport/tl-wire';
import { GuardedTelegramClient, guardSender } from './guarded-telegram-client';
import { WireSender } from './wire-sender';

type ClientArgs = ConstructorParameters<typeof GuardedTelegramClient>;

/**
 * A real GramJS `TelegramClient` — its login helpers, update dispatch, entity cache, session
 * strings, DC switching and file parts all run — whose network is a `TlWire` to a local fake
 * Telegram. Only tests and the product started with TELEGRAM_TEST_SERVER_URL use it.
 */
export class WiredTelegramClient extends GuardedTelegramClient {
  private readonly senders = new Map<number, WireSender>();

  constructor(
    private readonly wire: TlWire,
    ...args: ClientArgs
  ) {
    super(...args);
  }

  override async connect(): Promise<boolean> {
    // GramJS creates its MTProtoSender only when none is set; after `_switchDC` it is unset again.
    if (this._sender === undefined) {
      // GramJS's own start of `connect`: loads the saved auth key and DC (or the default DC) first.
      await this._initSession();
      const sender = new WireSender(this.wire, this, this.session.dcId, this.session.getAuthKey());
      this.senders.set(sender.dcId, sender);
      this._sender = sender as unknown as MTProtoSender;
    }
    return super.connect();
  }

  /** File parts on this client's own DC go over the same wire; the fake keeps every file there. */
  override getSender(): Promise<MTProtoSender> {
    return Promise.resolve(guardSender(this._sender as unknown as MTProtoSender));
  }

  override async destroy(): Promise<void> {
    await super.destroy();
    for (const sender of this.senders.values()) await sender.disconnect();
  }
}
