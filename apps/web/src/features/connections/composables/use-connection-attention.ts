import { computed, onBeforeUnmount, ref, watch } from 'vue';
import { useAuthStore } from '@/features/auth/auth.store';
import { useRealtimeStore } from '@/features/inbox/realtime.store';
import { type AttentionKind, attentionOf, dismissalKey, nextWaitEnd } from '../connection-attention';
import { connectionsApi } from '../connections.api';
import type { Connection } from '../connections.types';

const DISMISSED_KEY = 'perepiska.connection-attention.dismissed';

export interface AttentionItem {
  connection: Connection;
  kind: AttentionKind;
}

function readDismissed(): Set<string> {
  try {
    const saved: unknown = JSON.parse(sessionStorage.getItem(DISMISSED_KEY) ?? '[]');
    return new Set(Array.isArray(saved) ? saved.filter((k): k is string => typeof k === 'string') : []);
  } catch {
    return new Set();
  }
}

function saveDismissed(keys: Set<string>): void {
  try {
    sessionStorage.setItem(DISMISSED_KEY, JSON.stringify([...keys]));
  } catch {
    // Storage may be unavailable (private mode): the dismissal then lasts until the page reloads.
  }
}

/**
 * The connections that need someone, for the people who may fix them (`connections.manage`):
 * read from the list when the layout opens (and after a reconnect), kept live from
 * `connection.updated`. A dismissal lasts for the browser session and covers one episode.
 */
export function useConnectionAttention() {
  const auth = useAuthStore();
  const realtime = useRealtimeStore();
  const connections = ref<Connection[]>([]);
  const dismissed = ref(readDismissed());
  const now = ref(Date.now());
  let timer: ReturnType<typeof setTimeout> | undefined;

  const enabled = computed(() => !!auth.me && !auth.me.twoFactorSetupRequired && auth.can('connections.manage') && auth.can('connections.read'));

  async function load(): Promise<void> {
    if (!enabled.value) return;
    // The banner is a hint: the connections page shows the error if the list cannot be read.
    const listed = await connectionsApi.list().catch(() => null);
    if (!listed || !enabled.value) return;
    connections.value = listed;
    listed.forEach(forgetHealed);
  }

  function forgetHealed(connection: Connection): void {
    if (attentionOf(connection, now.value)) return;
    const kept = new Set([...dismissed.value].filter((key) => !key.startsWith(`${connection.id}:`)));
    if (kept.size === dismissed.value.size) return;
    dismissed.value = kept;
    saveDismissed(kept);
  }

  // Another business is another list.
  watch(
    [enabled, () => auth.me?.tenant.id],
    () => {
      connections.value = [];
      void load();
    },
    { immediate: true },
  );
  // Events sent while the socket was away are not replayed: read the list again.
  watch(() => realtime.resumed, () => void load());

  const off = realtime.on('connection.updated', ({ connection }) => {
    if (!enabled.value) return;
    const known = connections.value.some((c) => c.id === connection.id);
    connections.value = known ? connections.value.map((c) => (c.id === connection.id ? connection : c)) : [...connections.value, connection];
    forgetHealed(connection);
  });

  // A flood wait's banner goes when the wait ends, without a report from the server.
  watch(
    [connections, now],
    () => {
      clearTimeout(timer);
      const end = nextWaitEnd(connections.value, now.value);
      // setTimeout takes at most 2^31 - 1 ms; a longer wait is looked at again then.
      if (end !== null) timer = setTimeout(() => (now.value = Date.now()), Math.min(Math.max(0, end - Date.now()) + 500, 2 ** 31 - 1));
    },
    { immediate: true },
  );

  const items = computed<AttentionItem[]>(() =>
    connections.value.flatMap((connection) => {
      const kind = attentionOf(connection, now.value);
      return kind && !dismissed.value.has(dismissalKey(connection)) ? [{ connection, kind }] : [];
    }),
  );

  function dismiss(connection: Connection): void {
    const next = new Set(dismissed.value).add(dismissalKey(connection));
    dismissed.value = next;
    saveDismissed(next);
  }

  onBeforeUnmount(() => {
    off();
    clearTimeout(timer);
  });

  return { items, dismiss, now };
}
