import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiCall, fakeApi, json, meWith, mountPage } from '@/shared/testing/fake-api';
import { subjectRequest } from '../subject-requests.testing';
import type { SubjectRequest } from '../subject-requests.types';
import SubjectRequestsPage from './SubjectRequestsPage.vue';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const officer = meWith(['subject-requests.read', 'subject-requests.manage']);
const reader = meWith(['subject-requests.read']);
const routes = [{ path: '/subject-requests/:requestId', name: 'subject-request', component: { template: '<p>request</p>' } }];
const deadline = subjectRequest('x').deadline;

const onTime = subjectRequest('r-on-time', { number: 'ЗПД-2026-0003', deadline: { ...deadline, due: '2026-12-15' }, clock: { state: 'on-time', workingDaysLeft: 9 } });
const overdue = subjectRequest('r-overdue', {
  number: 'ЗПД-2026-0001',
  kind: 'deletion',
  subject: { fullName: 'Мария Соколова', phone: null, email: 'maria@example.ru', contactId: null },
  deadline: { ...deadline, due: '2026-11-27', article: 'ст. 21 ч. 3 152-ФЗ', period: { amount: 3, unit: 'working-days' }, extendable: false },
  clock: { state: 'overdue', workingDaysLeft: 0 },
});
const dueSoon = subjectRequest('r-due-soon', { number: 'ЗПД-2026-0002', kind: 'rectification', deadline: { ...deadline, due: '2026-12-04' }, clock: { state: 'due-soon', workingDaysLeft: 2 } });
const closed = subjectRequest('r-closed', { number: 'ЗПД-2026-0000', status: 'fulfilled', clock: null, closedAt: '2026-11-20T10:00:00.000Z', outcome: 'Сведения направлены' });

function queueApi(post: (call: ApiCall) => Response | SubjectRequest = () => json(201, subjectRequest('r-new', { number: 'ЗПД-2026-0008' }))) {
  return fakeApi({
    'GET /api/v1/subject-requests': (call) => (call.query.get('status') === 'closed' ? [closed] : call.query.get('status') === 'all' ? [closed, overdue, dueSoon, onTime] : [onTime, overdue, dueSoon]),
    'POST /api/v1/subject-requests': post,
  });
}

const rows = (wrapper: Awaited<ReturnType<typeof mountPage>>['wrapper']) => wrapper.findAll('[data-testid=subject-request]');

