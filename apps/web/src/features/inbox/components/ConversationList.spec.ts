import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ApiCall, MY_MEMBERSHIP_ID, fakeApi, meWith, mountPage } from '@/shared/testing/fake-api';
import { conversationOf, messageOf } from '../inbox.testing';
import type { Conversation } from '../inbox.types';
import { useRealtimeStore } from '../realtime.store';
import ConversationList from './ConversationList.vue';

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
beforeEach(() => socket.reset());
afterEach(() => vi.unstubAllGlobals());

const SITE = 'c0000000-0000-4000-8000-000000000001';
const SHOP = 'c0000000-0000-4000-8000-000000000002';
const operator = meWith(['conversations.read', 'conversations.reply', 'connections.read']);
const routes = [{ path: '/inbox/:conversationId', name: 'conversation', component: { template: '<p>conversation</p>' } }];

function inbox(items: Conversation[] = [
  conversationOf('olga', { contactName: 'Ольга Иванова', unreadCount: 2, lastMessageAt: '2026-11-20T10:00:00.000Z', lastMessagePreview: 'Когда доставка?' }),
  conversationOf('petr', { contactName: 'Пётр Сидоров', connectionId: SHOP, connectionName: 'Интернет-магазин', lastMessageAt: '2026-11-20T09:00:00.000Z', lastMessagePreview: 'Спасибо!', lastMessageDirection: 'out' }),
]) {
  return fakeApi({
    'GET /api/v1/conversations': (call: ApiCall) => ({
      items:
        call.query.get('status') === 'open' && !call.query.get('q')
          ? items.filter((c) => call.query.get('assignee') !== 'me' || c.assigneeMembershipId === MY_MEMBERSHIP_ID)
          : [],
      nextCursor: null,
      unread: { conversations: 1, messages: 2 },
    }),
    'GET /api/v1/connections': () => [
      { id: SITE, type: 'api', displayName: 'Сайт', state: 'active', perMinuteLimit: 30, memberIds: [], createdAt: '2026-11-01T00:00:00.000Z' },
      { id: SHOP, type: 'api', displayName: 'Интернет-магазин', state: 'active', perMinuteLimit: 30, memberIds: [], createdAt: '2026-11-01T00:00:00.000Z' },
    ],
  });
}

const names = (wrapper: Awaited<ReturnType<typeof mountPage>>['wrapper']) => wrapper.findAll('[data-testid=conversation-name]').map((n) => n.text());
const lastListQuery = (calls: ApiCall[]) => calls.filter((c) => c.path === '/api/v1/conversations').at(-1)?.query;

