import type { Schemas } from '@perepiska/api-client';

export type Conversation = Schemas['ConversationDto'];
export type ConversationPage = Schemas['ConversationPageDto'];
export type UnreadSummary = Schemas['UnreadTotalsDto'];
export type Message = Schemas['MessageDto'];
export type MessagePage = Schemas['MessagePageDto'];
export type Attachment = Schemas['AttachmentDto'];
export type NewMessage = Schemas['SendMessageDto'];
export type ConversationChange = Schemas['UpdateConversationDto'];
export type Contact = Schemas['ContactDto'];
export type { Team } from '@/features/team/team.types';

export type ConversationStatus = Conversation['status'];
export type ChatKind = Conversation['chatKind'];
export type Direction = Message['direction'];
export type MessageStatus = Message['status'];

/** Why the API refused to send (422 `details.reason`); each has its Russian explanation. */
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

export function isRefusalReason(value: unknown): value is RefusalReason {
  return typeof value === 'string' && (REFUSAL_REASONS as readonly string[]).includes(value);
}

/** The list's filters; '' means "any". `assignee` is `me`, `unassigned` or a membership id. */
export interface InboxFilters {
  status: ConversationStatus;
  assignee: string;
  connectionId: string;
  unread: boolean;
  q: string;
}

export const DEFAULT_FILTERS: InboxFilters = { status: 'open', assignee: '', connectionId: '', unread: false, q: '' };

/** What an outgoing message's ticks show: queued → clock, sent → ✓, delivered → ✓✓, read → blue ✓✓. */
export type Tick = 'clock' | 'single' | 'double' | 'read' | 'failed';

export function tickOf(status: MessageStatus): Tick | null {
  switch (status) {
    case 'queued':
      return 'clock';
    case 'sent':
      return 'single';
    case 'delivered':
      return 'double';
    case 'read':
      return 'read';
    case 'failed':
      return 'failed';
    case 'received':
      return null;
  }
}

/** Newest activity first; the order the list keeps as messages arrive. */
export function byLastMessage(a: Conversation, b: Conversation): number {
  return b.lastMessageAt.localeCompare(a.lastMessageAt) || b.id.localeCompare(a.id);
}

/**
 * Whether a conversation belongs in the list under the filters, as far as the client can tell:
 * `false` when it certainly does not, `null` when only the API knows (a search; "mine" when the
 * user's membership id is unknown). `membershipId` is the user's own, from GET /auth/me.
 */
export function matchesFilters(conversation: Conversation, filters: InboxFilters, membershipId: string | null = null): boolean | null {
  if (conversation.status !== filters.status) return false;
  if (filters.connectionId && conversation.connectionId !== filters.connectionId) return false;
  const assignee = conversation.assigneeMembershipId ?? null;
  if (filters.assignee === 'unassigned' && assignee) return false;
  if (filters.assignee === 'me') {
    if (!membershipId) return null;
    if (assignee !== membershipId) return false;
  } else if (filters.assignee && filters.assignee !== 'unassigned' && assignee !== filters.assignee) return false;
  if (filters.q) return null;
  return true;
}
