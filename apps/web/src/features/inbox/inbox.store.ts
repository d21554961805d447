import { defineStore } from 'pinia';
import { reactive, ref, shallowRef, watch } from 'vue';
import { useAuthStore } from '@/features/auth/auth.store';
import { inboxApi } from './inbox.api';
import { type Conversation, DEFAULT_FILTERS, type InboxFilters, type Message, type UnreadSummary, byLastMessage, matchesFilters } from './inbox.types';
import { useRealtimeStore } from './realtime.store';

/** Runs `run` once after calls stop for `ms`: a burst of events costs one request. */
function debounced(run: () => Promise<void>, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), ms);
  };
}

/** What the list shows of a message: its text, or what it carries. */
function previewOf(message: Message): string | null {
  return message.text ?? message.attachments[0]?.fileName ?? null;
}

/**
 * The conversation list and the unread totals, kept current by realtime events: a new message
 * moves its conversation to the top and counts as unread unless it is the one open; a
 * conversation the list has not seen, or one whose fit only the API can judge (a search), reloads
 * the list. "Mine" is judged here, by the user's membership id from GET /auth/me.
 */
export const useInboxStore = defineStore('inbox', () => {
  const realtime = useRealtimeStore();
  const auth = useAuthStore();
  const filters = reactive<InboxFilters>({ ...DEFAULT_FILTERS });
  const conversations = shallowRef<Conversation[]>([]);
  const nextCursor = ref<string | null>(null);
  /** The list was loaded at least once: before that, events have nothing to update. */
  const loaded = ref(false);
  const loading = ref(false);
  const loadingMore = ref(false);
  const error = ref<unknown>(null);
  const unread = ref<UnreadSummary>({ conversations: 0, messages: 0 });
  /** The conversation on screen: its new messages are read as they arrive. */
  const openId = ref<string | null>(null);
  let latest = 0;

  async function load(): Promise<void> {
    const request = ++latest;
    loading.value = true;
    error.value = null;
    try {
      const page = await inboxApi.conversations(filters);
      if (request !== latest) return;
      conversations.value = page.items;
      nextCursor.value = page.nextCursor ?? null;
      if (page.unread) unread.value = page.unread;
      loaded.value = true;
    } catch (caught) {
      if (request === latest) error.value = caught;
    } finally {
      if (request === latest) loading.value = false;
    }
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value || loadingMore.value) return;
    const request = latest;
    loadingMore.value = true;
    try {
      const page = await inboxApi.conversations(filters, nextCursor.value);
      if (request !== latest) return;
      const known = new Set(conversations.value.map((c) => c.id));
      conversations.value = [...conversations.value, ...page.items.filter((c) => !known.has(c.id))];
      nextCursor.value = page.nextCursor ?? null;
    } catch (caught) {
      error.value = caught;
    } finally {
      loadingMore.value = false;
    }
  }

  async function refreshSummary(): Promise<void> {
    try {
      unread.value = await inboxApi.unreadSummary();
    } catch {
      // The badge stays as it was; the next event or list load corrects it.
    }
  }

  const reloadSoon = debounced(load, 300);
  const refreshSummarySoon = debounced(refreshSummary, 500);

  function setFilters(change: Partial<InboxFilters>): Promise<void> {
    Object.assign(filters, change);
    return load();
  }

  /** Puts a conversation as the API now describes it where it belongs in the list. */
  function upsert(conversation: Conversation): void {
    const fits = matchesFilters(conversation, filters, auth.membershipId);
    const present = conversations.value.some((c) => c.id === conversation.id);
    if (fits === false) {
      if (present) conversations.value = conversations.value.filter((c) => c.id !== conversation.id);
      return;
    }
    if (!present && fits === null) {
      reloadSoon();
      return;
    }
    conversations.value = [...conversations.value.filter((c) => c.id !== conversation.id), conversation].sort(byLastMessage);
  }

  function markedRead(id: string): void {
    conversations.value = conversations.value.map((c) => (c.id === id ? { ...c, unreadCount: 0 } : c));
    refreshSummarySoon();
  }

  realtime.on('conversation.updated', ({ conversation }) => {
    if (loaded.value) upsert(conversation);
    refreshSummarySoon();
  });

  realtime.on('message.created', ({ message }) => {
    refreshSummarySoon();
    if (!loaded.value) return;
    const current = conversations.value.find((c) => c.id === message.conversationId);
    if (!current) {
      reloadSoon();
      return;
    }
    const countsAsUnread = message.direction === 'in' && message.conversationId !== openId.value;
    upsert({
      ...current,
      lastMessageAt: message.createdAt > current.lastMessageAt ? message.createdAt : current.lastMessageAt,
      lastMessagePreview: previewOf(message) ?? current.lastMessagePreview,
      lastMessageDirection: message.direction,
      unreadCount: current.unreadCount + (countsAsUnread ? 1 : 0),
    });
  });

  // Events sent while the socket was away are not replayed: read the list again.
  watch(
    () => realtime.resumed,
    () => {
      if (loaded.value) reloadSoon();
      refreshSummarySoon();
    },
  );

  return { filters, conversations, nextCursor, loaded, loading, loadingMore, error, unread, openId, load, loadMore, refreshSummary, setFilters, upsert, markedRead };
});

export type InboxStore = ReturnType<typeof useInboxStore>;
