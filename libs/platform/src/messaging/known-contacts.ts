import { InvalidInputError } from '../errors/domain-errors';
import { type Principal } from '../access/principal';
import { type SubjectLocator } from '../personal-data/personal-data-source';

/**
 * A port through which a module reaches a data subject over a channel the business already
 * holds for them — never one the requester has just typed in (issue 8: the identity check by a
 * one-time code to a known contact). Messaging provides the subject's existing conversations
 * and sends into them through its own outbound pipeline, without pd-registry knowing it exists.
 */
export interface KnownChannel {
  /** `<provider>:<the provider's id>`, e.g. `messaging:<conversation id>`; opaque to callers. */
  id: string;
  /** For display, masked: «Telegram · +7 *** ***-45-67 · Продажи». */
  label: string;
  /** Why nothing can be sent there now, as the provider's guard words it; null when it can. */
  unavailable: { reason: string; message: string } | null;
}

/** A service message carrying a secret: the business's records keep it masked, the person gets it whole. */
export interface ServiceText {
  /** What the conversation, the inbox and an access package show: the secret masked. */
  recorded: string;
  /** What the messenger delivers to the person. */
  delivered: string;
}

export interface KnownContactProvider {
  /** Unique, the prefix of its channel ids, e.g. "messaging". */
  readonly name: string;
  /** The subject's channels within their tenant, the most recently used first; `id` is the provider's own. */
  channels(subject: SubjectLocator): Promise<KnownChannel[]>;
  /**
   * Sends a service text through the provider's normal pipeline (its guard, queue and
   * connector). Throws `RefusedError` with the guard's reason when it refuses, and sends nothing
   * then; answers the channel's label, or null when the channel is not one of the subject's.
   */
  send(subject: SubjectLocator, channelId: string, text: ServiceText, sender: Principal): Promise<{ label: string } | null>;
}

export class KnownContactRegistry {
  private readonly providers = new Map<string, KnownContactProvider>();

  register(provider: KnownContactProvider): void {
    if (this.providers.has(provider.name)) throw new Error(`Known-contact provider "${provider.name}" is registered twice`);
    if (provider.name.includes(':')) throw new Error(`Known-contact provider name "${provider.name}" must not contain ":"`);
    this.providers.set(provider.name, provider);
  }

  /** Every provider's channels for the subject, with ids the registry routes back. */
  async channels(subject: SubjectLocator): Promise<KnownChannel[]> {
    const all: KnownChannel[] = [];
    for (const [name, provider] of this.providers) {
      for (const channel of await provider.channels(subject)) all.push({ ...channel, id: `${name}:${channel.id}` });
    }
    return all;
  }

  /** @param field the request field that named the channel, for the validation error */
  async send(subject: SubjectLocator, channelId: string, text: ServiceText, sender: Principal, field = 'channelId'): Promise<{ label: string }> {
    const separator = channelId.indexOf(':');
    const provider = separator > 0 ? this.providers.get(channelId.slice(0, separator)) : undefined;
    const sent = provider ? await provider.send(subject, channelId.slice(separator + 1), text, sender) : null;
    if (!sent) throw new InvalidInputError(`Validation failed: ${field}`, [{ field, messages: ['is not one of the person\'s known channels'] }]);
    return sent;
  }
}
