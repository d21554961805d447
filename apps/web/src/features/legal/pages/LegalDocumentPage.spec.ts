import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiCall, fakeApi, json, meWith, mountPage, validationError } from '@/shared/testing/fake-api';
import { addDays, toDateInput } from '@/shared/format/date';
import { earliestMaterialDay } from '../legal.rules';
import { legalDocument, version } from '../legal.testing';
import type { LegalVersion } from '../legal.types';
import LegalDocumentPage from './LegalDocumentPage.vue';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const manager = meWith(['consent.read', 'consent.manage']);
const reader = meWith(['consent.read']);
const routes = [{ path: '/legal/documents', name: 'legal-documents', component: { template: '<p>documents</p>' } }];

function documentApi({ scope = 'tenant', refuse }: { scope?: 'tenant' | 'platform'; refuse?: () => Response } = {}) {
  const v1 = version('v1', { version: 1, text: '# Согласие\n\nСрок — 1 год.' });
  const v2 = version('v2', { version: 2, text: '# Согласие\n\nСрок — 3 года.', summary: 'Срок продлён' });
  const versions: LegalVersion[] = [v2, v1];
  const doc = legalDocument('doc-processing', { scope, current: v2 });
  return fakeApi({
    'GET /api/v1/legal/documents': () => [doc],
    'GET /api/v1/legal/documents/doc-processing/versions': () => versions.map(({ text: _, ...v }) => v),
    'GET /api/v1/legal/versions/v1': () => v1,
    'GET /api/v1/legal/versions/v2': () => v2,
    'GET /api/v1/legal/versions/v3': () => versions[0],
    'GET /api/v1/legal/versions/v2/diff': (call: ApiCall) => ({
      from: call.query.get('against') === 'v1' ? v1 : v2,
      to: v2,
      lines: [
        { op: 'same', text: '# Согласие' },
        { op: 'removed', text: 'Срок — 1 год.' },
        { op: 'added', text: 'Срок — 3 года.' },
      ],
    }),
    'POST /api/v1/legal/documents/doc-processing/versions': (call: ApiCall) => {
      if (refuse) return refuse();
      const body = call.body as { text: string; material: boolean; effectiveAt?: string; summary?: string };
      const created = version('v3', { version: 3, text: body.text, material: body.material, summary: body.summary ?? null, effectiveAt: body.effectiveAt ?? new Date().toISOString() });
      versions.unshift(created);
      return json(201, created);
    },
  });
}

const mount = (me = manager, path = '/page') => mountPage(LegalDocumentPage, { me, routes, path, props: { documentId: 'doc-processing' } });

describe('a legal document', () => {
  it('lists its versions, shows the newest text and its changes against the one before', async () => {
    const api = documentApi();
    const { wrapper } = await mount(reader);
    expect(wrapper.findAll('[data-testid=legal-version-status]').map((s) => s.text())).toEqual(['Действует', 'Прежняя']);
    const viewer = wrapper.find('[data-testid=legal-version-viewer]');
    expect(viewer.find('h1').text()).toBe('Согласие');
    expect(viewer.text()).toContain('Срок — 3 года.');
    expect(api.calls.find((c) => c.path.endsWith('/diff'))?.query.get('against')).toBe('v1');
    expect(wrapper.findAll('[data-testid=diff-line]').map((l) => l.attributes('data-op'))).toEqual(['same', 'removed', 'added']);
    // A reader publishes nothing; nor does anyone for a platform document.
    expect(wrapper.find('[data-testid=legal-new-version]').exists()).toBe(false);

    await wrapper.find('[data-testid=legal-version-pick][data-version="1"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid=legal-version-viewer]').text()).toContain('Срок — 1 год.');
  });

  it('refuses a material version taking effect within 14 days before asking the API, and explains the rule', async () => {
    const api = documentApi();
    const { wrapper } = await mount();
    await wrapper.find('[data-testid=legal-new-version]').trigger('click');
    const form = wrapper.find('[data-testid=new-version-form]');
    expect((form.find('textarea[name=text]').element as HTMLTextAreaElement).value).toContain('Срок — 3 года.');
    await form.find('textarea[name=text]').setValue('# Согласие\n\nСрок — 5 лет.');
    await form.find('[data-testid=new-version-material]').setValue(true);
    const field = () => wrapper.find('[data-testid=new-version-effective-field]');
    expect(field().text()).toContain('14 дней');

    // Material with no date, then 13 days ahead: both refused here.
    await form.trigger('submit');
    expect(field().find('.field-error').text()).toBe('Укажите дату: существенное изменение не действует сразу');
    await form.find('input[name=effectiveAt]').setValue(toDateInput(addDays(new Date(), 13)));
    await form.trigger('submit');
    await flushPromises();
    expect(field().find('.field-error').text()).toMatch(/^Существенное изменение вступает в силу не раньше чем через 14 дней/);
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);

    await form.find('input[name=effectiveAt]').setValue(earliestMaterialDay(new Date()));
    expect(field().find('.field-error').exists()).toBe(false);
    await form.find('input[name=summary]').setValue('Срок 5 лет');
    await form.trigger('submit');
    await flushPromises();
    const posted = api.calls.find((c) => c.method === 'POST')?.body as Record<string, unknown>;
    expect(posted).toMatchObject({ text: '# Согласие\n\nСрок — 5 лет.', material: true, summary: 'Срок 5 лет' });
    expect(new Date(posted.effectiveAt as string).getTime()).toBeGreaterThanOrEqual(addDays(new Date(), 14).getTime());
    expect(wrapper.find('[data-testid=legal-published-notice]').text()).toBe('Редакция 3 опубликована.');
    expect(wrapper.find('[data-testid=new-version-dialog]').exists()).toBe(false);
  });

  it('publishes a change that is not material at once, without a date', async () => {
    const api = documentApi();
    const { wrapper } = await mount();
    await wrapper.find('[data-testid=legal-new-version]').trigger('click');
    await wrapper.find('textarea[name=text]').setValue('Исправлена опечатка');
    await wrapper.find('[data-testid=new-version-form]').trigger('submit');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({ text: 'Исправлена опечатка', material: false });
  });

  it('shows the API’s 400 on effectiveAt under the date', async () => {
    documentApi({ refuse: () => validationError('effectiveAt', 'A material version takes effect no sooner than 2026-12-05') });
    const { wrapper } = await mount();
    await wrapper.find('[data-testid=legal-new-version]').trigger('click');
    await wrapper.find('textarea[name=text]').setValue('Новый текст');
    await wrapper.find('[data-testid=new-version-material]').setValue(true);
    await wrapper.find('input[name=effectiveAt]').setValue(toDateInput(addDays(new Date(), 30)));
    await wrapper.find('[data-testid=new-version-form]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid=new-version-effective-field] .field-error').text()).toBe('A material version takes effect no sooner than 2026-12-05');
    expect(wrapper.find('[data-testid=new-version-error]').text()).toBe('Исправьте отмеченные поля');
  });

  it('requires a text and offers no publishing for a platform document', async () => {
    const api = documentApi();
    const { wrapper } = await mount();
    await wrapper.find('[data-testid=legal-new-version]').trigger('click');
    await wrapper.find('textarea[name=text]').setValue('   ');
    await wrapper.find('[data-testid=new-version-form]').trigger('submit');
    expect(wrapper.find('[data-testid=new-version-form]').text()).toContain('Введите текст редакции');
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);

    vi.unstubAllGlobals();
    documentApi({ scope: 'platform' });
    const platform = await mount();
    expect(platform.wrapper.find('[data-testid=legal-new-version]').exists()).toBe(false);
  });
});
