import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiCall, fakeApi, json, meWith, mountPage } from '@/shared/testing/fake-api';
import type { LegalHold, RetentionPlanItem } from '../retention.types';
import RetentionPage from './RetentionPage.vue';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const CONVERSATION = 'c0ffee00-0000-4000-8000-0000000000c1';
const manager = meWith(['register.read', 'retention.manage']);
const reader = meWith(['register.read']);

function retentionApi(state: { plan: RetentionPlanItem[]; holds: LegalHold[] }) {
  return fakeApi({
    'GET /api/v1/retention/plan': () => state.plan,
    'GET /api/v1/legal-holds': () => state.holds,
    'POST /api/v1/retention/run': () => {
      const records = state.plan.reduce((n, item) => n + item.count, 0);
      state.plan = state.plan.map((item) => ({ ...item, count: 0 }));
      return json(201, records ? { records, act: 'АУ-2026-0003', actId: 'act-3' } : { records: 0, act: null, actId: null });
    },
    'POST /api/v1/legal-holds': (call: ApiCall) => {
      const body = call.body as { scope: LegalHold['scope']; targetId?: string; reason: string };
      const hold: LegalHold = { id: 'h2', scope: body.scope, targetId: body.targetId ?? null, reason: body.reason, createdBy: 'Анна Смирнова', createdAt: '2026-12-02T10:00:00.000Z', releasedAt: null };
      state.holds = [hold, ...state.holds];
      return json(201, hold);
    },
    'POST /api/v1/legal-holds/h1/release': () => {
      state.holds = state.holds.map((h) => (h.id === 'h1' ? { ...h, releasedAt: '2026-12-02T11:00:00.000Z' } : h));
      return json(201, state.holds.find((h) => h.id === 'h1'));
    },
  });
}

const MESSENGER = 'Обработка сообщений клиентов в мессенджерах';
const item = (target: string, fields: Partial<RetentionPlanItem>): RetentionPlanItem => ({
  target,
  description: target,
  register: 'tenant',
  trigger: 'collection',
  categories: [],
  method: 'destroy',
  rules: [],
  rule: null,
  period: null,
  cutoff: null,
  count: 0,
  ...fields,
});
const plan: RetentionPlanItem[] = [
  item('messaging.message-content', {
    categories: ['correspondence', 'attachments'],
    rules: [
      { activity: 'Претензионная работа', categories: ['correspondence'], period: '6 месяцев с момента сбора', amount: 6, unit: 'months', applied: true },
      { activity: MESSENGER, categories: ['correspondence', 'attachments'], period: '12 месяцев с момента сбора', amount: 12, unit: 'months', applied: false },
    ],
    rule: { categories: ['correspondence'], period: { amount: 6, unit: 'months' }, trigger: 'collection' },
    period: '6 месяцев с момента сбора',
    cutoff: '2026-06-02T10:00:00.000Z',
    count: 41,
  }),
  item('messaging.message-metadata', {
    categories: ['message-metadata'],
    rules: [{ activity: MESSENGER, categories: ['message-metadata'], period: '3 года с момента сбора', amount: 3, unit: 'years', applied: true }],
    rule: { categories: ['message-metadata'], period: { amount: 3, unit: 'years' }, trigger: 'collection' },
    period: '3 года с момента сбора',
    cutoff: '2023-12-02T10:00:00.000Z',
  }),
  item('identity.registration-data', {
    register: 'platform',
    trigger: 'account-deletion',
    rules: [{ activity: 'Учётные записи пользователей и сотрудников', categories: ['full-name'], period: '7 дней с момента удаления учётной записи', amount: 7, unit: 'days', applied: true }],
    rule: { categories: ['full-name'], period: { amount: 7, unit: 'days' }, trigger: 'account-deletion' },
    period: '7 дней с момента удаления учётной записи',
    cutoff: '2026-11-25T10:00:00.000Z',
  }),
  item('billing.invoices', { register: 'platform', trigger: 'purpose-achieved' }),
];
const rowOf = (wrapper: Awaited<ReturnType<typeof mountPage>>['wrapper'], target: string) => wrapper.find(`[data-testid=retention-plan-item][data-target="${target}"]`);
const held: LegalHold = { id: 'h1', scope: 'conversation', targetId: CONVERSATION, reason: 'Судебный спор', createdBy: 'Анна Смирнова', createdAt: '2026-11-20T10:00:00.000Z', releasedAt: null };

