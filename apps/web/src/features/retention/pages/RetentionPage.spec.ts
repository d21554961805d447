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

const plan: RetentionPlanItem[] = [{ target: 'messaging.message-content', categories: ['correspondence', 'attachments'], period: '12 месяцев с момента сбора', cutoff: '2025-12-02T10:00:00.000Z', count: 41 }];
const held: LegalHold = { id: 'h1', scope: 'conversation', targetId: CONVERSATION, reason: 'Судебный спор', createdBy: 'Анна Смирнова', createdAt: '2026-11-20T10:00:00.000Z', releasedAt: null };

describe('retention by the register\'s periods', () => {
  it('shows what would go, runs it and links the act', async () => {
    const api = retentionApi({ plan, holds: [] });
    const { wrapper } = await mountPage(RetentionPage, { me: manager, routes: [{ path: '/destruction-acts/:actId', name: 'destruction-act', component: { template: '<p/>' } }] });
    const row = wrapper.find('[data-testid=retention-plan-item]');
    expect(row.text()).toContain('Содержание сообщений и вложения');
    expect(row.text()).toContain('12 месяцев с момента сбора');
    expect(row.find('[data-testid=retention-plan-count]').text()).toBe('41');
    await wrapper.find('[data-testid=retention-run]').trigger('click');
    await flushPromises();
    expect(api.calls.filter((c) => c.method === 'POST' && c.path === '/api/v1/retention/run')).toHaveLength(1);
    const result = wrapper.find('[data-testid=retention-run-result]');
    expect(result.text()).toContain('Уничтожено записей: 41.');
    expect(result.find('a').attributes('href')).toBe('/destruction-acts/act-3');
    expect(wrapper.find('[data-testid=retention-plan-count]').text()).toBe('0');
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
