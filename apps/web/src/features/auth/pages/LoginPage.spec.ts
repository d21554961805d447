import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createAppI18n } from '@/i18n';
import LoginPage from './LoginPage.vue';

async function mountLogin(locale: 'ru' | 'en' = 'ru', path = '/login') {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', name: 'login', component: LoginPage },
      { path: '/signup', name: 'signup', component: { template: '<p>signup</p>' } },
      { path: '/forgot-password', name: 'forgot-password', component: { template: '<p>forgot</p>' } },
      { path: '/', name: 'overview', component: { template: '<p>home</p>' } },
    ],
  });
  await router.push(path);
  const wrapper = mount(LoginPage, { global: { plugins: [createPinia(), createAppI18n(locale), router] } });
  await flushPromises();
  return { wrapper, router };
}

function stubFetch(handler: (url: string) => Response) {
  vi.stubGlobal('fetch', vi.fn(async (input: RequestInfo | URL) => handler(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url)));
}

const healthy = () => new Response(JSON.stringify({ status: 'ok', checks: { postgres: { status: 'up' }, redis: { status: 'up' } } }), { status: 200 });

describe('LoginPage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('speaks Russian by default and English on request', async () => {
    stubFetch(healthy);
    expect((await mountLogin()).wrapper.find('h1').text()).toBe('Вход в личный кабинет');
    expect((await mountLogin('en')).wrapper.find('h1').text()).toBe('Sign in to your account');
  });

  it('says which credentials are wrong without saying which', async () => {
    stubFetch((url) =>
      url.includes('/auth/login')
        ? new Response(JSON.stringify({ statusCode: 401, error: 'Unauthorized', message: 'Invalid credentials' }), { status: 401 })
        : healthy(),
    );
    const { wrapper } = await mountLogin();
    await wrapper.find('input[name=email]').setValue('anna@example.ru');
    await wrapper.find('input[name=password]').setValue('wrong');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid=login-error]').text()).toBe('Неверная почта или пароль');
    expect((wrapper.find('input[name=password]').element as HTMLInputElement).value).toBe('');
  });

  it('asks for the authenticator code when the account has two-factor authentication', async () => {
    stubFetch((url) =>
      url.includes('/auth/login')
        ? new Response(JSON.stringify({ statusCode: 401, error: 'Unauthorized', message: 'x', details: { totpRequired: true } }), { status: 401 })
        : healthy(),
    );
    const { wrapper } = await mountLogin();
    expect(wrapper.find('input[name=totpCode]').exists()).toBe(false);
    await wrapper.find('input[name=email]').setValue('anna@example.ru');
    await wrapper.find('input[name=password]').setValue('secret');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('input[name=totpCode]').exists()).toBe(true);
    expect(wrapper.find('[data-testid=login-error]').exists()).toBe(false);
  });

  it('links to password recovery and says why the user was sent here', async () => {
    stubFetch(healthy);
    const plain = await mountLogin();
    expect(plain.wrapper.find('[data-testid=forgot-password]').attributes('href')).toBe('/forgot-password');
    expect(plain.wrapper.find('[data-testid=login-notice]').exists()).toBe(false);
    const closed = await mountLogin('ru', '/login?notice=tenant-closed');
    expect(closed.wrapper.find('[data-testid=login-notice]').text()).toContain('Компания закрыта');
    const unknown = await mountLogin('ru', '/login?notice=<script>');
    expect(unknown.wrapper.find('[data-testid=login-notice]').exists()).toBe(false);
  });

  it('tells how long to wait when throttled', async () => {
    stubFetch((url) =>
      url.includes('/auth/login')
        ? new Response(JSON.stringify({ statusCode: 429, error: 'Too Many Requests', message: 'x' }), { status: 429, headers: { 'retry-after': '30' } })
        : healthy(),
    );
    const { wrapper } = await mountLogin();
    await wrapper.find('input[name=email]').setValue('anna@example.ru');
    await wrapper.find('input[name=password]').setValue('secret');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid=login-error]').text()).toBe('Слишком много попыток. Повторите через 30 с.');
  });

  it('signs in and goes to the page it was asked for', async () => {
    const me = { user: { id: 'u', email: 'anna@example.ru', fullName: 'Анна', totpEnabled: false }, tenant: { id: 't', name: 'ООО', role: 'owner' }, permissions: [], memberships: [] };
    stubFetch((url) =>
      url.includes('/auth/login')
        ? new Response(JSON.stringify({ accessToken: 'a.b.c', expiresIn: 900, refreshToken: 'r' }), { status: 200 })
        : url.includes('/auth/me')
          ? new Response(JSON.stringify(me), { status: 200 })
          : healthy(),
    );
    const { wrapper, router } = await mountLogin();
    await wrapper.find('input[name=email]').setValue('anna@example.ru');
    await wrapper.find('input[name=password]').setValue('correct horse');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(router.currentRoute.value.path).toBe('/');
  });
});