describe('retention by the register\'s periods', () => {
  it('lists every target with its register, what its period counts from and the rules, the applied one marked', async () => {
    retentionApi({ plan, holds: [] });
    const { wrapper } = await mountPage(RetentionPage, { me: manager });
    expect(wrapper.findAll('[data-testid=retention-plan-item]').map((r) => r.attributes('data-target'))).toEqual(plan.map((p) => p.target));
    const content = rowOf(wrapper, 'messaging.message-content');
    expect(content.text()).toContain('Содержание сообщений и вложения');
    expect(content.find('[data-testid=retention-plan-register]').text()).toBe('Реестр организации');
    expect(content.find('[data-testid=retention-plan-trigger]').text()).toBe('срок с момента сбора');
    expect(content.find('[data-testid=retention-plan-period]').text()).toBe('6 месяцев с момента сбора');
    expect(content.findAll('[data-testid=retention-plan-rule]').map((r) => [r.text(), r.attributes('data-applied')])).toEqual([
      ['Претензионная работа: 6 месяцев с момента сбора — самый короткий, применяется', 'true'],
      [`${MESSENGER}: 12 месяцев с момента сбора`, 'false'],
    ]);
    expect(rowOf(wrapper, 'messaging.message-metadata').find('[data-testid=retention-plan-period]').text()).toBe('3 года с момента сбора');
    const registration = rowOf(wrapper, 'identity.registration-data');
    expect(registration.text()).toContain('Регистрационные данные удалённых учётных записей');
    expect(registration.find('[data-testid=retention-plan-register]').text()).toBe('Реестр платформы');
    expect(registration.find('[data-testid=retention-plan-trigger]').text()).toBe('срок с момента удаления учётной записи');
    expect(registration.find('[data-testid=retention-plan-period]').text()).toBe('7 дней с момента удаления учётной записи');
    expect(registration.text()).toContain('Уничтожает платформа по своему реестру');
    // A target this build has no words for shows its name; one without a rule says nothing goes.
    const unruled = rowOf(wrapper, 'billing.invoices');
    expect(unruled.text()).toContain('billing.invoices');
    expect(unruled.find('[data-testid=retention-plan-period]').text()).toBe('Реестр не устанавливает срок: данные не уничтожаются');
  });

  it('says it in English too', async () => {
    retentionApi({ plan, holds: [] });
    const { wrapper } = await mountPage(RetentionPage, { me: manager, locale: 'en' });
    const content = rowOf(wrapper, 'messaging.message-content');
    expect(content.find('[data-testid=retention-plan-register]').text()).toBe('Business\'s register');
    expect(content.find('[data-testid=retention-plan-period]').text()).toBe('6 months from collection');
    const registration = rowOf(wrapper, 'identity.registration-data');
    expect(registration.text()).toContain('Registration data of deleted accounts');
    expect(registration.find('[data-testid=retention-plan-register]').text()).toBe('Platform\'s register');
    expect(registration.find('[data-testid=retention-plan-period]').text()).toBe('7 days from the account\'s deletion');
    expect(rowOf(wrapper, 'messaging.message-metadata').find('[data-testid=retention-plan-period]').text()).toBe('3 years from collection');
  });

  it('shows what would go, runs it and links the act', async () => {
    const api = retentionApi({ plan, holds: [] });
    const { wrapper } = await mountPage(RetentionPage, { me: manager, routes: [{ path: '/destruction-acts/:actId', name: 'destruction-act', component: { template: '<p/>' } }] });
    const row = rowOf(wrapper, 'messaging.message-content');
    expect(row.find('[data-testid=retention-plan-count]').text()).toBe('41');
    await wrapper.find('[data-testid=retention-run]').trigger('click');
    await flushPromises();
    expect(api.calls.filter((c) => c.method === 'POST' && c.path === '/api/v1/retention/run')).toHaveLength(1);
    const result = wrapper.find('[data-testid=retention-run-result]');
    expect(result.text()).toContain('Уничтожено записей: 41.');
    expect(result.find('a').attributes('href')).toBe('/destruction-acts/act-3');
    expect(rowOf(wrapper, 'messaging.message-content').find('[data-testid=retention-plan-count]').text()).toBe('0');
    await wrapper.find('[data-testid=retention-run]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid=retention-run-result]').text()).toContain('Уничтожать нечего');
  });

  it('places a hold with its grounds, asks for the target first, and releases one', async () => {
    const api = retentionApi({ plan, holds: [held] });
    const { wrapper } = await mountPage(RetentionPage, { me: manager });
    expect(wrapper.findAll('[data-testid=legal-hold]').map((h) => h.attributes('data-active'))).toEqual(['true']);
    await wrapper.find('[data-testid=legal-hold-reason]').setValue('Проверка Роскомнадзора');
    await wrapper.find('[data-testid=legal-hold-form]').trigger('submit');
    expect(wrapper.text()).toContain('Укажите идентификатор клиента или диалога');
    expect(api.calls.some((c) => c.method === 'POST' && c.path === '/api/v1/legal-holds')).toBe(false);
    await wrapper.find('[data-testid=legal-hold-scope]').setValue('tenant');
    await wrapper.find('[data-testid=legal-hold-form]').trigger('submit');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'POST' && c.path === '/api/v1/legal-holds')?.body).toEqual({ scope: 'tenant', reason: 'Проверка Роскомнадзора' });
    expect(wrapper.findAll('[data-testid=legal-hold]')).toHaveLength(2);
    await wrapper.findAll('[data-testid=legal-hold-release]')[1].trigger('click');
    await flushPromises();
    expect(wrapper.findAll('[data-testid=legal-hold]').map((h) => h.attributes('data-active'))).toEqual(['true', 'false']);
  });

  it('shows the plan and the holds to a reader, without running or holding', async () => {
    retentionApi({ plan, holds: [held] });
    const { wrapper } = await mountPage(RetentionPage, { me: reader });
    expect(wrapper.find('[data-testid=retention-plan]').exists()).toBe(true);
    expect(wrapper.find('[data-testid=retention-run]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=legal-hold-form]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=legal-hold-release]').exists()).toBe(false);
  });
});
