import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiCall, fakeApi, meWith, mountPage } from '@/shared/testing/fake-api';
import type { AuditEvent } from '../audit.types';
import AuditPage from './AuditPage.vue';

enableAutoUnmount(afterEach);
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  Reflect.deleteProperty(URL, 'createObjectURL');
  Reflect.deleteProperty(URL, 'revokeObjectURL');
});

const ANNA = '0b0c5b5e-0000-4000-8000-000000000001';

function event(id: number, action: string, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: String(id),
    createdAt: new Date(Date.UTC(2026, 10, 20, 9, 0) + id * 60_000).toISOString(),
    // An action this build does not know yet still shows, under its raw name.
    action: action as AuditEvent['action'],
    actorUserId: ANNA,
    actorName: 'Анна Смирнова',
    actorTokenId: null,
    targetType: 'tenant',
    targetId: '71a68f7a-0000-4000-8000-000000000000',
    ip: '127.0.0.1',
    userAgent: 'Chrome',
    details: {},
    ...overrides,
  };
}

/** 60 events, newest first, paged by `before` like the API; filters by action. */
function auditApi() {
  const all = Array.from({ length: 60 }, (_, i) => event(60 - i, i % 2 ? 'auth.login-succeeded' : 'tenant.updated', i % 2 ? {} : { details: { changed: { legalAddress: { from: 'a', to: 'b' } } } }));
  all.push(event(0, 'billing.invoice-paid', { actorUserId: null, actorName: null, actorTokenId: 'tok', targetType: null, targetId: null }));
  return fakeApi({
    'GET /api/v1/audit-events': (call: ApiCall) => {
      const action = call.query.get('action');
      const before = call.query.get('before');
      const limit = Number(call.query.get('limit'));
      return all.filter((e) => (!action || e.action === action) && (!before || Number(e.id) < Number(before))).slice(0, limit);
    },
    'GET /api/v1/audit-events/export.csv': () => new Response('\uFEFFid,created_at,action\r\n1,x,tenant.updated\r\n', { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8' } }),
    'GET /api/v1/members': () => [{ id: 'm', userId: ANNA, fullName: 'Анна Смирнова', email: 'a@b.ru', role: 'owner', status: 'active', createdAt: new Date().toISOString() }],
  });
}

const auditor = meWith(['audit.read', 'members.read']);
const actionsShown = (wrapper: Awaited<ReturnType<typeof mountPage>>['wrapper']) => wrapper.findAll('[data-testid=audit-action]').map((cell) => cell.text());

describe('audit log', () => {
  it('names events in Russian and pages through them by cursor', async () => {
    const api = auditApi();
    const { wrapper } = await mountPage(AuditPage, { me: auditor });
    expect(actionsShown(wrapper).slice(0, 2)).toEqual(['Изменены настройки компании', 'Вход в кабинет']);
    expect(wrapper.findAll('tbody tr')).toHaveLength(25);
    expect(wrapper.find('tbody tr').text()).toContain('Изменено: юридический адрес');
    expect(api.calls.find((c) => c.path === '/api/v1/audit-events')?.query.get('limit')).toBe('26');

    await wrapper.find('[data-testid=pager-older]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid=pager]').text()).toContain('Страница 2');
    expect(api.calls.filter((c) => c.path === '/api/v1/audit-events').at(-1)?.query.get('before')).toBe('36');
    await wrapper.find('[data-testid=pager-older]').trigger('click');
    await flushPromises();
    // The last page: 10 events plus one the SPA has no label for, shown as it is.
    expect(wrapper.findAll('tbody tr')).toHaveLength(11);
    expect(actionsShown(wrapper).at(-1)).toBe('billing.invoice-paid');
    expect(wrapper.findAll('tbody tr').at(-1)!.text()).toContain('API-токен');
    expect(wrapper.find('[data-testid=pager-older]').attributes('disabled')).toBeDefined();

    await wrapper.find('[data-testid=pager-newer]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid=pager]').text()).toContain('Страница 2');
  });

  it('filters by action, keeps the filter in the address and exports the same selection', async () => {
    const api = auditApi();
    // jsdom has no object URLs: the test provides them, and sees what was saved.
    const createObjectURL = vi.fn((_file: Blob) => 'blob:audit');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const { wrapper, router } = await mountPage(AuditPage, { me: auditor });

    await wrapper.find('select[name=action]').setValue('tenant.updated');
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ action: 'tenant.updated' });
    expect(new Set(actionsShown(wrapper))).toEqual(new Set(['Изменены настройки компании']));
    expect(wrapper.find('[data-testid=filters-reset]').text()).toBe('Сбросить (1)');

    await wrapper.find('input[name=from]').setValue('2026-11-20');
    await wrapper.find('input[name=from]').trigger('change');
    await flushPromises();
    const listed = api.calls.filter((c) => c.path === '/api/v1/audit-events').at(-1)!;
    expect(listed.query.get('action')).toBe('tenant.updated');
    expect(new Date(listed.query.get('from')!).getTime()).toBe(new Date(2026, 10, 20).getTime());

    await wrapper.find('[data-testid=download-csv]').trigger('click');
    await flushPromises();
    const exported = api.calls.find((c) => c.path === '/api/v1/audit-events/export.csv')!;
    expect(exported.query.get('action')).toBe('tenant.updated');
    expect(exported.query.get('from')).toBe(listed.query.get('from'));
    expect(exported.query.has('before')).toBe(false);
    expect(await createObjectURL.mock.calls[0]?.[0].text()).toContain('tenant.updated');
    expect(click).toHaveBeenCalledOnce();
    expect(document.querySelector('a[download]')).toBeNull();
  });

  it('says when the filters match nothing and resets them', async () => {
    auditApi();
    const { wrapper } = await mountPage(AuditPage, { me: auditor, path: '/page?action=member.reactivated' });
    expect((wrapper.find('select[name=action]').element as HTMLSelectElement).value).toBe('member.reactivated');
    expect(wrapper.find('[data-testid=empty-state]').text()).toContain('Ничего не найдено');
    await wrapper.find('[data-testid=empty-state] button').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('tbody tr')).toHaveLength(25);
  });

  it('filters by employee when the user may see the team', async () => {
    const api = auditApi();
    const { wrapper } = await mountPage(AuditPage, { me: auditor });
    const options = wrapper.findAll('select[name=actor] option').map((o) => o.text());
    expect(options).toEqual(['Все сотрудники', 'Анна Смирнова']);
    await wrapper.find('select[name=actor]').setValue(ANNA);
    await flushPromises();
    expect(api.calls.filter((c) => c.path === '/api/v1/audit-events').at(-1)?.query.get('actorUserId')).toBe(ANNA);

    vi.unstubAllGlobals();
    const withoutTeam = auditApi();
    const second = await mountPage(AuditPage, { me: meWith(['audit.read']) });
    expect(second.wrapper.find('select[name=actor]').exists()).toBe(false);
    expect(withoutTeam.calls.some((c) => c.path === '/api/v1/members')).toBe(false);
  });
});
