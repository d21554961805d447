import { defineStore } from 'pinia';
import { io, type Socket } from 'socket.io-client';
import { ref } from 'vue';
import type { Connection } from '@/features/connections/connections.types';
import type { Conversation, Message } from './inbox.types';

/** Where the API's socket.io server listens: under the versioned prefix, same origin. */
export const REALTIME_PATH = '/api/v1/realtime';

/** What the server pushes; each event goes only to employees who may see its conversation (MSG-6). */
export interface RealtimeEvents {
  'message.created': { message: Message };
  'message.status': { message: Message };
  'conversation.updated': { conversation: Conversation };
  'connection.updated': { connection: Connection };
}
export type RealtimeEvent = keyof RealtimeEvents;
const EVENTS: RealtimeEvent[] = ['message.created', 'message.status', 'conversation.updated', 'connection.updated'];

export type RealtimeState = 'idle' | 'connecting' | 'online' | 'offline' | 'refused';

type Handler<E extends RealtimeEvent> = (payload: RealtimeEvents[E]) => void;

/** Seconds before trying again after the server refused the handshake (signed out, no permission). */
const REFUSED_RETRY_MS = 30_000;

/**
 * The session's one realtime socket. Authenticated by the session cookie; socket.io reconnects
 * by itself after a network loss, and `resumed` counts those reconnects so views re-read what
 * they show (events sent while offline are not replayed: Postgres holds the truth).
 */
export const useRealtimeStore = defineStore('realtime', () => {
  const state = ref<RealtimeState>('idle');
  const resumed = ref(0);
  const listeners = new Map<RealtimeEvent, Set<(payload: never) => void>>();
  let socket: Socket | null = null;
  let everConnected = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  function dispatch(event: RealtimeEvent, payload: unknown): void {
    for (const handler of listeners.get(event) ?? []) (handler as (p: unknown) => void)(payload);
  }

  function start(): void {
    if (socket) return;
    everConnected = false;
    state.value = 'connecting';
    const created = io({ path: REALTIME_PATH, transports: ['websocket'], withCredentials: true });
    socket = created;
    created.on('connect', () => {
      state.value = 'online';
      if (everConnected) resumed.value += 1;
      everConnected = true;
    });
    created.on('disconnect', () => {
      if (socket === created) state.value = 'offline';
    });
    created.on('connect_error', (error: Error & { data?: { statusCode?: number } }) => {
      const status = error.data?.statusCode;
      state.value = status === 401 || status === 403 ? 'refused' : 'offline';
      // A refused handshake is not retried by socket.io itself (`active` is false then).
      if (!created.active) {
        clearTimeout(retryTimer);
        retryTimer = setTimeout(() => socket === created && created.connect(), status === 401 || status === 403 ? REFUSED_RETRY_MS : 5_000);
      }
    });
    for (const event of EVENTS) created.on(event, (payload: unknown) => dispatch(event, payload));
  }

  function stop(): void {
    clearTimeout(retryTimer);
    socket?.disconnect();
    socket = null;
    state.value = 'idle';
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  function on<E extends RealtimeEvent>(event: E, handler: Handler<E>): () => void {
    const set = listeners.get(event) ?? new Set();
    set.add(handler);
    listeners.set(event, set);
    return () => set.delete(handler);
  }

  /**
   * Asks the server to recompute the socket's rooms after the user's teams or connections
   * changed, so events of newly visible conversations arrive (and others stop) at once.
   */
  async function refreshRooms(): Promise<void> {
    if (!socket?.connected) return;
    await socket
      .timeout(5_000)
      .emitWithAck('rooms.refresh')
      .catch(() => undefined);
  }

  return { state, resumed, start, stop, on, refreshRooms };
});

export type RealtimeStore = ReturnType<typeof useRealtimeStore>;
