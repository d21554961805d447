import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { useRealtimeStore } from '@/features/inbox/realtime.store';
import { fakeApi, meWith, mountPage } from '@/shared/testing/fake-api';
import { attentionOf, formatWaitEnd, nextWaitEnd } from '../connection-attention';
import type { Connection } from '../connections.types';
import ConnectionAttentionBanner from './ConnectionAttentionBanner.vue';

/** socket.io's client, replaced by one the test drives: `serverSends` plays an event from the API. */
const socket = vi.hoisted(() => {
  const handlers = new Map<string, Array<(payload: unknown) => void>>();
  return {
    connected: true,
    active: true,
    on(event: string, handler: (payload: unknown) => void) {
      handlers.set(event, [...(handlers.get(event) ?? []), handler]);
      return this;
    },
    disconnect: () => undefined,
    serverSends(event: string, payload: unknown) {
      for (const handler of handlers.get(event) ?? []) handler(payload);
    },
    reset: () => handlers.clear(),
  };
});
vi.mock('socket.io-client', () => ({ io: () => socket }));

enableAutoUnmount(afterEach);
beforeEach(() => {
  socket.reset();
  sessionStorage.clear();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const SALES = 'c0000000-0000-4000-8000-00000000000a';
const SHOP = 'c0000000-0000-4000-8000-00000000000b';
const SITE = 'c0000000-0000-4000-8000-00000000000c';
const manager = meWith(['connections.read', 'connections.manage', 'conversations.read']);
const operator = meWith(['connections.read', 'conversations.read', 'conversations.reply']);
const routes = [{ path: '/connections/:connectionId', name: 'connection', component: { template: '<p>connection</p>' } }];
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

function connection(id: string, overrides: Partial<Connection> = {}): Connection {
  return { id, type: 'telegram', displayName: 'Продажи', state: 'active', stateReason: null, floodWaitUntil: null, suspendedReason: null, webhookUrl: null, perMinuteLimit: 30, memberIds: [], createdAt: '2026-11-01T09:00:00.000Z', disconnectedAt: null, ...overrides };
}

function listing(list: Connection[]) {
  return fakeApi({ 'GET /api/v1/connections': () => list });
}

async function mountBanner(me = manager, locale: 'ru' | 'en' = 'ru') {
  const mounted = await mountPage(ConnectionAttentionBanner, { me, locale, routes });
  const items = () =>
    mounted.wrapper.findAll('[data-testid=connection-attention-item]').map((item) => ({
      id: item.attributes('data-connection'),
      text: item.find('[data-testid=connection-attention-text]').text(),
      action: item.find('[data-testid=connection-attention-link]').text(),
      href: item.find('[data-testid=connection-attention-link]').attributes('href'),
    }));
  return { ...mounted, items };
}

describe('the connection attention banner', () => {
  it('shows, from the list, each connection a person must see to, with the way to its page', async () => {
    const until = inMinutes(30);
    listing([
      connection(SALES, { state: 'needs-relogin', stateReason: 'Telegram ended the session (SESSION_REVOKED): log in again' }),
      connection(SHOP, { displayName: 'Магазин', state: 'banned' }),
      connection(SITE, { displayName: 'Бот', type: 'telegram-bot', state: 'flood-wait', floodWaitUntil: until }),
      connection('healthy', { displayName: 'Сайт', type: 'api' }),
      connection('ended-wait', { displayName: 'Старый', state: 'flood-wait', floodWaitUntil: inMinutes(-1) }),
      connection('gone', { displayName: 'Отключённый', state: 'disconnected' }),
      connection('suspended', { displayName: 'WhatsApp', type: 'whatsapp', state: 'needs-relogin', suspendedReason: 'Проверка платформы' }),
    ]);
    const { items } = await mountBanner();
    const hhmm = formatWaitEnd(until, 'ru', Date.now());
    expect(hhmm).toMatch(/^\d\d:\d\d$|^\d\d\.\d\d, \d\d:\d\d$/);
    expect(items()).toEqual([
      { id: SALES, text: 'Подключение «Продажи» требует повторного входа', action: 'Войти заново', href: `/connections/${SALES}` },
      { id: SHOP, text: 'Подключение «Магазин» заблокировано Telegram', action: 'Открыть подключение', href: `/connections/${SHOP}` },
      { id: SITE, text: `Подключение «Бот»: Telegram ограничил отправку до ${hhmm}`, action: 'Подробнее', href: `/connections/${SITE}` },
    ]);
  });

  it('is not shown to those who may not manage connections, who are not even asked for the list', async () => {
    const api = listing([connection(SALES, { state: 'needs-relogin' })]);
    const { wrapper } = await mountBanner(operator);
    expect(wrapper.find('[data-testid=connection-attention]').exists()).toBe(false);
    expect(api.calls.some((c) => c.path === '/api/v1/connections')).toBe(false);
  });

  it('appears and goes live, from connection.updated', async () => {
    listing([connection(SALES)]);
    const { wrapper, items } = await mountBanner();
    expect(wrapper.find('[data-testid=connection-attention]').exists()).toBe(false);
    useRealtimeStore().start();

    socket.serverSends('connection.updated', { connection: connection(SALES, { state: 'needs-relogin' }) });
    await nextTick();
    expect(items().map((i) => i.text)).toEqual(['Подключение «Продажи» требует повторного входа']);
    // A connection created after the page opened is picked up too.
    socket.serverSends('connection.updated', { connection: connection(SHOP, { displayName: 'Магазин', state: 'banned' }) });
    await nextTick();
    expect(items().map((i) => i.id)).toEqual([SALES, SHOP]);

    socket.serverSends('connection.updated', { connection: connection(SALES, { state: 'active' }) });
    await nextTick();
    expect(items().map((i) => i.id)).toEqual([SHOP]);
  });

  it('hides a dismissed connection for the session, and shows it again when something new happens to it', async () => {
    listing([connection(SALES, { state: 'needs-relogin' }), connection(SHOP, { displayName: 'Магазин', state: 'needs-relogin' })]);
    const first = await mountBanner();
    await first.wrapper.find(`[data-connection="${SALES}"] [data-testid=connection-attention-dismiss]`).trigger('click');
    expect(first.items().map((i) => i.id)).toEqual([SHOP]);
    first.wrapper.unmount();

    // Another page load in the same session remembers it.
    const second = await mountBanner();
    expect(second.items().map((i) => i.id)).toEqual([SHOP]);
    useRealtimeStore().start();
    // Banned is news, although the sign-in prompt was dismissed.
    socket.serverSends('connection.updated', { connection: connection(SALES, { state: 'banned' }) });
    await nextTick();
    expect(second.items().map((i) => i.id)).toEqual([SALES, SHOP]);
    await second.wrapper.find(`[data-connection="${SALES}"] [data-testid=connection-attention-dismiss]`).trigger('click');
    // Healed, then the same failure again: a new episode shows again.
    socket.serverSends('connection.updated', { connection: connection(SALES, { state: 'active' }) });
    socket.serverSends('connection.updated', { connection: connection(SALES, { state: 'banned' }) });
    await nextTick();
    expect(second.items().map((i) => i.id)).toEqual([SALES, SHOP]);
  });

  it('drops a flood wait when it ends, without a report from the server', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: new Date('2026-11-20T10:00:00.000Z') });
    listing([connection(SALES, { state: 'flood-wait', floodWaitUntil: '2026-11-20T10:10:00.000Z' })]);
    const { items } = await mountBanner();
    expect(items().map((i) => i.id)).toEqual([SALES]);
    vi.advanceTimersByTime(9 * 60_000);
    await nextTick();
    expect(items().map((i) => i.id)).toEqual([SALES]);
    vi.advanceTimersByTime(2 * 60_000);
    await nextTick();
    expect(items()).toEqual([]);
  });

  it('reads the list again after the socket reconnects (events sent meanwhile are not replayed)', async () => {
    const list = [connection(SALES)];
    listing(list);
    const { items } = await mountBanner();
    expect(items()).toEqual([]);
    list[0] = connection(SALES, { state: 'needs-relogin' });
    useRealtimeStore().resumed += 1;
    await flushPromises();
    expect(items().map((i) => i.id)).toEqual([SALES]);
  });

  it('speaks English on request', async () => {
    listing([connection(SALES, { state: 'needs-relogin' }), connection(SHOP, { displayName: 'Магазин', type: 'vk', state: 'banned' })]);
    const { items } = await mountBanner(manager, 'en');
    expect(items().map((i) => [i.text, i.action])).toEqual([
      ['Connection “Продажи” needs you to sign in again', 'Sign in again'],
      ['Connection “Магазин” has been blocked by VK', 'Open connection'],
    ]);
  });
});

