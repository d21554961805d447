import { Inject, Injectable, Optional } from '@nestjs/common';
import { ForbiddenError, MessengerModuleGate, type MessengerModuleState } from '@perepiska/platform';

/** How long a tenant's module state is trusted on the pipelines' hot paths. */
const CACHE_MS = 2000;

const MESSAGES: Record<Exclude<MessengerModuleState, 'active'>, string> = {
  off: 'The messenger module is off: an owner or admin must accept the messenger-module agreement first',
  suspended: 'The messenger module is suspended until an owner or admin accepts the new version of the messenger-module agreement',
};

/**
 * Whether a business may use messengers now (reference 001 preamble, §7; issue 6), as the consent
 * module decides through the platform's `MessengerModuleGate`. Connecting asks every time; the
 * send and receive pipelines reuse an answer for two seconds, so a batch of thousands asks once.
 * Without a gate (a product assembled without consent) the module counts as on.
 */
@Injectable()
export class MessengerModuleAccess {
  private readonly cache = new Map<string, { state: MessengerModuleState; until: number }>();

  constructor(@Optional() @Inject(MessengerModuleGate) private readonly gate: MessengerModuleGate | null) {}

  async state(tenantId: string, fresh = false): Promise<MessengerModuleState> {
    if (!this.gate) return 'active';
    const cached = this.cache.get(tenantId);
    if (!fresh && cached && cached.until > Date.now()) return cached.state;
    const state = await this.gate.state(tenantId);
    this.cache.set(tenantId, { state, until: Date.now() + CACHE_MS });
    return state;
  }

  /** 403 with the reason unless the module is on: connecting any messenger needs the agreement. */
  async requireActive(tenantId: string): Promise<void> {
    const state = await this.state(tenantId, true);
    if (state !== 'active') throw new ForbiddenError(MESSAGES[state], { reason: `messenger-module-${state}` });
  }

  async isActive(tenantId: string): Promise<boolean> {
    return (await this.state(tenantId)) === 'active';
  }
}