describe('the conversation list', () => {
  it('shows the open conversations, latest first, with unread badges, previews and connections', async () => {
    inbox();
    const { wrapper } = await mountPage(ConversationList, { me: operator, routes });
    expect(names(wrapper)).toEqual(['Ольга Иванова', 'Пётр Сидоров']);
    const [olga, petr] = wrapper.findAll('[data-testid=conversation-item]');
    expect(olga.find('[data-testid=conversation-unread]').text()).toBe('2');
    expect(olga.text()).toContain('Сайт');
    expect(petr.find('[data-testid=conversation-unread]').exists()).toBe(false);
    expect(petr.find('[data-testid=conversation-preview]').text()).toBe('Вы: Спасибо!');
    expect(olga.attributes('href')).toBe('/inbox/olga');
  });

  it('asks the API for the tab and filters chosen', async () => {
    const api = inbox();
    const { wrapper } = await mountPage(ConversationList, { me: operator, routes });
    expect(lastListQuery(api.calls)?.get('status')).toBe('open');

    await wrapper.find('[data-testid=inbox-tab-pending]').trigger('click');
    await flushPromises();
    expect(lastListQuery(api.calls)?.get('status')).toBe('pending');
    expect(wrapper.find('[data-testid=inbox-empty]').text()).toContain('Нет диалогов в ожидании');

    await wrapper.find('[data-testid=inbox-tab-open]').trigger('click');
    await wrapper.find('[data-testid=inbox-assignee]').setValue('me');
    await flushPromises();
    expect(lastListQuery(api.calls)?.get('assignee')).toBe('me');

    await wrapper.find('[data-testid=inbox-connection]').setValue(SHOP);
    await wrapper.find('[data-testid=inbox-unread]').setValue(true);
    await flushPromises();
    const query = lastListQuery(api.calls);
    expect(query?.get('connectionId')).toBe(SHOP);
    expect(query?.get('unread')).toBe('true');
    expect(query?.get('status')).toBe('open');
  });

  it('searches as the user types, and offers to reset filters when nothing matches', async () => {
    vi.useFakeTimers();
    try {
      const api = inbox();
      const { wrapper } = await mountPage(ConversationList, { me: operator, routes });
      await wrapper.find('[data-testid=inbox-search]').setValue('Ол');
      await wrapper.find('[data-testid=inbox-search]').setValue('Ольга');
      await vi.advanceTimersByTimeAsync(350);
      await flushPromises();
      expect(api.calls.filter((c) => c.query.get('q')).map((c) => c.query.get('q'))).toEqual(['Ольга']);
      expect(wrapper.find('[data-testid=inbox-empty]').text()).toContain('Ничего не найдено');
      await wrapper.find('[data-testid=inbox-empty] button').trigger('click');
      await flushPromises();
      expect(lastListQuery(api.calls)?.get('q')).toBeNull();
      expect(names(wrapper)).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('moves a conversation to the top and counts its new message as unread, without a reload', async () => {
    const api = inbox();
    const { wrapper } = await mountPage(ConversationList, { me: operator, routes });
    useRealtimeStore().start();
    const reads = () => api.calls.filter((c) => c.path === '/api/v1/conversations' && c.query.get('status')).length;
    const before = reads();

    socket.serverSends('message.created', { message: messageOf('m-9', { conversationId: 'petr', text: 'А можно счёт?', createdAt: '2026-11-20T11:00:00.000Z' }) });
    await flushPromises();
    expect(names(wrapper)).toEqual(['Пётр Сидоров', 'Ольга Иванова']);
    const petr = wrapper.findAll('[data-testid=conversation-item]')[0];
    expect(petr.find('[data-testid=conversation-unread]').text()).toBe('1');
    expect(petr.find('[data-testid=conversation-preview]').text()).toBe('А можно счёт?');
    expect(reads()).toBe(before);

    // Resolved elsewhere: it leaves the open tab.
    socket.serverSends('conversation.updated', { conversation: conversationOf('petr', { status: 'resolved' }) });
    await flushPromises();
    expect(names(wrapper)).toEqual(['Ольга Иванова']);
  });

  it('keeps «Мои» current by the user’s membership id: assigned to them it appears, to another it leaves, without a reload', async () => {
    vi.useFakeTimers();
    try {
      const api = inbox();
      const { wrapper } = await mountPage(ConversationList, { me: operator, routes });
      useRealtimeStore().start();
      await wrapper.find('[data-testid=inbox-assignee]').setValue('me');
      await flushPromises();
      expect(lastListQuery(api.calls)?.get('assignee')).toBe('me');
      expect(wrapper.find('[data-testid=inbox-empty]').exists()).toBe(true);
      const reads = () => api.calls.filter((c) => c.path === '/api/v1/conversations' && c.query.get('status')).length;
      const before = reads();

      const OTHER = '0b0c5b5e-0000-4000-8000-0000000000b2';
      socket.serverSends('conversation.updated', { conversation: conversationOf('petr', { contactName: 'Пётр Сидоров', assigneeMembershipId: MY_MEMBERSHIP_ID, assigneeName: 'Анна Смирнова' }) });
      socket.serverSends('conversation.updated', { conversation: conversationOf('olga', { contactName: 'Ольга Иванова', assigneeMembershipId: OTHER, assigneeName: 'Иван Петров' }) });
      await vi.advanceTimersByTimeAsync(1000);
      await flushPromises();
      expect(names(wrapper)).toEqual(['Пётр Сидоров']);

      // A new message in a conversation of theirs moves it, still without asking the API.
      socket.serverSends('message.created', { message: messageOf('m-10', { conversationId: 'petr', text: 'Жду ответа', createdAt: '2026-11-20T12:00:00.000Z' }) });
      await vi.advanceTimersByTimeAsync(1000);
      await flushPromises();
      expect(wrapper.find('[data-testid=conversation-preview]').text()).toBe('Жду ответа');

      socket.serverSends('conversation.updated', { conversation: conversationOf('petr', { contactName: 'Пётр Сидоров', assigneeMembershipId: OTHER, assigneeName: 'Иван Петров' }) });
      await vi.advanceTimersByTimeAsync(1000);
      await flushPromises();
      expect(names(wrapper)).toEqual([]);
      expect(reads()).toBe(before);
    } finally {
      vi.useRealTimers();
    }
  });

  it('asks the API again under «Мои» only when it does not know the user’s membership', async () => {
    vi.useFakeTimers();
    try {
      const api = inbox();
      const { wrapper } = await mountPage(ConversationList, { me: { ...operator, membershipId: null }, routes });
      useRealtimeStore().start();
      await wrapper.find('[data-testid=inbox-assignee]').setValue('me');
      await flushPromises();
      const reads = () => api.calls.filter((c) => c.path === '/api/v1/conversations' && c.query.get('status')).length;
      const before = reads();
      socket.serverSends('conversation.updated', { conversation: conversationOf('petr', { assigneeMembershipId: MY_MEMBERSHIP_ID }) });
      await vi.advanceTimersByTimeAsync(1000);
      await flushPromises();
      expect(reads()).toBe(before + 1);
    } finally {
      vi.useRealTimers();
    }
  });
});
