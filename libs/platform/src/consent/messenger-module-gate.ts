/**
 * Whether a business may use the messenger module (reference 001 preamble, §7.1): off until an
 * owner or admin accepts the current messenger-module agreement with every warranty of §3.1;
 * suspended when a newer material version has taken effect and nobody accepted it. Consent
 * provides it; messaging consults it before connecting, sending and receiving.
 */
export const MESSENGER_MODULE_STATES = ['off', 'active', 'suspended'] as const;
export type MessengerModuleState = (typeof MESSENGER_MODULE_STATES)[number];

export abstract class MessengerModuleGate {
  abstract state(tenantId: string): Promise<MessengerModuleState>;
}
