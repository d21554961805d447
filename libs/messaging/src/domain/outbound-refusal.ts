/**
 * Why the outbound guard refused a message (PRODUCT.md MSG-7, MSG-8, MSG-9). The code is
 * machine-readable for integrators; the SPA words it for people.
 */
export const REFUSAL_REASONS = [
  'contact-suppressed',
  'contact-blocked',
  'not-a-private-chat',
  'connection-not-active',
  'channel-suspended',
  'connection-rate-limited',
  'chat-rate-limited',
  'consent-required',
  'empty-message',
  'messenger-module-off',
  'messenger-module-suspended',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export interface OutboundFacts {
  chatKind: 'private' | 'group' | 'channel';
  suppressed: boolean;
  contactBlocked: boolean;
  connectionState: string;
  channelSuspended: boolean;
  hasContent: boolean;
}

/** The rules that need no counters; rate limits and plug-in checks come after. */
export function refusalOf(facts: OutboundFacts): RefusalReason | null {
  if (!facts.hasContent) return 'empty-message';
  if (facts.channelSuspended) return 'channel-suspended';
  if (facts.connectionState !== 'active') return 'connection-not-active';
  // MSG-7: the platform never writes to group chats or channels.
  if (facts.chatKind !== 'private') return 'not-a-private-chat';
  if (facts.suppressed) return 'contact-suppressed';
  // 152-FZ art. 21: processing of a blocked subject's data is stopped.
  if (facts.contactBlocked) return 'contact-blocked';
  return null;
}
