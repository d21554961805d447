import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, meWith, mountPage } from '@/shared/testing/fake-api';
import { version } from '../legal.testing';
import type { LegalNotice } from '../legal.types';
import LegalNoticeBanner from './LegalNoticeBanner.vue';

enableAutoUnmount(afterEach);
beforeEach(() => sessionStorage.clear());
afterEach(() => vi.unstubAllGlobals());

const routes = [{ path: '/legal/versions/:versionId', name: 'legal-version', component: { template: '<p>version</p>' } }];
const anyone = meWith([]);

function notice(id: string, title: string, overrides: Partial<LegalNotice> = {}): LegalNotice {
  return {
    version: version(id, { kind: 'user-agreement', version: 2, material: true, effectiveAt: '2026-12-20T00:00:00.000Z', summary: 'Новые сроки' }),
    document: { id: `doc-${id}`, kind: 'user-agreement', title },
    acceptedByMe: false,
    ...overrides,
  };
}

function noticesApi(list: LegalNotice[]) {
  return fakeApi({ 'GET /api/v1/legal/notices': () => list });
}

const texts = (wrapper: Awaited<ReturnType<typeof mountPage>>['wrapper']) => wrapper.findAll('[data-testid=legal-notice]').map((n) => n.attributes('data-version'));

describe('the new-version banner', () => {
  it('names each upcoming version with its date and leads to it', async () => {
    noticesApi([notice('v-ua', 'Пользовательское соглашение'), notice('v-pp', 'Политика', { acceptedByMe: true })]);
    const { wrapper } = await mountPage(LegalNoticeBanner, { me: anyone, routes });
    expect(texts(wrapper)).toEqual(['v-ua']);
    expect(wrapper.find('[data-testid=legal-notice-text]').text()).toMatch(/^С 20 декабря 2026 г\. действует новая редакция «Пользовательское соглашение»/);
    expect(wrapper.find('[data-testid=legal-notice-open]').text()).toBe('Ознакомиться');
    expect(wrapper.find('[data-testid=legal-notice-open]').attributes('href')).toBe('/legal/versions/v-ua');
  });

  it('hides a dismissed version for the rest of the session only', async () => {
    noticesApi([notice('v-ua', 'Пользовательское соглашение'), notice('v-pp', 'Политика')]);
    const first = await mountPage(LegalNoticeBanner, { me: anyone, routes });
    await first.wrapper.find('[data-version=v-ua] [data-testid=legal-notice-dismiss]').trigger('click');
    expect(texts(first.wrapper)).toEqual(['v-pp']);
    first.wrapper.unmount();

    const second = await mountPage(LegalNoticeBanner, { me: anyone, routes });
    expect(texts(second.wrapper)).toEqual(['v-pp']);
    second.wrapper.unmount();

    // A new session asks again.
    sessionStorage.clear();
    const third = await mountPage(LegalNoticeBanner, { me: anyone, routes });
    expect(texts(third.wrapper)).toEqual(['v-ua', 'v-pp']);
  });

  it('asks nothing while a required second factor is missing, and shows nothing when the list fails', async () => {
    const api = noticesApi([notice('v-ua', 'Соглашение')]);
    const { wrapper } = await mountPage(LegalNoticeBanner, { me: meWith([], {}, true), routes });
    await flushPromises();
    expect(api.calls.some((c) => c.path === '/api/v1/legal/notices')).toBe(false);
    expect(wrapper.find('[data-testid=legal-notices]').exists()).toBe(false);
    vi.unstubAllGlobals();
    fakeApi({});
    expect((await mountPage(LegalNoticeBanner, { me: anyone, routes })).wrapper.find('[data-testid=legal-notices]').exists()).toBe(false);
  });
});
