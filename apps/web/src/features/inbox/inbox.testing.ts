import type { Conversation, Message } from './inbox.types';

/** Builders of the API's shapes for the inbox's tests: a realistic default, overridden per test. */
export function conversationOf(id: string, overrides: Partial<Conversation> = {}): Conversation {
  return {
    id,
    connectionId: 'c0000000-0000-4000-8000-000000000001',
    connectionName: 'Сайт',
    connectionType: 'api',
    contactId: `contact-${id}`,
    contactName: 'Ольга Иванова',
    contactUsername: null,
    chatKind: 'private',
    title: null,
    status: 'open',
    assigneeMembershipId: null,
    assigneeName: null,
    teamId: null,
    teamName: null,
    unreadCount: 0,
    lastMessageAt: '2026-11-20T09:00:00.000Z',
    lastMessagePreview: 'Здравствуйте!',
    lastMessageDirection: 'in',
    suppressed: false,
    createdAt: '2026-11-20T08:00:00.000Z',
    ...overrides,
  };
}

export function messageOf(id: string, overrides: Partial<Message> = {}): Message {
  return {
    id,
    conversationId: 'conv-1',
    direction: 'in',
    kind: 'text',
    text: 'Здравствуйте!',
    status: 'received',
    failureReason: null,
    senderMembershipId: null,
    senderName: null,
    createdAt: '2026-11-20T09:00:00.000Z',
    messengerSentAt: null,
    sentAt: null,
    deliveredAt: null,
    readAt: null,
    attachments: [],
    ...overrides,
  };
}
