import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, meWith, mountPage } from '@/shared/testing/fake-api';
import MessengerModuleNotice from './MessengerModuleNotice.vue';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());
const routes = [{ path: '/messenger-module', name: 'messenger-module', component: { template: '<p>module</p>' } }];

describe('the connections page’s module notice', () => {
  it.each([
    ['off', 'Модуль мессенджеров выключен — включите его, чтобы подключать мессенджеры'],
    ['suspended', 'Модуль мессенджеров приостановлен — примите новую редакцию соглашения'],
  ])('says when the module is %s, with the way to it', async (state, text) => {
    fakeApi({ 'GET /api/v1/messenger-module': () => ({ state }) });
    const { wrapper } = await mountPage(MessengerModuleNotice, { me: meWith(['connections.read', 'consent.read']), routes });
    expect(wrapper.find('[data-testid=messenger-module-notice] .text').text()).toBe(text);
    expect(wrapper.find('[data-testid=messenger-module-notice-link]').attributes('href')).toBe('/messenger-module');
  });

  it('says nothing when the module is on, or to someone who may not read its state', async () => {
    fakeApi({ 'GET /api/v1/messenger-module': () => ({ state: 'active' }) });
    expect((await mountPage(MessengerModuleNotice, { me: meWith(['consent.read']), routes })).wrapper.find('[data-testid=messenger-module-notice]').exists()).toBe(false);
    vi.unstubAllGlobals();
    const api = fakeApi({ 'GET /api/v1/messenger-module': () => ({ state: 'off' }) });
    expect((await mountPage(MessengerModuleNotice, { me: meWith(['connections.read']), routes })).wrapper.find('[data-testid=messenger-module-notice]').exists()).toBe(false);
    expect(api.calls.some((c) => c.path === '/api/v1/messenger-module')).toBe(false);
  });
});
