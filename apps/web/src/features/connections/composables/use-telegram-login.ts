import { computed, onScopeDispose, ref } from 'vue';
import { ApiRequestError } from '@/shared/api/client';
import { type NewTelegramLogin, type TelegramLogin, isFinalLogin } from '../connections.types';
import { telegramLoginApi } from '../telegram-login.api';

/** The contract asks for about one poll a second while a login is not final. */
export const LOGIN_POLL_MS = 1000;

/**
 * One Telegram login attempt as the wizard sees it: started, polled every second until it is
 * final (a renewed QR code, a scan confirmed on the phone, an expiry all arrive that way),
 * advanced by the code and the password, and cancelled on the server when it is abandoned
 * before the end so the pending Telegram client is freed at once rather than at expiry.
 */
export function useTelegramLogin(pollMs = LOGIN_POLL_MS) {
  const login = ref<TelegramLogin | null>(null);
  /** A start, code or password request is in flight. */
  const inFlight = ref(0);
  const busy = computed(() => inFlight.value > 0);
  /** Polls failed in a row (the network, the server): the screen says so, polling goes on. */
  const pollFailures = ref(0);
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A poll answered after an action started describes the login before that action: dropped.
  let epoch = 0;
  // Bumped when the attempt is abandoned, so an answer still on its way is not adopted.
  let session = 0;

  function schedule(): void {
    clearTimeout(timer);
    timer = undefined;
    const current = login.value;
    if (!current || isFinalLogin(current.state)) return;
    timer = setTimeout(() => void poll(current.id), pollMs);
  }

  /** The server no longer knows the attempt (it expired and was cleaned up). */
  function markGone(message: string): void {
    if (login.value) login.value = { ...login.value, state: 'expired', error: { code: 'not-found', message } };
  }

  async function poll(id: string): Promise<void> {
    if (busy.value) return schedule();
    const startedAt = epoch;
    try {
      const next = await telegramLoginApi.get(id);
      if (startedAt === epoch && login.value?.id === id) {
        pollFailures.value = 0;
        login.value = next;
      }
    } catch (caught) {
      if (startedAt === epoch && login.value?.id === id) {
        if (caught instanceof ApiRequestError && caught.status === 404) markGone(caught.message);
        else pollFailures.value += 1;
      }
    } finally {
      if (login.value?.id === id) schedule();
    }
  }

  async function act(run: () => Promise<TelegramLogin>): Promise<TelegramLogin | null> {
    const mine = session;
    epoch += 1;
    inFlight.value += 1;
    try {
      const next = await run();
      if (mine !== session) {
        // Abandoned while the request was on its way: free what it created.
        if (!isFinalLogin(next.state)) telegramLoginApi.cancel(next.id).catch(() => undefined);
        return null;
      }
      login.value = next;
      pollFailures.value = 0;
      schedule();
      return next;
    } catch (caught) {
      if (mine === session && caught instanceof ApiRequestError && caught.status === 404 && login.value) markGone(caught.message);
      throw caught;
    } finally {
      inFlight.value -= 1;
    }
  }

  /** Starts a new attempt; one still open is cancelled first. */
  function start(body: NewTelegramLogin): Promise<TelegramLogin | null> {
    abandon();
    return act(() => telegramLoginApi.start(body));
  }

  function submitCode(code: string): Promise<TelegramLogin | null> {
    const id = login.value?.id;
    return id ? act(() => telegramLoginApi.submitCode(id, code)) : Promise.resolve(null);
  }

  function submitPassword(password: string): Promise<TelegramLogin | null> {
    const id = login.value?.id;
    return id ? act(() => telegramLoginApi.submitPassword(id, password)) : Promise.resolve(null);
  }

  /** Stops polling and forgets the attempt, cancelling it on the server unless it is final. */
  function abandon(): void {
    session += 1;
    clearTimeout(timer);
    timer = undefined;
    const current = login.value;
    if (current && !isFinalLogin(current.state)) telegramLoginApi.cancel(current.id).catch(() => undefined);
    login.value = null;
    pollFailures.value = 0;
  }

  onScopeDispose(abandon);

  return { login, busy, pollFailures, start, submitCode, submitPassword, abandon };
}
