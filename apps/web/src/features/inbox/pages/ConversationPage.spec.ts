import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiCall, MY_MEMBERSHIP_ID, fakeApi, json, meWith, mountPage } from '@/shared/testing/fake-api';
import { conversationOf, messageOf } from '../inbox.testing';
import type { Conversation, ConversationChange } from '../inbox.types';
import ConversationPage from './ConversationPage.vue';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const ID = '5e0f0000-0000-4000-8000-000000000002';
const IVAN = '0b0c5b5e-0000-4000-8000-0000000000b2';
const operator = meWith(['conversations.read', 'conversations.reply']);
const supervisor = meWith(['conversations.read', 'conversations.reply', 'conversations.assign', 'members.read']);

const memberOf = (id: string, fullName: string) => ({
  id,
  userId: `user-${id}`,
  fullName,
  email: `${id}@shariki.ru`,
  role: 'Оператор',
  roleId: 'operator',
  status: 'active' as const,
  twoFactorEnabled: false,
  createdAt: '2026-11-01T00:00:00.000Z',
});

/** The conversation's API: PATCH applies the change and answers the conversation as it now is. */
function conversationApi(initial: Partial<Conversation> = {}, { members = [memberOf(IVAN, 'Иван Петров')], membersReadable = true } = {}) {
  let conversation = conversationOf(ID, { assigneeMembershipId: IVAN, assigneeName: 'Иван Петров', ...initial });
  return fakeApi({
    [`GET /api/v1/conversations/${ID}`]: () => conversation,
    [`GET /api/v1/conversations/${ID}/messages`]: () => ({ items: [messageOf('m-1', { conversationId: ID })], nextCursor: null }),
    [`PATCH /api/v1/conversations/${ID}`]: (call: ApiCall) => {
      const change = call.body as ConversationChange;
      const assignee = members.find((m) => m.id === change.assigneeMembershipId);
      const name = change.assigneeMembershipId === MY_MEMBERSHIP_ID ? 'Анна Смирнова' : (assignee?.fullName ?? null);
      conversation = { ...conversation, ...change, ...(change.assigneeMembershipId !== undefined ? { assigneeName: name } : {}) };
      return conversation;
    },
    'GET /api/v1/members': () => (membersReadable ? members : json(403, { statusCode: 403, error: 'Forbidden', message: 'Missing permission: members.read' })),
    'GET /api/v1/teams': () => [],
    [`GET /api/v1/contacts/${conversationOf(ID).contactId}`]: () => json(404, { statusCode: 404, error: 'Not Found', message: 'not needed here' }),
  });
}

const patches = (calls: ApiCall[]) => calls.filter((c) => c.method === 'PATCH').map((c) => c.body);

describe('the conversation header', () => {
  it('lets anyone who may reply resolve and reopen, with only the status in the request, but not assign', async () => {
    const api = conversationApi();
    const { wrapper } = await mountPage(ConversationPage, { me: operator, props: { conversationId: ID } });
    expect(wrapper.find('[data-testid=conversation-assignee]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=conversation-team]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=conversation-assign-me]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=conversation-assignee-name]').text()).toBe('Иван Петров');
    expect(api.calls.some((c) => c.path === '/api/v1/members')).toBe(false);

    await wrapper.find('[data-testid=conversation-resolve]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid=conversation-status]').text()).toBe('Решён');
    await wrapper.find('[data-testid=conversation-reopen]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid=conversation-status]').text()).toBe('Открыт');
    expect(patches(api.calls)).toEqual([{ status: 'resolved' }, { status: 'open' }]);
    expect(wrapper.find('[data-testid=conversation-change-error]').exists()).toBe(false);
  });

  it('hides the status actions from one who may only read', async () => {
    conversationApi();
    const { wrapper } = await mountPage(ConversationPage, { me: meWith(['conversations.read']), props: { conversationId: ID } });
    expect(wrapper.find('[data-testid=conversation-resolve]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=conversation-hold]').exists()).toBe(false);
  });

  it('assigns the conversation to the user by their membership id, and offers them in the picker', async () => {
    const api = conversationApi();
    const { wrapper } = await mountPage(ConversationPage, { me: supervisor, props: { conversationId: ID } });
    const options = () => wrapper.findAll('[data-testid=conversation-assignee] option').map((o) => [o.attributes('value'), o.text()]);
    expect(options()).toEqual([['', 'Не назначен'], [MY_MEMBERSHIP_ID, 'Анна Смирнова'], [IVAN, 'Иван Петров']]);

    await wrapper.find('[data-testid=conversation-assign-me]').trigger('click');
    await flushPromises();
    expect(patches(api.calls)).toEqual([{ assigneeMembershipId: MY_MEMBERSHIP_ID }]);
    expect(wrapper.find<HTMLSelectElement>('[data-testid=conversation-assignee]').element.value).toBe(MY_MEMBERSHIP_ID);
    // Already theirs: nothing more to take.
    expect(wrapper.find('[data-testid=conversation-assign-me]').exists()).toBe(false);

    await wrapper.find('[data-testid=conversation-assignee]').setValue(IVAN);
    await flushPromises();
    expect(patches(api.calls).at(-1)).toEqual({ assigneeMembershipId: IVAN });
    expect(wrapper.find('[data-testid=conversation-assign-me]').exists()).toBe(true);
  });

  it('offers the user as assignee even when they may not read the team', async () => {
    const api = conversationApi({ assigneeMembershipId: null, assigneeName: null }, { membersReadable: false });
    const { wrapper } = await mountPage(ConversationPage, { me: meWith(['conversations.read', 'conversations.reply', 'conversations.assign']), props: { conversationId: ID } });
    expect(wrapper.findAll('[data-testid=conversation-assignee] option').map((o) => o.text())).toEqual(['Не назначен', 'Анна Смирнова']);
    await wrapper.find('[data-testid=conversation-assignee]').setValue(MY_MEMBERSHIP_ID);
    await flushPromises();
    expect(patches(api.calls)).toEqual([{ assigneeMembershipId: MY_MEMBERSHIP_ID }]);
  });
});
