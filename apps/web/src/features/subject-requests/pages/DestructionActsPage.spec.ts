import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureDownloads } from '@/features/legal/legal.testing';
import { fakeApi, json, meWith, mountPage } from '@/shared/testing/fake-api';
import { destructionAct } from '../subject-requests.testing';
import DestructionActPage from './DestructionActPage.vue';
import DestructionActsPage from './DestructionActsPage.vue';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const reader = meWith(['subject-requests.read']);
const routes = [
  { path: '/destruction-acts', name: 'destruction-acts', component: { template: '<p>acts</p>' } },
  { path: '/destruction-acts/:actId', name: 'destruction-act', component: { template: '<p>act</p>' } },
  { path: '/subject-requests/:requestId', name: 'subject-request', component: { template: '<p>request</p>' } },
];

describe('the acts of destruction', () => {
  it('lists the acts with their subject, categories, who destroyed the data and until when the act is kept, and opens one', async () => {
    fakeApi({
      'GET /api/v1/destruction-acts': () => [
        destructionAct('a2', { number: 'АУ-2026-0002', subjectName: null, categories: ['consents'], performedBy: null }),
        destructionAct('a1'),
      ],
    });
    const { wrapper, router } = await mountPage(DestructionActsPage, { me: reader, routes });
    const rows = wrapper.findAll('[data-testid=destruction-act]');
    expect(rows.map((row) => row.attributes('data-act-id'))).toEqual(['a2', 'a1']);
    expect(rows[1].find('[data-testid=destruction-act-number]').text()).toBe('АУ-2026-0001');
    expect(rows[1].find('[data-testid=destruction-act-subject]').text()).toBe('Иван Петров');
    expect(rows[1].find('[data-testid=destruction-act-categories]').text()).toContain('Контактные данные: номер телефона, адрес электронной почты');
    expect(rows[1].text()).toContain('Анна Смирнова');
    expect(rows[1].find('[data-testid=destruction-act-keep-until]').text()).toBe('02.12.2029');
    expect(rows[0].find('[data-testid=destruction-act-subject]').text()).toBe('не указано');
    expect(rows[0].find('[data-testid=destruction-act-categories]').text()).toBe('Сведения о согласиях и их отзыве');

    await rows[1].trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/destruction-acts/a1');
  });

  it('says when no data has been destroyed yet', async () => {
    fakeApi({ 'GET /api/v1/destruction-acts': () => [] });
    const { wrapper } = await mountPage(DestructionActsPage, { me: reader, routes });
    expect(wrapper.find('[data-testid=empty-state]').text()).toContain('Актов нет');
  });
});

describe('an act of destruction', () => {
  it('shows the fields in the order of the act’s form, the log extract, and downloads the PDF', async () => {
    const api = fakeApi({
      'GET /api/v1/destruction-acts/a1': () => destructionAct('a1'),
      'GET /api/v1/destruction-acts/a1/act.pdf': () => new Response('%PDF-1.7', { status: 200, headers: { 'content-type': 'application/pdf' } }),
    });
    const saved = captureDownloads(vi);
    const { wrapper } = await mountPage(DestructionActPage, { me: reader, routes, props: { actId: 'a1' } });
    expect(wrapper.find('[data-testid=destruction-act-page-number]').text()).toBe('Акт № АУ-2026-0001');
    const fields = wrapper.findAll('[data-testid=destruction-act-fields] dl > div');
    expect(fields.map((field) => field.attributes('data-testid'))).toEqual([
      'act-field-subject',
      'act-field-performed-by',
      'act-field-categories',
      'act-field-methods',
      'act-field-reason',
      'act-field-kept',
      'act-field-performed-at',
      'act-field-keep-until',
    ]);
    expect(wrapper.find('[data-testid=act-field-subject] dd').text()).toBe('Иван Петров');
    expect(wrapper.find('[data-testid=act-field-performed-by] dd').text()).toBe('Анна Смирнова');
    const reports = wrapper.findAll('[data-testid=act-report]');
    expect(reports.map((r) => r.findAll('td').map((td) => td.text()))).toEqual([
      ['Контакты', 'Уничтожение', '1', 'Фамилия, имя, отчество или отображаемое имя; Контактные данные: номер телефона, адрес электронной почты'],
      ['Переписка', 'Обезличивание', '42', 'Содержание переписки'],
    ]);
    expect(wrapper.find('[data-testid=act-field-kept] dd').text()).toBe('Сведения о согласии и его отзыве — ч. 3 ст. 9 152-ФЗ: оператор обязан доказать получение согласия');
    expect(wrapper.find('[data-testid=act-field-keep-until] dd').text()).toBe('02.12.2029');
    const log = wrapper.findAll('[data-testid=act-log-entry]');
    expect(log.map((entry) => entry.attributes('data-type'))).toEqual(['contacts.erased']);
    expect(log[0].text()).toContain('records: 1');

    await wrapper.find('[data-testid=destruction-act-pdf]').trigger('click');
    await flushPromises();
    expect(api.calls.some((c) => c.method === 'GET' && c.path === '/api/v1/destruction-acts/a1/act.pdf')).toBe(true);
    expect(saved.map((s) => s.name)).toEqual(['destruction-act-2026-0001.pdf']);
  });

  it('says when the act does not exist in this business', async () => {
    fakeApi({ 'GET /api/v1/destruction-acts/a9': () => json(404, { statusCode: 404, error: 'Not Found', message: 'x' }) });
    const { wrapper } = await mountPage(DestructionActPage, { me: reader, routes, props: { actId: 'a9' } });
    expect(wrapper.find('[data-testid=empty-state]').text()).toBe('Акт не найден');
  });
});