describe('the queue of subject requests', () => {
  it('puts the nearest deadline first and marks each request’s clock', async () => {
    queueApi();
    const { wrapper } = await mountPage(SubjectRequestsPage, { me: officer, routes });
    const shown = rows(wrapper);
    expect(shown.map((row) => row.attributes('data-request-id'))).toEqual(['r-overdue', 'r-due-soon', 'r-on-time']);
    expect(shown.map((row) => row.attributes('data-state'))).toEqual(['overdue', 'due-soon', 'on-time']);
    expect(shown[0].classes()).toContain('state-overdue');
    expect(shown[0].find('[data-testid=subject-request-number]').text()).toBe('ЗПД-2026-0001');
    expect(shown[0].find('[data-testid=subject-request-number]').attributes('href')).toBe('/subject-requests/r-overdue');
    expect(shown[0].find('[data-testid=subject-request-kind]').text()).toBe('Уничтожение');
    expect(shown[0].find('[data-testid=subject-request-contact]').text()).toBe('maria@example.ru');
    expect(shown[0].find('[data-testid=subject-request-due]').text()).toBe('27.11.2026');
    expect(shown[0].find('[data-testid=subject-request-article]').text()).toBe('ст. 21 ч. 3 152-ФЗ');
    expect(shown[0].find('[data-testid=subject-request-clock]').text()).toContain('Просрочен');
    expect(shown[1].find('[data-testid=subject-request-clock]').text()).toContain('Срок подходит');
    expect(shown[1].find('[data-testid=subject-request-days-left]').text()).toBe('осталось 2 раб. дн.');
    expect(shown[2].find('[data-testid=subject-request-days-left]').text()).toBe('осталось 9 раб. дн.');
  });

  it('shows closed or all requests and one kind, keeping the choice in the address', async () => {
    const api = queueApi();
    const { wrapper, router } = await mountPage(SubjectRequestsPage, { me: officer, routes });
    await wrapper.find('[data-testid=subject-requests-status-closed]').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ status: 'closed' });
    expect(api.calls.filter((c) => c.method === 'GET').map((c) => c.query.get('status'))).toEqual(['open', 'closed']);
    expect(rows(wrapper).map((row) => row.attributes('data-state'))).toEqual(['closed']);
    expect(rows(wrapper)[0].find('[data-testid=subject-request-clock]').text()).toBe('Исполнен');

    await wrapper.find('[data-testid=subject-requests-status-all]').trigger('click');
    await flushPromises();
    await wrapper.find('[data-testid=subject-requests-kind]').setValue('rectification');
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ status: 'all', kind: 'rectification' });
    expect(rows(wrapper).map((row) => row.attributes('data-request-id'))).toEqual(['r-due-soon']);
  });

  it('records a new request, showing the API’s field errors first', async () => {
    let attempts = 0;
    const api = queueApi(() => {
      attempts += 1;
      return attempts === 1
        ? json(400, { statusCode: 400, error: 'Bad Request', message: 'Validation failed', details: [{ field: 'subject.phone', messages: ['Телефон указан неверно'] }] })
        : json(201, subjectRequest('r-new', { number: 'ЗПД-2026-0008', deadline: { ...deadline, due: '2026-12-16' } }));
    });
    const { wrapper } = await mountPage(SubjectRequestsPage, { me: officer, routes });
    await wrapper.find('[data-testid=subject-requests-new]').trigger('click');
    const dialog = () => wrapper.find('[data-testid=subject-request-create-dialog]');
    await dialog().find('form').trigger('submit');
    expect(dialog().text()).toContain('Укажите телефон или электронную почту');
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);

    await dialog().find('[data-testid=subject-request-create-kind]').setValue('rectification');
    await dialog().find('input[name=fullName]').setValue(' Иван Петров ');
    await dialog().find('input[name=phone]').setValue('12');
    await dialog().find('textarea[name=details]').setValue('Прошу исправить фамилию');
    await dialog().find('form').trigger('submit');
    await flushPromises();
    expect(dialog().text()).toContain('Телефон указан неверно');
    expect(wrapper.find('[data-testid=subject-request-create-error]').text()).toBe('Исправьте отмеченные поля');

    await dialog().find('input[name=phone]').setValue('+79001234567');
    await dialog().find('form').trigger('submit');
    await flushPromises();
    expect(api.calls.filter((c) => c.method === 'POST').at(-1)?.body).toEqual({ kind: 'rectification', subject: { fullName: 'Иван Петров', phone: '+79001234567' }, details: 'Прошу исправить фамилию' });
    expect(dialog().exists()).toBe(false);
    expect(wrapper.find('[data-testid=subject-request-created]').text()).toBe('Запрос ЗПД-2026-0008 зарегистрирован. Срок ответа — 16.12.2026.');
  });

  it('sends an earlier day of receipt as that day in Moscow', async () => {
    const api = queueApi();
    const { wrapper } = await mountPage(SubjectRequestsPage, { me: officer, routes });
    await wrapper.find('[data-testid=subject-requests-new]').trigger('click');
    const dialog = wrapper.find('[data-testid=subject-request-create-dialog]');
    await dialog.find('input[name=fullName]').setValue('Иван Петров');
    await dialog.find('input[name=email]').setValue('ivan@example.ru');
    await dialog.find('textarea[name=details]').setValue('Какие данные обо мне хранятся?');
    await dialog.find('input[name=receivedAt]').setValue('2026-11-30');
    await dialog.find('form').trigger('submit');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'POST')?.body).toMatchObject({ kind: 'access', subject: { fullName: 'Иван Петров', email: 'ivan@example.ru' }, receivedAt: '2026-11-30T09:00:00.000Z' });
  });

  it('gives the link to the public form, and a reader no way to record requests', async () => {
    queueApi();
    const { wrapper } = await mountPage(SubjectRequestsPage, { me: reader, routes });
    expect(wrapper.find('[data-testid=subject-requests-public-url]').text()).toBe(`${window.location.origin}/requests/${reader.tenant.id}`);
    expect(wrapper.find('[data-testid=subject-requests-public-link] [data-testid=copy-button]').exists()).toBe(true);
    expect(wrapper.find('[data-testid=subject-requests-new]').exists()).toBe(false);
  });

  it('says when nothing is open', async () => {
    fakeApi({ 'GET /api/v1/subject-requests': () => [] });
    const { wrapper } = await mountPage(SubjectRequestsPage, { me: officer, routes });
    expect(wrapper.find('[data-testid=empty-state]').text()).toContain('на все полученные запросы дан ответ');
  });
});
