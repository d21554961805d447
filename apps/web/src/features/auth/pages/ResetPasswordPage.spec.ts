import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, json, meWith, mountPage, noContent } from '@/shared/testing/fake-api';
import ForgotPasswordPage from './ForgotPasswordPage.vue';
import ResetPasswordPage from './ResetPasswordPage.vue';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const TOKEN = 'rst_Ab3dEf9hIj_kLmNoPqRsTuVwXyZ0123';
const open = (hash = TOKEN) => mountPage(ResetPasswordPage, { me: null, path: `/page#${hash}` });

async function choose(wrapper: Awaited<ReturnType<typeof open>>['wrapper'], password: string, confirmation = password) {
  await wrapper.find('input[name=password]').setValue(password);
  await wrapper.find('input[name=confirmation]').setValue(confirmation);
  await wrapper.find('[data-testid=reset-form]').trigger('submit');
  await flushPromises();
}

describe('setting a new password from the reset link', () => {
  it('sets it, then sends the user to sign in', async () => {
    const api = fakeApi({ 'POST /api/v1/auth/password-reset/confirm': () => noContent() });
    const { wrapper } = await open();
    await choose(wrapper, 'new password 42', 'new password 43');
    expect(wrapper.text()).toContain('Пароли не совпадают');
    expect(api.calls.some((c) => c.path.endsWith('/confirm'))).toBe(false);

    await choose(wrapper, 'new password 42');
    expect(api.calls.find((c) => c.path.endsWith('/confirm'))?.body).toEqual({ token: TOKEN, password: 'new password 42' });
    const done = wrapper.find('[data-testid=reset-done]');
    expect(done.text()).toContain('Пароль изменён');
    expect(done.find('[data-testid=reset-sign-in]').attributes('href')).toBe('/login?notice=password-reset');
  });

  it('forgets a session this browser had: the API has ended them all', async () => {
    fakeApi({ 'POST /api/v1/auth/password-reset/confirm': () => noContent() });
    const { wrapper, auth } = await mountPage(ResetPasswordPage, { me: meWith([]), path: `/page#${TOKEN}` });
    await choose(wrapper, 'new password 42');
    expect(auth.isAuthenticated).toBe(false);
  });

  it('explains an invalid or used link and offers a new one', async () => {
    fakeApi({ 'POST /api/v1/auth/password-reset/confirm': () => json(404, { statusCode: 404, error: 'Not Found', message: 'The reset link is invalid, expired or already used: ask for a new one' }) });
    const { wrapper } = await open();
    await choose(wrapper, 'new password 42');
    const invalid = wrapper.find('[data-testid=reset-invalid]');
    expect(invalid.text()).toContain('Ссылка недействительна');
    expect(invalid.find('[data-testid=reset-request-new]').attributes('href')).toBe('/forgot-password');
  });

  it('says at once that a link without its secret cannot work', async () => {
    const api = fakeApi({});
    const { wrapper } = await open('');
    expect(wrapper.find('[data-testid=reset-invalid]').exists()).toBe(true);
    expect(api.calls.filter((c) => c.path !== '/api/v1/health')).toHaveLength(0);
  });
});

describe('asking for a reset link', () => {
  it('answers the same whether or not the address has an account', async () => {
    const api = fakeApi({ 'POST /api/v1/auth/password-reset': () => new Response(null, { status: 202 }) });
    const { wrapper } = await mountPage(ForgotPasswordPage, { me: null });
    await wrapper.find('input[name=email]').setValue('anna');
    await wrapper.find('[data-testid=forgot-form]').trigger('submit');
    expect(wrapper.text()).toContain('Введите адрес электронной почты');

    await wrapper.find('input[name=email]').setValue(' anna@shariki.ru ');
    await wrapper.find('[data-testid=forgot-form]').trigger('submit');
    await flushPromises();
    expect(api.calls.find((c) => c.path === '/api/v1/auth/password-reset')?.body).toEqual({ email: 'anna@shariki.ru' });
    expect(wrapper.find('[data-testid=forgot-sent]').text()).toContain('Если для anna@shariki.ru есть аккаунт в Переписке, мы отправили');
  });
});
