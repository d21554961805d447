import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiCall, fakeApi, json, meWith, mountPage } from '@/shared/testing/fake-api';
import { legalDocument, version } from '../legal.testing';
import LegalDocumentsPage from './LegalDocumentsPage.vue';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const routes = [{ path: '/legal/documents/:documentId', name: 'legal-document', component: { template: '<p>doc</p>' } }];

function documentsApi() {
  return fakeApi({
    'GET /api/v1/legal/documents': () => [
      legalDocument('ua', {
        kind: 'user-agreement',
        scope: 'platform',
        title: 'Пользовательское соглашение',
        current: version('ua-1', { version: 1, effectiveAt: '2026-11-01T09:00:00.000Z' }),
        upcoming: version('ua-2', { version: 2, material: true, effectiveAt: '2026-12-20T09:00:00.000Z' }),
      }),
      legalDocument('proc', { current: version('p-1', { version: 3 }) }),
    ],
    'POST /api/v1/legal/documents': (call: ApiCall) => json(201, legalDocument('adv', { ...(call.body as object), scope: 'tenant' })),
  });
}

describe('the documents page', () => {
  it('lists platform documents and the business’s own, with the version in effect and the one coming', async () => {
    documentsApi();
    const { wrapper } = await mountPage(LegalDocumentsPage, { me: meWith(['consent.read']), routes });
    const platform = wrapper.find('[data-testid=legal-documents-platform]');
    expect(platform.find('[data-testid=legal-document-current]').text()).toBe('ред. 1с 01.11.2026');
    expect(platform.find('[data-testid=legal-document-upcoming]').text()).toContain('ред. 2');
    expect(platform.find('[data-testid=legal-document-upcoming]').text()).toContain('с 20.12.2026');
    const tenant = wrapper.find('[data-testid=legal-documents-tenant]');
    expect(tenant.findAll('[data-testid=legal-document-link]').map((l) => l.attributes('href'))).toEqual(['/legal/documents/proc']);
    expect(wrapper.find('[data-testid=legal-document-create]').exists()).toBe(false);
  });

  it('creates a consent text for a purpose the business lacks and goes on to publish it', async () => {
    const api = documentsApi();
    const { wrapper, router } = await mountPage(LegalDocumentsPage, { me: meWith(['consent.read', 'consent.manage']), routes });
    await wrapper.find('[data-testid=legal-document-create]').trigger('click');
    const kinds = wrapper.findAll('[data-testid=create-document-form] select[name=kind] option').map((o) => o.attributes('value'));
    expect(kinds).toEqual(['consent-advertising', 'consent-distribution', 'client-privacy-policy']);
    expect((wrapper.find('input[name=title]').element as HTMLInputElement).value).toBe('Согласие на получение рекламы');
    await wrapper.find('[data-testid=create-document-form]').trigger('submit');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({ kind: 'consent-advertising', title: 'Согласие на получение рекламы' });
    expect(router.currentRoute.value.fullPath).toBe('/legal/documents/adv?publish=1');
  });
});
