import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureDownloads } from '@/features/legal/legal.testing';
import { endOfLocalDay } from '@/shared/format/date';
import { type ApiCall, fakeApi, json, meWith, mountPage } from '@/shared/testing/fake-api';
import { OPERATOR, TAXONOMY, activity, finding } from '../register.testing';
import type { OperatorData } from '../register.types';
import RegisterPage from './RegisterPage.vue';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const officer = meWith(['register.read', 'register.manage', 'register.export']);
const reader = meWith(['register.read']);
const stub = { template: '<p>elsewhere</p>' };
const routes = [
  { path: '/register/activities/new', name: 'register-activity-new', component: stub },
  { path: '/register/activities/:activityId', name: 'register-activity', component: stub },
  { path: '/register/findings', name: 'register-findings', component: stub },
];

function registerApi() {
  const tenantActivity = activity('a1');
  const platformActivity = activity('p1', { layer: 'platform', key: 'platform.accounts', version: 1 }, { name: 'Учётные записи пользователей сервиса' });
  return fakeApi({
    'GET /api/v1/register/taxonomy': () => TAXONOMY,
    'GET /api/v1/register/activities': (call: ApiCall) => {
      const layer = call.query.get('layer') ?? 'tenant';
      return { layer, asOf: call.query.get('asOf') ?? new Date().toISOString(), operator: layer === 'platform' ? { ...OPERATOR, name: 'ООО «Переписка»' } : OPERATOR, activities: [layer === 'platform' ? platformActivity : tenantActivity] };
    },
    'GET /api/v1/register/findings': () => ({
      findings: [finding({ severity: 'critical', code: 'no-retention' }), finding(), finding({ severity: 'info', code: 'notification-not-submitted', activityId: null, activityName: null })],
      lastNotification: null,
      notifiableFieldsSha256: 'f'.repeat(64),
    }),
    'PUT /api/v1/register/operator': (call: ApiCall) => ({ ...OPERATOR, ...(call.body as Partial<OperatorData>) }),
    'GET /api/v1/register/exports/xlsx': () => new Response('xlsx', { status: 200 }),
    'GET /api/v1/register/exports/notification-md': () => new Response('# Уведомление', { status: 200 }),
  });
}

const mount = (me = officer, path = '/page') => mountPage(RegisterPage, { me, routes, path });
const activityRequests = (calls: ApiCall[]) => calls.filter((c) => c.path === '/api/v1/register/activities');

