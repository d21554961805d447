import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiCall, fakeApi, meWith, mountPage, validationError } from '@/shared/testing/fake-api';
import type { Client } from '../contacts.types';
import ContactsPage from './ContactsPage.vue';

enableAutoUnmount(afterEach);
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  Reflect.deleteProperty(URL, 'createObjectURL');
  Reflect.deleteProperty(URL, 'revokeObjectURL');
});

const conversationRoute = [{ path: '/inbox/:conversationId', name: 'conversation', component: { template: '<p>conversation</p>' } }];

function client(n: number, overrides: Partial<Client> = {}): Client {
  return {
    id: `7c0a7ac7-0000-4000-8000-${String(n).padStart(12, '0')}`,
    displayName: `Клиент ${n}`,
    phone: `+7 900 000-00-${String(n).padStart(2, '0')}`,
    channels: [{ type: 'telegram', username: `client${n}` }],
    firstSeenAt: new Date(Date.UTC(2026, 2, 1, 9, 0)).toISOString(),
    lastMessageAt: new Date(Date.UTC(2026, 2, 10, 12, 0) - n * 60_000).toISOString(),
    conversations: 1,
    latestConversationId: `c0c0c0c0-0000-4000-8000-${String(n).padStart(12, '0')}`,
    ...overrides,
  };
}

