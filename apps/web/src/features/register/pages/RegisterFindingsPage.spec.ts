import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addDays, toDateInput } from '@/shared/format/date';
import { type ApiCall, fakeApi, json, meWith, mountPage } from '@/shared/testing/fake-api';
import { finding } from '../register.testing';
import type { NotificationEntry } from '../register.types';
import RegisterFindingsPage from './RegisterFindingsPage.vue';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const officer = meWith(['register.read', 'register.manage']);
const routes = [{ path: '/register/activities/:activityId', name: 'register-activity', component: { template: '<p>editor</p>' } }];
const FIELDS = 'a'.repeat(64);

function findingsApi() {
  const notifications: NotificationEntry[] = [];
  return fakeApi({
    'GET /api/v1/register/findings': (call: ApiCall) => ({
      findings:
        call.query.get('layer') === 'platform'
          ? []
          : [
              finding({ severity: 'critical', code: 'no-retention', message: 'Не установлен срок хранения персональных данных', article: 'ст. 5 ч. 7 152-ФЗ' }),
              finding({ code: 'notification-outdated', activityId: null, activityName: null, article: 'ст. 22 ч. 7 152-ФЗ', dueDate: toDateInput(addDays(new Date(), -1)) }),
              finding({ severity: 'info', code: 'soon', dueDate: toDateInput(addDays(new Date(), 2)) }),
            ],
      lastNotification: notifications[0] ?? null,
      notifiableFieldsSha256: FIELDS,
    }),
    'GET /api/v1/register/notifications': () => notifications,
    'POST /api/v1/register/notifications': (call: ApiCall) => {
      const body = call.body as { submittedAt: string; reference?: string };
      notifications.unshift({ id: 'n1', submittedAt: `${body.submittedAt}T00:00:00.000Z`, reference: body.reference ?? null, fieldsSha256: FIELDS, recordedBy: { id: 'u1', name: 'Анна Смирнова' } });
      return json(201, notifications[0]);
    },
  });
}

describe('the register’s findings', () => {
  it('lists the findings by severity with their article, activity and due date', async () => {
    findingsApi();
    const { wrapper } = await mountPage(RegisterFindingsPage, { me: officer, routes });
    const items = wrapper.findAll('[data-testid=register-finding]');
    expect(items.map((i) => i.attributes('data-severity'))).toEqual(['critical', 'warning', 'info']);
    expect(items[0]?.find('[data-testid=register-finding-severity]').text()).toBe('Нарушение');
    expect(items[0]?.find('[data-testid=register-finding-article]').text()).toBe('ст. 5 ч. 7 152-ФЗ');
    expect(items[0]?.find('[data-testid=register-finding-activity]').attributes('href')).toBe('/register/activities/a1');
    expect(items[1]?.text()).toContain('Реестр в целом');
    expect(items[1]?.find('[data-testid=register-finding-due]').attributes('data-due')).toBe('overdue');
    expect(items[1]?.find('[data-testid=register-finding-due]').text()).toContain('срок истёк');
    expect(items[2]?.find('[data-testid=register-finding-due]').attributes('data-due')).toBe('soon');
    expect(wrapper.find('[data-testid=register-notification-state]').text()).toContain('ещё не отмечено');
  });

  it('records that the notification was sent and shows it as the last one', async () => {
    const api = findingsApi();
    const { wrapper } = await mountPage(RegisterFindingsPage, { me: officer, routes });
    await wrapper.find('[data-testid=register-notification-record]').trigger('click');
    const dialog = wrapper.find('[data-testid=register-notification-dialog]');
    expect((dialog.find('[data-testid=register-notification-date]').element as HTMLInputElement).value).toBe(toDateInput(new Date()));
    await dialog.find('[data-testid=register-notification-date]').setValue(toDateInput(addDays(new Date(), 1)));
    await dialog.find('form').trigger('submit');
    expect(dialog.find('[data-testid=register-notification-date-field] .field-error').text()).toBe('Дата направления не может быть позже сегодняшней');
    await dialog.find('[data-testid=register-notification-date]').setValue('2026-11-30');
    await dialog.find('[data-testid=register-notification-reference]').setValue('№ 77-1234');
    await dialog.find('form').trigger('submit');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({ submittedAt: '2026-11-30', reference: '№ 77-1234' });
    expect(wrapper.find('[data-testid=register-notification-recorded]').exists()).toBe(true);
    expect(wrapper.find('[data-testid=register-last-notification-date]').text()).toBe('30 ноября 2026 г.');
    expect(wrapper.find('[data-testid=register-notification-state]').text()).toContain('совпадают');
    expect(wrapper.findAll('[data-testid=register-notification-entry]')).toHaveLength(1);
  });

  it('shows the platform register’s findings without the notification, and offers a reader no recording', async () => {
    const api = findingsApi();
    const { wrapper } = await mountPage(RegisterFindingsPage, { me: meWith(['register.read']), routes, path: '/page?layer=platform' });
    expect(api.calls.find((c) => c.path === '/api/v1/register/findings')?.query.get('layer')).toBe('platform');
    expect(wrapper.find('[data-testid=register-findings]').text()).toContain('Замечаний нет');
    expect(wrapper.find('[data-testid=register-last-notification]').exists()).toBe(false);
    expect(api.calls.some((c) => c.path === '/api/v1/register/notifications')).toBe(false);

    await wrapper.find('[data-testid=register-layer-tenant]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid=register-last-notification]').exists()).toBe(true);
    expect(wrapper.find('[data-testid=register-notification-record]').exists()).toBe(false);
  });
});