describe('the processing register', () => {
  it('shows the operator, the activities with their categories, bases and periods, and the findings by severity', async () => {
    registerApi();
    const { wrapper } = await mount();
    expect(wrapper.find('[data-testid=register-operator-inn]').text()).toBe('7701234567');
    expect(wrapper.find('[data-testid=register-operator-responsible]').text()).toContain('Иванов Иван Иванович');
    const row = wrapper.find('[data-testid=register-activity][data-activity-id=a1]');
    expect(row.text()).toContain('Обработка сообщений клиентов в мессенджерах');
    const table = wrapper.find('[data-testid=register-activities]');
    expect(table.text()).toContain('Содержание переписки');
    expect(table.text()).toContain('п. 5');
    expect(wrapper.find('[data-testid=register-activity-retention]').text()).toBe('12 мес. с момента сбора');
    expect(['critical', 'warning', 'info'].map((s) => wrapper.find(`[data-testid=register-findings-count-${s}]`).text())).toEqual(['1', '1', '1']);
    expect(wrapper.find('[data-testid=register-add]').exists()).toBe(true);
    expect(wrapper.find('[data-testid=register-operator-edit]').exists()).toBe(true);
  });

  it('switches to the platform register, read-only, and asks for it by layer', async () => {
    const api = registerApi();
    const { wrapper, router } = await mount();
    await wrapper.find('[data-testid=register-layer-platform]').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.query.layer).toBe('platform');
    expect(activityRequests(api.calls).at(-1)?.query.get('layer')).toBe('platform');
    expect(wrapper.find('[data-testid=register-read-only-notice]').text()).toContain('только для просмотра');
    expect(wrapper.find('[data-testid=register-activity][data-activity-id=p1]').exists()).toBe(true);
    expect(wrapper.find('[data-testid=register-add]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=register-operator-edit]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=register-operator-name]').text()).toBe('ООО «Переписка»');
  });

  it('shows the register as it stood at the end of a chosen day', async () => {
    const api = registerApi();
    const { wrapper, router } = await mount();
    await wrapper.find('[data-testid=register-as-of]').setValue('2026-11-01');
    await flushPromises();
    expect(router.currentRoute.value.query.asOf).toBe('2026-11-01');
    expect(activityRequests(api.calls).at(-1)?.query.get('asOf')).toBe(endOfLocalDay('2026-11-01'));
    expect(wrapper.find('[data-testid=register-as-of-notice]').text()).toContain('1 ноября 2026');
    // A past day's operator card is not edited; the activity opens as of that day.
    expect(wrapper.find('[data-testid=register-operator-edit]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=register-activity]').attributes('href')).toBe('/register/activities/a1?asOf=2026-11-01');

    await wrapper.find('[data-testid=register-as-of-clear]').trigger('click');
    await flushPromises();
    expect(activityRequests(api.calls).at(-1)?.query.has('asOf')).toBe(false);
  });

  it('downloads each export for the layer and day shown', async () => {
    const api = registerApi();
    const saved = captureDownloads(vi);
    const { wrapper } = await mount(officer, '/page?layer=platform&asOf=2026-11-01');
    await wrapper.find('[data-testid=register-export-xlsx]').trigger('click');
    await flushPromises();
    await wrapper.find('[data-testid=register-export-notification-md]').trigger('click');
    await flushPromises();
    const exports = api.calls.filter((c) => c.path.startsWith('/api/v1/register/exports/'));
    expect(exports.map((c) => c.path)).toEqual(['/api/v1/register/exports/xlsx', '/api/v1/register/exports/notification-md']);
    expect(exports.every((c) => c.query.get('layer') === 'platform' && c.query.get('asOf') === endOfLocalDay('2026-11-01'))).toBe(true);
    expect(saved.map((s) => s.name)).toEqual(['register-platform-2026-11-01.xlsx', 'rkn-notification-2026-11-01.md']);
    for (const format of ['csv', 'pdf', 'json', 'notification-pdf']) expect(wrapper.find(`[data-testid=register-export-${format}]`).exists()).toBe(true);
  });

  it('offers a reader neither editing nor exports', async () => {
    registerApi();
    const { wrapper } = await mount(reader);
    expect(wrapper.find('[data-testid=register-activity]').exists()).toBe(true);
    expect(wrapper.find('[data-testid=register-add]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=register-operator-edit]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=register-exports]').exists()).toBe(false);
  });

  it('edits the operator’s contacts and responsible person', async () => {
    const api = registerApi();
    const { wrapper } = await mount();
    await wrapper.find('[data-testid=register-operator-edit]').trigger('click');
    const dialog = wrapper.find('[data-testid=register-operator-dialog]');
    await dialog.find('[data-testid=register-operator-email-input]').setValue('privacy@shariki.ru');
    await dialog.find('[data-testid=register-operator-responsible-name]').setValue('Петрова Мария Сергеевна');
    await dialog.find('form').trigger('submit');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'PUT')?.body).toEqual({
      email: 'privacy@shariki.ru',
      phone: OPERATOR.phone,
      responsible: { ...OPERATOR.responsible, name: 'Петрова Мария Сергеевна' },
    });
    expect(wrapper.find('[data-testid=register-operator-email]').text()).toBe('privacy@shariki.ru');
    expect(wrapper.find('[data-testid=register-operator-saved]').exists()).toBe(true);
  });

  it('shows the API’s field errors in the operator dialog', async () => {
    const api = fakeApi({
      'GET /api/v1/register/taxonomy': () => TAXONOMY,
      'GET /api/v1/register/activities': () => ({ layer: 'tenant', asOf: new Date().toISOString(), operator: OPERATOR, activities: [] }),
      'GET /api/v1/register/findings': () => ({ findings: [], lastNotification: null, notifiableFieldsSha256: '' }),
      'PUT /api/v1/register/operator': () =>
        json(400, { statusCode: 400, error: 'Bad Request', message: 'Validation failed', details: [{ field: 'responsible.email', messages: ['Некорректный адрес'] }] }),
    });
    const { wrapper } = await mount();
    expect(wrapper.find('[data-testid=register-findings-clean]').exists()).toBe(true);
    await wrapper.find('[data-testid=register-operator-edit]').trigger('click');
    await wrapper.find('[data-testid=register-operator-dialog] form').trigger('submit');
    await flushPromises();
    expect(api.calls.some((c) => c.method === 'PUT')).toBe(true);
    expect(wrapper.find('[data-testid=register-operator-dialog]').text()).toContain('Некорректный адрес');
    expect(wrapper.find('[data-testid=register-operator-error]').text()).toBe('Исправьте отмеченные поля');
  });
});
