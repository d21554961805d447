import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ApiCall, fakeApi, json, mountPage } from '@/shared/testing/fake-api';
import { CHOICE_KEY, VISITOR_KEY, useCookieConsentStore } from '../cookie-consent.store';
import CookieBanner from './CookieBanner.vue';

enableAutoUnmount(afterEach);
beforeEach(() => localStorage.clear());
afterEach(() => vi.unstubAllGlobals());

function cookieApi(status = 201) {
  return fakeApi({ 'POST /api/v1/public/cookie-consent': (_call: ApiCall) => (status < 300 ? json(status, {}) : json(status, { statusCode: status, error: 'x', message: 'x' })) });
}
const mount = () => mountPage(CookieBanner, { me: null });
const posts = (api: ReturnType<typeof cookieApi>) => api.calls.filter((c) => c.method === 'POST').map((c) => c.body as Record<string, unknown>);

describe('the cookie banner', () => {
  it.each([
    ['cookie-accept-all', true, true],
    ['cookie-necessary-only', false, false],
  ])('%s is recorded under a random visitor id and not asked again', async (button, analytics, functional) => {
    const api = cookieApi();
    const first = await mount();
    expect(first.wrapper.find('[data-testid=cookie-banner]').exists()).toBe(true);
    await first.wrapper.find(`[data-testid=${button}]`).trigger('click');
    await flushPromises();
    const visitorId = JSON.parse(localStorage.getItem(VISITOR_KEY)!) as string;
    expect(visitorId).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(posts(api)).toEqual([{ visitorId, analytics, functional }]);
    expect(first.wrapper.find('[data-testid=cookie-banner]').exists()).toBe(false);
    expect(useCookieConsentStore().allows('analytics')).toBe(analytics);
    expect(useCookieConsentStore().allows('necessary')).toBe(true);
    first.wrapper.unmount();

    // Another page load: nothing is asked or sent.
    const second = await mount();
    expect(second.wrapper.find('[data-testid=cookie-banner]').exists()).toBe(false);
    expect(posts(api)).toHaveLength(1);
  });

  it('lets the visitor choose categories, necessary always on and the others off until ticked', async () => {
    const api = cookieApi();
    const { wrapper } = await mount();
    await wrapper.find('[data-testid=cookie-customise]').trigger('click');
    const necessary = wrapper.find<HTMLInputElement>('[data-testid=cookie-necessary]');
    expect([necessary.element.checked, necessary.element.disabled]).toEqual([true, true]);
    expect(wrapper.find<HTMLInputElement>('[data-testid=cookie-analytics]').element.checked).toBe(false);
    expect(wrapper.find<HTMLInputElement>('[data-testid=cookie-functional]').element.checked).toBe(false);
    await wrapper.find('[data-testid=cookie-functional]').setValue(true);
    await wrapper.find('[data-testid=cookie-save]').trigger('click');
    await flushPromises();
    expect(posts(api)).toMatchObject([{ analytics: false, functional: true }]);
    expect(JSON.parse(localStorage.getItem(CHOICE_KEY)!)).toMatchObject({ analytics: false, functional: true, recorded: true });
  });

  it('keeps a choice the API did not take and sends it on the next visit, under the same visitor', async () => {
    const failing = cookieApi(503);
    const first = await mount();
    await first.wrapper.find('[data-testid=cookie-accept-all]').trigger('click');
    await flushPromises();
    expect(posts(failing)).toHaveLength(1);
    expect(first.wrapper.find('[data-testid=cookie-banner]').exists()).toBe(false);
    expect(JSON.parse(localStorage.getItem(CHOICE_KEY)!)).toMatchObject({ recorded: false });
    first.wrapper.unmount();

    vi.unstubAllGlobals();
    const working = cookieApi();
    const second = await mount();
    await flushPromises();
    expect(second.wrapper.find('[data-testid=cookie-banner]').exists()).toBe(false);
    expect(posts(working)).toEqual([{ visitorId: posts(failing)[0].visitorId, analytics: true, functional: true }]);
    expect(JSON.parse(localStorage.getItem(CHOICE_KEY)!)).toMatchObject({ recorded: true });
  });

  it('asks again when what is stored is not a choice', async () => {
    localStorage.setItem(CHOICE_KEY, '{"analytics":"yes"}');
    cookieApi();
    expect((await mount()).wrapper.find('[data-testid=cookie-banner]').exists()).toBe(true);
  });
});
