import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiCall, fakeApi, meWith, mountPage } from '@/shared/testing/fake-api';
import type { AccessEntry } from '../access-journal.types';
import AccessJournalPage from './AccessJournalPage.vue';

enableAutoUnmount(afterEach);
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  Reflect.deleteProperty(URL, 'createObjectURL');
  Reflect.deleteProperty(URL, 'revokeObjectURL');
});

const ANNA = '0b0c5b5e-0000-4000-8000-000000000001';
const CONTACT = '7c0a7ac7-0000-4000-8000-000000000042';

function entry(id: number, resourceType: string, action: string, overrides: Partial<AccessEntry> = {}): AccessEntry {
  return {
    id: String(id),
    createdAt: new Date(Date.UTC(2026, 10, 20, 9, 0) + id * 60_000).toISOString(),
    actorUserId: ANNA,
    actorName: 'Анна Смирнова',
    actorTokenId: null,
    resourceType,
    resourceId: '*',
    action,
    ip: '127.0.0.1',
    ...overrides,
  };
}

/** 40 entries, newest first, paged by `before` like the API; filters by resource. */
function journalApi() {
  const all = Array.from({ length: 40 }, (_, i) => (i % 2 ? entry(40 - i, 'employees', 'list') : entry(40 - i, 'contact', 'read', { resourceId: CONTACT })));
  all.push(entry(0, 'register-export', 'export', { actorUserId: null, actorName: null, actorTokenId: 'tok', actorTokenName: '1С: выгрузка' }), entry(-1, 'billing-invoice', 'download'));
  return fakeApi({
    'GET /api/v1/access-journal': (call: ApiCall) => {
      const type = call.query.get('resourceType');
      const id = call.query.get('resourceId');
      const before = call.query.get('before');
      return all
        .filter((e) => (!type || e.resourceType === type) && (!id || e.resourceId === id) && (!before || Number(e.id) < Number(before)))
        .slice(0, Number(call.query.get('limit')));
    },
    'GET /api/v1/access-journal/export.csv': () => new Response('\uFEFFid,created_at\r\n1,x\r\n', { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8' } }),
    'GET /api/v1/members': () => [{ id: 'm', userId: ANNA, fullName: 'Анна Смирнова', email: 'a@b.ru', role: 'owner', roleId: 'owner', status: 'active', twoFactorEnabled: false, createdAt: new Date().toISOString() }],
  });
}

const officer = meWith(['access-journal.read', 'members.read']);
const column = (wrapper: Awaited<ReturnType<typeof mountPage>>['wrapper'], testId: string) => wrapper.findAll(`[data-testid=${testId}]`).map((cell) => cell.text());

describe('access journal', () => {
  it('names what was read and how in Russian, and pages by cursor', async () => {
    const api = journalApi();
    const { wrapper } = await mountPage(AccessJournalPage, { me: officer });
    expect(column(wrapper, 'access-resource').slice(0, 2)).toEqual(['Контакт', 'Список сотрудников']);
    expect(column(wrapper, 'access-action').slice(0, 2)).toEqual(['Просмотр', 'Просмотр списка']);
    expect(wrapper.findAll('tbody tr')[1].text()).toContain('весь список');
    expect(api.calls.find((c) => c.path === '/api/v1/access-journal')?.query.get('limit')).toBe('26');

    await wrapper.find('[data-testid=pager-older]').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('tbody tr')).toHaveLength(17);
    // An export by an API token, and a kind the SPA has no words for, shown as it is.
    expect(column(wrapper, 'access-resource').slice(-2)).toEqual(['Выгрузка реестра', 'billing-invoice']);
    expect(column(wrapper, 'access-action').slice(-2)).toEqual(['Выгрузка', 'Скачивание']);
    expect(wrapper.findAll('tbody tr').at(-2)!.text()).toContain('API-токен «1С: выгрузка»');
  });

  it('filters by the kind of data and one record, keeps the filters in the address and exports the same selection', async () => {
    const api = journalApi();
    const createObjectURL = vi.fn((_file: Blob) => 'blob:journal');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const { wrapper, router } = await mountPage(AccessJournalPage, { me: officer });

    expect(wrapper.findAll('select[name=resourceType] option').map((o) => o.text())).toEqual([
      'Все данные', 'Список сотрудников', 'Клиентская база', 'Контакт', 'Диалог', 'Выгрузка реестра', 'Журнал аудита', 'Журнал доступа',
    ]);
    await wrapper.find('select[name=resourceType]').setValue('contact');
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ resourceType: 'contact' });
    expect(new Set(column(wrapper, 'access-resource'))).toEqual(new Set(['Контакт']));

    // The record's id in a row narrows the journal to that one record.
    await wrapper.find('tbody tr .link-cell.mono').trigger('click');
    await flushPromises();
    const listed = api.calls.filter((c) => c.path === '/api/v1/access-journal').at(-1)!;
    expect(listed.query.get('resourceId')).toBe(CONTACT);
    expect((wrapper.find('input[name=resourceId]').element as HTMLInputElement).value).toBe(CONTACT);

    await wrapper.find('[data-testid=download-csv]').trigger('click');
    await flushPromises();
    const exported = api.calls.find((c) => c.path === '/api/v1/access-journal/export.csv')!;
    expect(exported.query.get('resourceType')).toBe('contact');
    expect(exported.query.get('resourceId')).toBe(CONTACT);
    expect(exported.query.has('before')).toBe(false);
    expect(click).toHaveBeenCalledOnce();
  });

  it('filters by employee only for whoever may see the team', async () => {
    const api = journalApi();
    const { wrapper } = await mountPage(AccessJournalPage, { me: officer });
    await wrapper.find('select[name=actor]').setValue(ANNA);
    await flushPromises();
    expect(api.calls.filter((c) => c.path === '/api/v1/access-journal').at(-1)?.query.get('actorUserId')).toBe(ANNA);

    vi.unstubAllGlobals();
    const withoutTeam = journalApi();
    const second = await mountPage(AccessJournalPage, { me: meWith(['access-journal.read']) });
    expect(second.wrapper.find('select[name=actor]').exists()).toBe(false);
    expect(withoutTeam.calls.some((c) => c.path === '/api/v1/members')).toBe(false);
  });

  it('says when the filters match nothing and resets them', async () => {
    journalApi();
    const { wrapper } = await mountPage(AccessJournalPage, { me: officer, path: '/page?resourceType=conversation' });
    expect(wrapper.find('[data-testid=empty-state]').text()).toContain('Ничего не найдено');
    await wrapper.find('[data-testid=empty-state] button').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('tbody tr')).toHaveLength(25);
  });
});
