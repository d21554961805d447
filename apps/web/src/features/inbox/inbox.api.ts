import { api, unwrap, unwrapEmpty, uploadFile } from '@/shared/api/client';
import type { Attachment, Contact, Conversation, ConversationChange, ConversationPage, InboxFilters, Message, MessagePage, NewMessage, UnreadSummary } from './inbox.types';

const PAGE_SIZE = 30;
const byId = (id: string) => ({ params: { path: { id } } });

export const inboxApi = {
  /** The conversations the user may see under the filters, latest activity first, and their unread totals. */
  conversations: (filters: InboxFilters, cursor?: string, limit = PAGE_SIZE): Promise<ConversationPage> =>
    unwrap(
      api.GET('/api/v1/conversations', {
        params: {
          query: {
            status: filters.status,
            assignee: filters.assignee || undefined,
            connectionId: filters.connectionId || undefined,
            unread: filters.unread || undefined,
            q: filters.q || undefined,
            cursor,
            limit,
          },
        },
      }),
    ),
  /** Unread totals alone, for the sidebar's badge: the smallest page of the whole inbox. */
  unreadSummary: async (): Promise<UnreadSummary> => (await unwrap(api.GET('/api/v1/conversations', { params: { query: { limit: 1 } } }))).unread ?? { conversations: 0, messages: 0 },
  /** Written to the access journal: reading a conversation is reading a client's data. */
  conversation: (id: string): Promise<Conversation> => unwrap(api.GET('/api/v1/conversations/{id}', byId(id))),
  /** Newest first; `cursor` pages to older ones. */
  messages: (id: string, cursor?: string, limit = PAGE_SIZE): Promise<MessagePage> =>
    unwrap(api.GET('/api/v1/conversations/{id}/messages', { params: { path: { id }, query: { cursor, limit } } })),
  /** Queued for the messenger (201); a refusal is 422 with `details.reason`. */
  send: (id: string, body: NewMessage): Promise<Message> => unwrap(api.POST('/api/v1/conversations/{id}/messages', { ...byId(id), body })),
  /**
   * Uploaded first, then sent by id with the message. Outside the typed client: fetch cannot
   * report an upload's progress (the route is `POST /api/v1/conversations/{id}/attachments`).
   */
  upload: (id: string, file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<Attachment> =>
    uploadFile(`/api/v1/conversations/${encodeURIComponent(id)}/attachments`, file, onProgress, signal),
  /** Status needs `conversations.reply`; assignee or team need `conversations.assign` (403 otherwise). */
  update: (id: string, body: ConversationChange): Promise<Conversation> => unwrap(api.PATCH('/api/v1/conversations/{id}', { ...byId(id), body })),
  markRead: (id: string): Promise<void> => unwrapEmpty(api.POST('/api/v1/conversations/{id}/read', byId(id))),
  contact: (id: string): Promise<Contact> => unwrap(api.GET('/api/v1/contacts/{id}', byId(id))),
  /** A manual opt-out (MSG-8): nothing is sent to the contact afterwards. */
  suppress: (contactId: string): Promise<void> => unwrapEmpty(api.POST('/api/v1/contacts/{id}/suppression', byId(contactId))),
  liftSuppression: (contactId: string): Promise<void> => unwrapEmpty(api.DELETE('/api/v1/contacts/{id}/suppression', byId(contactId))),
};

/** Where an attachment is downloaded or previewed (cookie-authenticated, so usable as `<img src>`). */
export const attachmentUrl = (id: string) => `/api/v1/attachments/${encodeURIComponent(id)}`;
