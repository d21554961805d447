import { type Principal } from '@perepiska/platform';

/**
 * Which conversations a caller sees (PRODUCT.md MSG-6; reference 001 §2.1): owners, admins and
 * anyone granted `conversations.read-all` see every conversation of the business; an operator
 * sees those of the connections and teams they belong to and those assigned to them. An
 * integrator's token acts for the business as a whole.
 */
export type ConversationScope = { kind: 'all' } | { kind: 'member'; membershipId: string } | { kind: 'none' };

export function conversationScope(principal: Principal): ConversationScope {
  if (!principal.permissions.has('conversations.read')) return { kind: 'none' };
  if (principal.permissions.has('conversations.read-all') || principal.kind === 'api-token') return { kind: 'all' };
  return principal.membershipId ? { kind: 'member', membershipId: principal.membershipId } : { kind: 'none' };
}
