import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, json, mountPage } from '@/shared/testing/fake-api';
import PublicDocumentPage from './PublicDocumentPage.vue';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const VERSION = {
  id: 'ua-3',
  documentId: 'd1',
  kind: 'user-agreement',
  version: 3,
  textSha256: 'c0ffee'.repeat(10) + 'abcd',
  material: false,
  summary: null,
  publishedAt: '2026-11-01T09:00:00.000Z',
  effectiveAt: '2026-11-15T09:00:00.000Z',
  text: '# Пользовательское соглашение\n\n1. **Термины** и определения.',
};

describe('a platform document for anyone', () => {
  it('shows the title, the version, the date in force, the hash and the text', async () => {
    const api = fakeApi({ 'GET /api/v1/public/legal/versions/ua-3': () => VERSION });
    const { wrapper } = await mountPage(PublicDocumentPage, { me: null, props: { versionId: 'ua-3' } });
    const document = wrapper.find('[data-testid=public-document]');
    expect(document.attributes('data-kind')).toBe('user-agreement');
    expect(document.find('h1').text()).toBe('Пользовательское соглашение');
    expect(document.text()).toContain('Редакция 3, действует с 15 ноября 2026 г.');
    expect(document.text()).toContain('SHA-256 c0ffeec0ffee…');
    expect(document.find('.text strong').text()).toBe('Термины');
    expect(api.calls).toHaveLength(1);
  });

  it('says the link is wrong for a business\'s own text or an unknown id', async () => {
    fakeApi({ 'GET /api/v1/public/legal/versions/nope': () => json(404, { statusCode: 404, error: 'Not Found', message: 'Document version not found' }) });
    const { wrapper } = await mountPage(PublicDocumentPage, { me: null, props: { versionId: 'nope' } });
    expect(wrapper.find('[data-testid=public-document-error]').text()).toBe('Документ не найден. Проверьте ссылку.');
  });

  it('shows the version in force of a kind, for the cookie banner\'s link', async () => {
    fakeApi({ 'GET /api/v1/public/legal/documents/cookie-policy': () => ({ ...VERSION, id: 'cp-1', kind: 'cookie-policy', version: 1, text: 'Файлы **cookie**' }) });
    const { wrapper } = await mountPage(PublicDocumentPage, { me: null, props: { kind: 'cookie-policy' } });
    expect(wrapper.find('[data-testid=public-document] h1').text()).toBe('Политика использования cookie');
    expect(wrapper.find('.text strong').text()).toBe('cookie');
  });
});
