import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { type ApiCall, fakeApi, json, meWith, mountPage } from '@/shared/testing/fake-api';
import LegalNoticeBanner from '../components/LegalNoticeBanner.vue';
import { acceptance, legalDocument, version } from '../legal.testing';
import LegalVersionPage from './LegalVersionPage.vue';

enableAutoUnmount(afterEach);
beforeEach(() => sessionStorage.clear());
afterEach(() => vi.unstubAllGlobals());

const routes = [
  { path: '/legal/documents/:documentId', name: 'legal-document', component: { template: '<p>doc</p>' } },
  { path: '/legal/versions/:versionId', name: 'legal-version', component: { template: '<p>v</p>' } },
  { path: '/messenger-module', name: 'messenger-module', component: { template: '<p>module</p>' } },
];
const current = version('ua-1', { documentId: 'doc-ua', kind: 'user-agreement', version: 1 });
const upcoming = version('ua-2', { documentId: 'doc-ua', kind: 'user-agreement', version: 2, material: true, effectiveAt: '2026-12-20T00:00:00.000Z', text: '# Соглашение\n\nНовая редакция.' });

function versionApi(kind = 'user-agreement') {
  return fakeApi({
    'GET /api/v1/legal/versions/ua-2': () => ({ ...upcoming, kind }),
    'GET /api/v1/legal/documents': () => [legalDocument('doc-ua', { kind, scope: 'platform', title: 'Пользовательское соглашение', current, upcoming })],
    'GET /api/v1/legal/notices': () => [{ version: upcoming, document: { id: 'doc-ua', kind, title: 'Пользовательское соглашение' }, acceptedByMe: false }],
    'GET /api/v1/legal/versions/ua-2/diff': (call: ApiCall) => ({ from: current, to: upcoming, lines: [{ op: 'added', text: `против ${call.query.get('against')}` }] }),
    'POST /api/v1/legal/versions/ua-2/accept': () => json(201, acceptance('acc-9', 9, { kind, version: 2, method: 'signed-in-session-click' })),
  });
}

describe('the version a notice leads to', () => {
  it('shows its text and changes against the version in effect, and accepts it', async () => {
    const api = versionApi();
    const { wrapper } = await mountPage(LegalVersionPage, { me: meWith([]), routes, props: { versionId: 'ua-2' } });
    expect(wrapper.find('[data-testid=legal-version-title]').text()).toBe('Пользовательское соглашение, редакция 2');
    expect(wrapper.find('[data-testid=markdown-text]').text()).toContain('Новая редакция.');
    expect(wrapper.find('[data-testid=diff-line]').text()).toContain('против ua-1');
    await wrapper.find('[data-testid=legal-version-accept-button]').trigger('click');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'POST')).toMatchObject({ path: '/api/v1/legal/versions/ua-2/accept', body: {} });
    expect(wrapper.find('[data-testid=legal-version-accepted]').text()).toContain('Редакция принята');
    expect(wrapper.find('[data-testid=legal-version-accept-button]').exists()).toBe(false);
  });

  it('sends the messenger-module agreement to the module page, where the warranties are', async () => {
    const api = versionApi('messenger-module-agreement');
    const { wrapper } = await mountPage(LegalVersionPage, { me: meWith([]), routes, props: { versionId: 'ua-2' } });
    expect(wrapper.find('[data-testid=legal-version-accept-button]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=legal-version-to-module]').attributes('href')).toBe('/messenger-module');
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);
  });
});

it('shows the platform\'s text to someone who may not read the business\'s documents, and lets them accept', async () => {
  const api = versionApi();
  vi.unstubAllGlobals();
  const forbidden = () => json(403, { statusCode: 403, error: 'Forbidden', message: 'x' });
  fakeApi({
    'GET /api/v1/legal/versions/ua-2': () => ({ ...upcoming, text: '# Соглашение\n\nНовая редакция для всех.' }),
    'GET /api/v1/legal/documents': forbidden,
    'GET /api/v1/legal/notices': () => [{ version: { ...upcoming, text: undefined }, document: { id: 'doc-ua', kind: 'user-agreement', title: 'Пользовательское соглашение' }, acceptedByMe: false }],
    'POST /api/v1/legal/versions/ua-2/accept': () => json(201, acceptance('acc-9', 9)),
  });
  const { wrapper } = await mountPage(LegalVersionPage, { me: meWith([]), routes, props: { versionId: 'ua-2' } });
  expect(wrapper.find('[data-testid=legal-version-title]').text()).toBe('Пользовательское соглашение, редакция 2');
  expect(wrapper.text()).toContain('Новая редакция для всех.');
  expect(wrapper.find('[data-testid=legal-version-accept-button]').exists()).toBe(true);
  expect(api.calls).toHaveLength(0);
});

it('drops the accepted version from the banner', async () => {
  versionApi();
  // The banner and the page share one store, as in the layout.
  const Layout = defineComponent(() => () => h('div', [h(LegalNoticeBanner), h(LegalVersionPage, { versionId: 'ua-2' })]));
  const { wrapper } = await mountPage(Layout, { me: meWith([]), routes });
  expect(wrapper.findAll('[data-testid=legal-notice]')).toHaveLength(1);
  await wrapper.find('[data-testid=legal-version-accept-button]').trigger('click');
  await flushPromises();
  expect(wrapper.findAll('[data-testid=legal-notice]')).toHaveLength(0);
});
