import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiCall, fakeApi, meWith, mountPage } from '@/shared/testing/fake-api';
import { activity } from '../register.testing';
import ActivityHistoryPage from './ActivityHistoryPage.vue';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const routes = [{ path: '/register/activities/:activityId', name: 'register-activity', component: { template: '<p>editor</p>' } }];
const versions = [
  activity('a1', { version: 3, archived: true, recordedAt: '2026-11-25T09:00:00.000Z' }),
  activity('a1', { version: 2, recordedAt: '2026-11-20T09:00:00.000Z', recordedBy: { id: 'u2', name: 'Пётр Сидоров' } }),
  activity('a1', { version: 1, recordedAt: '2026-11-01T09:00:00.000Z', recordedBy: null }),
];

function historyApi() {
  return fakeApi({
    'GET /api/v1/register/activities/a1/versions': () => versions,
    'GET /api/v1/register/activities/a1/diff': (call: ApiCall) => {
      const [from, to] = [Number(call.query.get('from')), Number(call.query.get('to'))];
      return {
        from: versions.find((v) => v.version === from),
        to: versions.find((v) => v.version === to),
        changes:
          from === 1
            ? [
                { field: 'purpose', label: 'Цель обработки', before: 'Переписка с клиентами', after: 'Ведение переписки с клиентами в мессенджерах' },
                { field: 'retention', label: 'Сроки хранения', before: '6 мес. с момента сбора', after: '12 мес. с момента сбора' },
              ]
            : [],
      };
    },
  });
}

describe('an activity’s history', () => {
  it('lists every version newest first and shows what changed between the two picked', async () => {
    const api = historyApi();
    const { wrapper } = await mountPage(ActivityHistoryPage, { me: meWith(['register.read']), routes, props: { activityId: 'a1' } });
    expect(wrapper.findAll('[data-testid=register-history-version]').map((v) => v.attributes('data-version'))).toEqual(['3', '2', '1']);
    expect(wrapper.find('[data-testid=register-history]').text()).toContain('В архиве');
    expect(wrapper.find('[data-testid=register-history]').text()).toContain('Пётр Сидоров');
    // By default the newest against the one before it.
    const diffCall = () => api.calls.filter((c) => c.path.endsWith('/diff')).at(-1);
    expect([diffCall()?.query.get('from'), diffCall()?.query.get('to')]).toEqual(['2', '3']);
    expect(wrapper.find('[data-testid=register-diff-none]').exists()).toBe(true);

    await wrapper.find('[data-testid=register-history-from-1]').setValue(true);
    await flushPromises();
    expect([diffCall()?.query.get('from'), diffCall()?.query.get('to')]).toEqual(['1', '3']);
    const changes = wrapper.findAll('[data-testid=register-diff-change]');
    expect(changes.map((c) => c.attributes('data-field'))).toEqual(['purpose', 'retention']);
    expect(changes[1]?.text()).toContain('Сроки хранения');
    expect(changes[1]?.find('[data-testid=register-diff-before]').text()).toBe('6 мес. с момента сбора');
    expect(changes[1]?.find('[data-testid=register-diff-after]').text()).toBe('12 мес. с момента сбора');

    // Picked the other way round, the older one is still sent as `from`.
    await wrapper.find('[data-testid=register-history-to-1]').setValue(true);
    await wrapper.find('[data-testid=register-history-from-2]').setValue(true);
    await flushPromises();
    expect([diffCall()?.query.get('from'), diffCall()?.query.get('to')]).toEqual(['1', '2']);
  });
});
