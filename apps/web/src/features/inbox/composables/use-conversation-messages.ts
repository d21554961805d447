import { type Ref, onScopeDispose, ref, shallowRef, watch } from 'vue';
import { inboxApi } from '../inbox.api';
import type { Message } from '../inbox.types';
import { useRealtimeStore } from '../realtime.store';

// How far an outgoing message has got; "failed" only ever follows "queued" (as on the server).
const PROGRESS: Record<Message['status'], number> = { received: 0, queued: 0, failed: 1, sent: 1, delivered: 2, read: 3 };

/**
 * The state of a message to show when two arrive: the send request's answer ("queued") may come
 * after the socket already said "sent", and a status never moves back.
 */
export function laterOf(shown: Message, incoming: Message): Message {
  return PROGRESS[incoming.status] < PROGRESS[shown.status] ? shown : incoming;
}

/**
 * One conversation's history, oldest first as it is read: the latest page on opening, older
 * pages on request (scrolling up), new messages and status changes from realtime events.
 */
export function useConversationMessages(conversationId: Ref<string>) {
  const realtime = useRealtimeStore();
  const messages = shallowRef<Message[]>([]);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const loadingOlder = ref(false);
  const error = ref<unknown>(null);
  let latest = 0;

  async function loadLatest(): Promise<void> {
    const request = ++latest;
    loading.value = true;
    error.value = null;
    messages.value = [];
    nextCursor.value = null;
    try {
      const page = await inboxApi.messages(conversationId.value);
      if (request !== latest) return;
      messages.value = [...page.items].reverse();
      nextCursor.value = page.nextCursor ?? null;
    } catch (caught) {
      if (request === latest) error.value = caught;
    } finally {
      if (request === latest) loading.value = false;
    }
  }

  /** Loads the page before the oldest shown; false when there is none or one is loading. */
  async function loadOlder(): Promise<boolean> {
    if (!nextCursor.value || loadingOlder.value || loading.value) return false;
    const request = latest;
    loadingOlder.value = true;
    try {
      const page = await inboxApi.messages(conversationId.value, nextCursor.value);
      if (request !== latest) return false;
      const known = new Set(messages.value.map((m) => m.id));
      messages.value = [...[...page.items].reverse().filter((m) => !known.has(m.id)), ...messages.value];
      nextCursor.value = page.nextCursor ?? null;
      return true;
    } catch (caught) {
      error.value = caught;
      return false;
    } finally {
      loadingOlder.value = false;
    }
  }

  /** Adds a message, or replaces it with a newer state; the order stays by time written. */
  function upsert(message: Message): void {
    if (message.conversationId !== conversationId.value) return;
    const index = messages.value.findIndex((m) => m.id === message.id);
    if (index >= 0) {
      messages.value = messages.value.map((m, i) => (i === index ? laterOf(m, message) : m));
      return;
    }
    const later = messages.value.findIndex((m) => m.createdAt > message.createdAt);
    messages.value = later < 0 ? [...messages.value, message] : [...messages.value.slice(0, later), message, ...messages.value.slice(later)];
  }

  /** A status change of a message not loaded (an older page) is not this view's business. */
  function updateStatus(message: Message): void {
    if (messages.value.some((m) => m.id === message.id)) upsert(message);
  }

  const offs = [realtime.on('message.created', ({ message }) => upsert(message)), realtime.on('message.status', ({ message }) => updateStatus(message))];
  onScopeDispose(() => offs.forEach((off) => off()));

  watch(conversationId, () => void loadLatest(), { immediate: true });
  // Events missed while the socket was away: the latest page again, merged into what is shown.
  watch(
    () => realtime.resumed,
    async () => {
      const request = latest;
      const page = await inboxApi.messages(conversationId.value).catch(() => null);
      if (page && request === latest) page.items.forEach(upsert);
    },
  );

  return { messages, nextCursor, loading, loadingOlder, error, loadLatest, loadOlder, upsert };
}
