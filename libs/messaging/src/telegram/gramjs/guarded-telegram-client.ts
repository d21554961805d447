import { Api, TelegramClient } from 'telegram';
import { type MTProtoSender } from 'telegram/network';
import { assertAllowedRequest } from '../domain/mtproto-allow-list';

/**
 * GramJS's client with the connector's allow-list in front of every way it sends a request:
 * `invoke`, `invokeWithSender`, and the senders it borrows for file parts on other DCs
 * (reference 000 §4; see `ALLOWED_MTPROTO_METHODS`).
 */
export class GuardedTelegramClient extends TelegramClient {
  override invoke<R extends Api.AnyRequest>(request: R, dcId?: number): Promise<R['__response']> {
    try {
      assertAllowedRequest(request);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return super.invoke(request, dcId);
  }

  override invokeWithSender<R extends Api.AnyRequest>(request: R, sender?: MTProtoSender): Promise<R['__response']> {
    try {
      assertAllowedRequest(request);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return super.invokeWithSender(request, sender);
  }

  override async getSender(dcId: number): Promise<MTProtoSender> {
    return guardSender(await super.getSender(dcId));
  }
}

const guarded = new WeakSet<object>();

/** Wraps a sender's `send` (used by uploads and downloads directly) with the allow-list, once. */
export function guardSender(sender: MTProtoSender): MTProtoSender {
  if (guarded.has(sender)) return sender;
  const send = sender.send.bind(sender);
  sender.send = (request: Api.AnyRequest) => {
    assertAllowedRequest(request);
    return send(request);
  };
  guarded.add(sender);
  return sender;
}