/** 30 clients, the latest activity first, paged by an opaque cursor like the API; `q` matches a name. */
function baseApi(all: Client[] = Array.from({ length: 30 }, (_, i) => client(i + 1))) {
  return fakeApi({
    'GET /api/v1/contacts': (call: ApiCall) => {
      const q = call.query.get('q');
      if (q && q.length > 100) return validationError('q', 'must be shorter than or equal to 100 characters');
      const from = Number(call.query.get('cursor') ?? 0);
      const limit = Number(call.query.get('limit'));
      const matching = all.filter((c) => !q || c.displayName.toLowerCase().includes(q.toLowerCase()));
      const items = matching.slice(from, from + limit);
      return { items, nextCursor: items.length === limit ? String(from + limit) : null };
    },
    'GET /api/v1/contacts/export.csv': () => new Response('\uFEFFid,display_name\r\n1,Клиент 1\r\n', { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8' } }),
  });
}

const operator = meWith(['tenant.read', 'conversations.read', 'conversations.reply', 'contacts.read']);
const owner = meWith(['conversations.read', 'conversations.read-all', 'contacts.read', 'contacts.export']);
const names = (wrapper: Awaited<ReturnType<typeof mountPage>>['wrapper']) => wrapper.findAll('[data-testid=client-name]').map((cell) => cell.text());

describe('the client base', () => {
  it('lists clients with their channels, phone and conversations, links the latest conversation, and pages by cursor', async () => {
    const api = baseApi();
    const { wrapper, router } = await mountPage(ContactsPage, { me: operator, routes: conversationRoute });
    expect(names(wrapper)).toHaveLength(25);
    expect(names(wrapper)[0]).toBe('Клиент 1');
    const first = wrapper.find('tbody tr');
    expect(first.text()).toContain('+7 900 000-00-01');
    expect(first.text()).toContain('@client1');
    expect(first.find('[role=img]').attributes('aria-label')).toBe('Telegram');
    expect(api.calls.find((c) => c.path === '/api/v1/contacts')?.query.get('limit')).toBe('25');

    await wrapper.find('[data-testid=pager-older]').trigger('click');
    await flushPromises();
    expect(names(wrapper)).toEqual(['Клиент 26', 'Клиент 27', 'Клиент 28', 'Клиент 29', 'Клиент 30']);
    expect(api.calls.filter((c) => c.path === '/api/v1/contacts').at(-1)?.query.get('cursor')).toBe('25');
    expect(wrapper.find('[data-testid=pager-older]').attributes('disabled')).toBeDefined();
    await wrapper.find('[data-testid=pager-newer]').trigger('click');
    await flushPromises();
    expect(names(wrapper)[0]).toBe('Клиент 1');

    await wrapper.find('[data-testid=client-open]').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe(`/inbox/${client(1).latestConversationId}`);
  });

  it('searches, keeps the search in the address, and says when nobody is found', async () => {
    const api = baseApi();
    const { wrapper, router } = await mountPage(ContactsPage, { me: operator, routes: conversationRoute });
    await wrapper.find('input[name=q]').setValue('Клиент 3');
    await wrapper.find('form[role=search]').trigger('submit');
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ q: 'Клиент 3' });
    expect(api.calls.filter((c) => c.path === '/api/v1/contacts').at(-1)?.query.get('q')).toBe('Клиент 3');
    expect(names(wrapper)).toEqual(['Клиент 3', 'Клиент 30']);

    await wrapper.find('input[name=q]').setValue('Никто');
    await wrapper.find('form[role=search]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid=empty-state]').text()).toContain('Никого не нашли');
    await wrapper.find('[data-testid=empty-state] button').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({});
    expect(names(wrapper)).toHaveLength(25);
  });

  it('keeps what is being typed into the search while the list changes under it', async () => {
    baseApi();
    const { wrapper, router } = await mountPage(ContactsPage, { me: operator, routes: conversationRoute });
    await wrapper.find('input[name=q]').setValue('Клиент 3');
    // The page renders again (the next page of the list arrives) before Enter is pressed.
    await wrapper.find('[data-testid=pager-older]').trigger('click');
    await flushPromises();
    expect((wrapper.find('input[name=q]').element as HTMLInputElement).value).toBe('Клиент 3');
    await wrapper.find('form[role=search]').trigger('submit');
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ q: 'Клиент 3' });
  });

  it('opens with the search from the address', async () => {
    const api = baseApi();
    const { wrapper } = await mountPage(ContactsPage, { me: operator, path: '/page?q=Клиент%202', routes: conversationRoute });
    expect(api.calls.find((c) => c.path === '/api/v1/contacts')?.query.get('q')).toBe('Клиент 2');
    expect((wrapper.find('input[name=q]').element as HTMLInputElement).value).toBe('Клиент 2');
  });

  it('offers the CSV only to those allowed to export, and downloads it', async () => {
    baseApi();
    const asOperator = await mountPage(ContactsPage, { me: operator, routes: conversationRoute });
    expect(asOperator.wrapper.find('[data-testid=download-csv]').exists()).toBe(false);
    asOperator.wrapper.unmount();

    vi.unstubAllGlobals();
    const api = baseApi();
    const createObjectURL = vi.fn((_file: Blob) => 'blob:clients');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const { wrapper } = await mountPage(ContactsPage, { me: owner, routes: conversationRoute });
    const button = wrapper.find('[data-testid=download-csv]');
    expect(button.text()).toBe('Выгрузить CSV');
    await button.trigger('click');
    await flushPromises();
    expect(api.calls.filter((c) => c.path === '/api/v1/contacts/export.csv')).toHaveLength(1);
    expect(createObjectURL).toHaveBeenCalledOnce();
    expect(click).toHaveBeenCalledOnce();
  });

  it('explains an empty base, and one that is empty because the role opens no conversations', async () => {
    baseApi([]);
    const fresh = await mountPage(ContactsPage, { me: operator, routes: conversationRoute });
    expect(fresh.wrapper.find('[data-testid=empty-state]').text()).toContain('Клиентов пока нет');
    fresh.wrapper.unmount();
    const officer = await mountPage(ContactsPage, { me: meWith(['contacts.read', 'subject-requests.read']), routes: conversationRoute });
    expect(officer.wrapper.find('[data-testid=empty-state]').text()).toContain('Нет доступных диалогов');
  });

  it('speaks English when asked', async () => {
    baseApi();
    const { wrapper } = await mountPage(ContactsPage, { me: owner, locale: 'en', routes: conversationRoute });
    expect(wrapper.find('[data-testid=download-csv]').text()).toBe('Export CSV');
    expect(wrapper.findAll('thead th').map((th) => th.text())).toEqual(['Client', 'Phone', 'Last message', 'First wrote', 'Conversations', 'Conversation']);
  });
});
