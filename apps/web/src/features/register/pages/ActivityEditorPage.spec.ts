import { type DOMWrapper, enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiCall, fakeApi, json, meWith, mountPage, validationError } from '@/shared/testing/fake-api';
import { OPERATOR, TAXONOMY, activity } from '../register.testing';
import type { Activity, ActivityData } from '../register.types';
import ActivityEditorPage from './ActivityEditorPage.vue';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const officer = meWith(['register.read', 'register.manage', 'register.export']);
const reader = meWith(['register.read']);
const stub = { template: '<p>elsewhere</p>' };
const routes = [
  { path: '/register', name: 'register', component: stub },
  { path: '/register/activities/:activityId', name: 'register-activity', component: stub },
  { path: '/register/activities/:activityId/history', name: 'register-activity-history', component: stub },
];

function editorApi({ stored = activity('a1'), save }: { stored?: Activity; save?: (call: ApiCall) => Response | object } = {}) {
  let current = stored;
  const api = fakeApi({
    'GET /api/v1/register/taxonomy': () => TAXONOMY,
    'GET /api/v1/register/operator': () => OPERATOR,
    'GET /api/v1/register/activities/a1': () => current,
    'POST /api/v1/register/activities': (call: ApiCall) => save?.(call) ?? json(201, activity('a2', { version: 1 }, (call.body as { data: ActivityData }).data)),
    'PUT /api/v1/register/activities/a1': (call: ApiCall) => save?.(call) ?? activity('a1', { version: current.version + 1 }, (call.body as { data: ActivityData }).data),
    'DELETE /api/v1/register/activities/a1': () => activity('a1', { version: current.version + 1, archived: true }),
  });
  return { ...api, replace: (next: Activity) => (current = next) };
}

const mountNew = (me = officer) => mountPage(ActivityEditorPage, { me, routes });
const mountExisting = (me = officer, path = '/page') => mountPage(ActivityEditorPage, { me, routes, path, props: { activityId: 'a1' } });
const errorOf = (field: DOMWrapper<Element>) => field.element.closest('.field, .field-group')?.querySelector('.field-error')?.textContent ?? null;
const posted = (calls: ApiCall[], method: string) => calls.find((c) => c.method === method)?.body as { expectedVersion?: number; data: ActivityData } | undefined;