describe('what needs attention', () => {
  const now = Date.parse('2026-11-20T10:00:00.000Z');
  it.each([
    [{ state: 'needs-relogin' }, 'needs-relogin'],
    [{ state: 'banned' }, 'banned'],
    [{ state: 'flood-wait', floodWaitUntil: '2026-11-20T10:00:01.000Z' }, 'flood-wait'],
    [{ state: 'flood-wait', floodWaitUntil: '2026-11-20T10:00:00.000Z' }, null],
    [{ state: 'flood-wait', floodWaitUntil: null }, null],
    [{ state: 'active' }, null],
    [{ state: 'pending-login' }, null],
    [{ state: 'disconnected' }, null],
    [{ state: 'banned', suspendedReason: 'Проверка' }, null],
  ] as const)('%j → %s', (health, expected) => {
    expect(attentionOf({ floodWaitUntil: null, suspendedReason: null, ...health }, now)).toBe(expected);
  });

  it('looks again at the soonest wait still ahead', () => {
    const waits = [
      { state: 'flood-wait' as const, floodWaitUntil: '2026-11-20T10:30:00.000Z', suspendedReason: null },
      { state: 'flood-wait' as const, floodWaitUntil: '2026-11-20T10:05:00.000Z', suspendedReason: null },
      { state: 'flood-wait' as const, floodWaitUntil: '2026-11-20T09:00:00.000Z', suspendedReason: null },
      { state: 'active' as const, floodWaitUntil: '2026-11-20T10:01:00.000Z', suspendedReason: null },
    ];
    expect(nextWaitEnd(waits, now)).toBe(Date.parse('2026-11-20T10:05:00.000Z'));
    expect(nextWaitEnd([], now)).toBeNull();
  });
});