describe('the processing activity editor', () => {
  it('checks a new activity before sending it, then adds it to the register', async () => {
    const api = editorApi();
    const { wrapper, router } = await mountNew();
    const form = wrapper.find('[data-testid=register-activity-form]');
    await form.trigger('submit');
    expect(wrapper.find('[data-testid=register-save-error]').text()).toBe('Исправьте отмеченные поля');
    expect(errorOf(wrapper.find('[data-testid=activity-name]'))).toBe('Заполните поле');
    expect(errorOf(wrapper.find('[data-testid=activity-purpose]'))).toBe('Заполните поле');
    expect(errorOf(wrapper.find('[data-testid=category-full-name]'))).toBe('Выберите хотя бы одно значение');
    expect(errorOf(wrapper.find('[data-testid=legal-basis-clause-0]'))).toBe('Заполните поле');
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);

    await wrapper.find('[data-testid=activity-name]').setValue('Запись клиентов на приём');
    expect(errorOf(wrapper.find('[data-testid=activity-name]'))).toBeNull();
    await wrapper.find('[data-testid=activity-purpose]').setValue('Запись клиентов на приём и напоминания о визите');
    await wrapper.find('[data-testid=category-full-name]').setValue(true);
    await wrapper.find('[data-testid=category-contact-details]').setValue(true);
    await wrapper.find('[data-testid=subject-clients]').setValue(true);
    await wrapper.find('[data-testid=action-all]').trigger('click');
    await wrapper.find('[data-testid=legal-basis-clause-0]').setValue('5');
    await wrapper.find('[data-testid=legal-basis-document-0]').setValue('Договор оказания услуг');
    await wrapper.find('[data-testid=retention-add]').trigger('click');
    await wrapper.find('[data-testid=retention-amount-0]').setValue('3');
    await wrapper.find('[data-testid=retention-unit-0]').setValue('years');
    await wrapper.find('[data-testid=retention-trigger-0]').setValue('collection');
    await wrapper.find('[data-testid=database-address]').setValue('г. Москва, ЦОД');
    await wrapper.find('[data-testid=activity-start-date]').setValue('2026-01-15');
    await form.trigger('submit');
    await flushPromises();

    const body = posted(api.calls, 'POST');
    expect(body?.expectedVersion).toBeUndefined();
    expect(body?.data).toMatchObject({
      name: 'Запись клиентов на приём',
      categories: ['full-name', 'contact-details'],
      subjectCategories: ['clients'],
      // In the order of 152-FZ art. 3 item 3.
      actions: ['collection', 'recording', 'storage', 'use', 'destruction'],
      legalBases: [{ clause: '5', document: 'Договор оказания услуг' }],
      retention: [{ categories: ['full-name', 'contact-details'], period: { amount: 3, unit: 'years' }, trigger: 'collection' }],
      databaseLocation: { country: 'RU', address: 'г. Москва, ЦОД' },
      startDate: '2026-01-15',
      responsible: null,
    });
    expect(router.currentRoute.value.params.activityId).toBe('a2');
    expect(wrapper.find('[data-testid=register-saved]').text()).toBe('Сохранено: версия 1.');
  });

  it('offers a retention rule only the activity’s own categories, and drops one unticked', async () => {
    editorApi();
    const { wrapper } = await mountExisting();
    const offered = () => wrapper.findAll('[data-testid^=retention-0-category-]').map((c) => c.attributes('data-testid'));
    expect(offered()).toEqual(['retention-0-category-full-name', 'retention-0-category-correspondence']);
    await wrapper.find('[data-testid=category-correspondence]').setValue(false);
    expect(offered()).toEqual(['retention-0-category-full-name']);
    await wrapper.find('[data-testid=category-contact-details]').setValue(true);
    expect(offered()).toEqual(['retention-0-category-full-name', 'retention-0-category-contact-details']);
    expect(wrapper.find('[data-testid=retention-uncovered]').text()).toContain('Контактные данные');
  });

  it('asks for a basis of art. 10 part 2 once a special category is chosen', async () => {
    const api = editorApi();
    const { wrapper } = await mountExisting();
    expect(wrapper.find('[data-testid=special-bases]').exists()).toBe(false);
    await wrapper.find('[data-testid=category-health]').setValue(true);
    const special = wrapper.find('[data-testid=special-bases]');
    expect(special.findAll('input').map((i) => i.attributes('data-testid'))).toEqual(['special-basis-art10-p2-1']);
    await wrapper.find('[data-testid=retention-0-category-health]').setValue(true);
    await wrapper.find('[data-testid=register-activity-form]').trigger('submit');
    expect(wrapper.find('[data-testid=special-bases] .field-error').text()).toBe('Для специальных категорий укажите основание из ч. 2 ст. 10 152-ФЗ');
    expect(api.calls.some((c) => c.method === 'PUT')).toBe(false);

    await wrapper.find('[data-testid=special-basis-art10-p2-1]').setValue(true);
    expect(wrapper.find('[data-testid=special-bases] .field-error').exists()).toBe(false);
    await wrapper.find('[data-testid=register-activity-form]').trigger('submit');
    await flushPromises();
    expect(posted(api.calls, 'PUT')?.data).toMatchObject({ categories: ['full-name', 'correspondence', 'health'], specialBases: ['art10-p2-1'] });
  });

  it('drops the special basis with the last special category', async () => {
    const api = editorApi({ stored: activity('a1', {}, { categories: ['full-name', 'health'], specialBases: ['art10-p2-1'], retention: [{ categories: ['full-name', 'health'], period: { amount: 1, unit: 'years' }, trigger: 'collection' }] }) });
    const { wrapper } = await mountExisting();
    await wrapper.find('[data-testid=category-health]').setValue(false);
    expect(wrapper.find('[data-testid=special-bases]').exists()).toBe(false);
    await wrapper.find('[data-testid=register-activity-form]').trigger('submit');
    await flushPromises();
    expect(posted(api.calls, 'PUT')?.data).toMatchObject({ specialBases: [], retention: [{ categories: ['full-name'] }] });
  });

  it('saves a new version against the one it was opened at', async () => {
    const api = editorApi();
    const { wrapper } = await mountExisting();
    expect(wrapper.find('[data-testid=register-activity-version]').text()).toBe('Версия 3');
    await wrapper.find('[data-testid=activity-purpose]').setValue('Ответы клиентам в мессенджерах');
    await wrapper.find('[data-testid=register-activity-form]').trigger('submit');
    await flushPromises();
    const body = posted(api.calls, 'PUT');
    expect(body?.expectedVersion).toBe(3);
    expect(body?.data.purpose).toBe('Ответы клиентам в мессенджерах');
    expect(wrapper.find('[data-testid=register-activity-version]').text()).toBe('Версия 4');
    expect(wrapper.find('[data-testid=register-saved]').text()).toBe('Сохранено: версия 4.');
  });

  it('says someone saved meanwhile and reloads the current version', async () => {
    const api = editorApi({ save: () => json(409, { statusCode: 409, error: 'Conflict', message: 'Version conflict', details: { reason: 'version-conflict', currentVersion: 4 } }) });
    const { wrapper } = await mountExisting();
    await wrapper.find('[data-testid=activity-purpose]').setValue('Моя правка');
    await wrapper.find('[data-testid=register-activity-form]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid=register-conflict]').text()).toContain('Запись изменили, пока вы её редактировали');
    expect(wrapper.find('[data-testid=register-save]').attributes('disabled')).toBeDefined();

    api.replace(activity('a1', { version: 4, recordedBy: { id: 'u2', name: 'Пётр Сидоров' } }, { purpose: 'Правка коллеги' }));
    await wrapper.find('[data-testid=register-conflict-reload]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid=register-conflict]').exists()).toBe(false);
    expect((wrapper.find('[data-testid=activity-purpose]').element as HTMLTextAreaElement).value).toBe('Правка коллеги');
    expect(wrapper.find('[data-testid=register-activity-version]').text()).toBe('Версия 4');
  });

  it('puts the API’s field errors under their fields', async () => {
    editorApi({
      save: () =>
        json(400, {
          statusCode: 400,
          error: 'Bad Request',
          message: 'Validation failed',
          details: [
            { field: 'data.retention.0.period.amount', messages: ['Срок не может превышать 100 лет'] },
            { field: 'purpose', messages: ['Цель слишком общая'] },
          ],
        }),
    });
    const { wrapper } = await mountExisting();
    await wrapper.find('[data-testid=register-activity-form]').trigger('submit');
    await flushPromises();
    expect(errorOf(wrapper.find('[data-testid=retention-amount-0]'))).toBe('Срок не может превышать 100 лет');
    expect(errorOf(wrapper.find('[data-testid=activity-purpose]'))).toBe('Цель слишком общая');
    expect(wrapper.find('[data-testid=register-save-error]').text()).toBe('Исправьте отмеченные поля');
    await wrapper.find('[data-testid=retention-amount-0]').setValue('24');
    expect(errorOf(wrapper.find('[data-testid=retention-amount-0]'))).toBeNull();
    expect(errorOf(wrapper.find('[data-testid=activity-purpose]'))).toBe('Цель слишком общая');
  });

  it('requires the instruction a processor acts under', async () => {
    const api = editorApi({ save: () => validationError('data.name', 'x') });
    const { wrapper } = await mountExisting();
    await wrapper.find('[data-testid=recipient-instruction-0]').setValue('');
    await wrapper.find('[data-testid=register-activity-form]').trigger('submit');
    expect(errorOf(wrapper.find('[data-testid=recipient-instruction-0]'))).toBe('Для обработчика укажите поручение оператора (ч. 3 ст. 6 152-ФЗ)');
    await wrapper.find('[data-testid=recipient-role-0]').setValue('recipient');
    await wrapper.find('[data-testid=register-activity-form]').trigger('submit');
    await flushPromises();
    expect(api.calls.some((c) => c.method === 'PUT')).toBe(true);
  });

  it('archives the activity against its version after asking', async () => {
    const api = editorApi();
    const { wrapper, router } = await mountExisting();
    await wrapper.find('[data-testid=register-archive]').trigger('click');
    expect(wrapper.find('[data-testid=confirm-dialog]').text()).toContain('Обработка сообщений клиентов в мессенджерах');
    await wrapper.find('[data-testid=confirm-action]').trigger('click');
    await flushPromises();
    const deleted = api.calls.find((c) => c.method === 'DELETE');
    expect(deleted?.query.get('expectedVersion')).toBe('3');
    expect(router.currentRoute.value.name).toBe('register');
  });

  it.each([
    ['a platform activity', officer, activity('a1', { layer: 'platform', key: 'platform.accounts' }), 'только для просмотра'],
    ['a user without register.manage', reader, activity('a1'), 'Ведение реестра'],
  ])('is read-only for %s', async (_, me, stored, reason) => {
    editorApi({ stored });
    const { wrapper } = await mountExisting(me);
    expect(wrapper.find('[data-testid=register-read-only]').text()).toContain(reason);
    expect(wrapper.find('[data-testid=register-save]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=register-archive]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=legal-basis-add]').exists()).toBe(false);
    expect((wrapper.find('[data-testid=activity-name]').element as HTMLInputElement).matches(':disabled')).toBe(true);
    expect(wrapper.find('[data-testid=category-full-name]').attributes('disabled')).toBeDefined();
  });

  it('shows an activity as of a past day, read-only', async () => {
    const api = editorApi();
    const { wrapper } = await mountExisting(officer, '/page?asOf=2026-11-01');
    expect(api.calls.find((c) => c.path === '/api/v1/register/activities/a1')?.query.get('asOf')).toBeTruthy();
    expect(wrapper.find('[data-testid=register-read-only]').text()).toContain('1 ноября 2026');
    expect(wrapper.find('[data-testid=register-save]').exists()).toBe(false);
  });
});
