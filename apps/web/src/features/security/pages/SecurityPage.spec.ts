import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiCall, fakeApi, meWith, mountPage, noContent, validationError } from '@/shared/testing/fake-api';
import SecurityPage from './SecurityPage.vue';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const URI = `otpauth://totp/Perepiska:anna%40shariki.ru?secret=${SECRET}&issuer=Perepiska&algorithm=SHA1&digits=6&period=30`;

/** The account as the fake API keeps it: enabling and disabling change what /auth/me says. */
function accountApi({ totpEnabled = false, requireTwoFactor = false } = {}) {
  let enabled = totpEnabled;
  const permissions = ['tenant.read'];
  return fakeApi({
    'GET /api/v1/auth/me': () => meWith(permissions, { totpEnabled: enabled }, requireTwoFactor && !enabled),
    'POST /api/v1/auth/totp/setup': () => ({ secret: SECRET, otpauthUri: URI }),
    'POST /api/v1/auth/totp/enable': (call: ApiCall) => {
      if ((call.body as { code: string }).code !== '123456') return validationError('code', 'does not match the authenticator app');
      enabled = true;
      return noContent();
    },
    'POST /api/v1/auth/totp/disable': (call: ApiCall) => {
      if ((call.body as { code: string }).code !== '654321') return validationError('code', 'does not match the authenticator app');
      enabled = false;
      return noContent();
    },
    'POST /api/v1/auth/logout-all': () => noContent(),
    'POST /api/v1/auth/logout': () => noContent(),
  });
}

describe('account security page', () => {
  it('sets up two-factor authentication: QR code, secret in groups of four, then a code', async () => {
    const api = accountApi();
    const { wrapper, auth } = await mountPage(SecurityPage, { me: meWith(['tenant.read']) });
    expect(wrapper.find('[data-testid=two-factor-state]').text()).toBe('Выключена');
    expect(wrapper.find('[data-testid=totp-qr]').exists()).toBe(false);

    await wrapper.find('[data-testid=totp-start]').trigger('click');
    // The PNG is drawn off the microtask queue: wait for it rather than flush.
    await vi.waitFor(() => expect(wrapper.find('[data-testid=totp-qr]').exists()).toBe(true));
    const qr = wrapper.find('[data-testid=totp-qr]');
    expect(qr.attributes('src')).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    expect(qr.attributes('alt')).toBe('QR-код для приложения-аутентификатора');
    expect(wrapper.find('[data-testid=totp-secret]').text()).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');

    // Too short a code is caught before asking the API.
    await wrapper.find('[data-testid=totp-code]').setValue('12 34');
    await wrapper.find('[data-testid=totp-enable-form]').trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('Введите шесть цифр');
    expect(api.calls.some((c) => c.path === '/api/v1/auth/totp/enable')).toBe(false);

    // A wrong code is explained in Russian under the field.
    await wrapper.find('[data-testid=totp-code]').setValue('000 000');
    await wrapper.find('[data-testid=totp-enable-form]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid=totp-code]').attributes('aria-invalid')).toBe('true');
    expect(wrapper.text()).toContain('Код не подошёл');
    expect(wrapper.find('[data-testid=totp-secret]').exists()).toBe(true);

    // Spaces, as apps show "123 456", are dropped.
    await wrapper.find('[data-testid=totp-code]').setValue('123 456');
    await wrapper.find('[data-testid=totp-enable-form]').trigger('submit');
    await flushPromises();
    expect(api.calls.filter((c) => c.path === '/api/v1/auth/totp/enable').map((c) => c.body)).toEqual([{ code: '000000' }, { code: '123456' }]);
    expect(auth.me?.user.totpEnabled).toBe(true);
    expect(wrapper.find('[data-testid=two-factor-state]').text()).toBe('Включена');
    expect(wrapper.find('[data-testid=two-factor-changed]').exists()).toBe(true);
    // Once confirmed, the secret leaves the screen.
    expect(wrapper.find('[data-testid=totp-secret]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=totp-qr]').exists()).toBe(false);
  });

  it('turns two-factor authentication off with a current code', async () => {
    const api = accountApi({ totpEnabled: true });
    const { wrapper, auth } = await mountPage(SecurityPage, { me: meWith(['tenant.read'], { totpEnabled: true }) });
    expect(wrapper.find('[data-testid=two-factor-state]').text()).toBe('Включена');
    await wrapper.find('[data-testid=totp-disable]').trigger('click');
    const dialog = wrapper.find('[data-testid=totp-disable-dialog]');
    expect(dialog.text()).toContain('Отключить двухфакторную аутентификацию?');
    await dialog.find('[data-testid=totp-code]').setValue('654321');
    await dialog.find('form').trigger('submit');
    await flushPromises();
    expect(api.calls.find((c) => c.path === '/api/v1/auth/totp/disable')?.body).toEqual({ code: '654321' });
    expect(auth.me?.user.totpEnabled).toBe(false);
    expect(wrapper.find('[data-testid=totp-disable-dialog]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=two-factor-state]').text()).toBe('Выключена');
  });

  it('explains why the rest of the account is closed until a required second factor is set up', async () => {
    accountApi({ requireTwoFactor: true });
    const { wrapper, auth } = await mountPage(SecurityPage, { me: meWith(['tenant.read'], {}, true) });
    expect(wrapper.find('[data-testid=business-requires-two-factor]').text()).toContain('Ваша компания требует двухфакторную аутентификацию.');
    await wrapper.find('[data-testid=totp-start]').trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=totp-qr]').exists()).toBe(true));
    await wrapper.find('[data-testid=totp-code]').setValue('123456');
    await wrapper.find('[data-testid=totp-enable-form]').trigger('submit');
    await flushPromises();
    expect(auth.me?.twoFactorSetupRequired).toBe(false);
    expect(wrapper.find('[data-testid=business-requires-two-factor]').exists()).toBe(false);
  });

  it('signs out everywhere after confirmation and goes to the login page', async () => {
    const api = accountApi();
    const { wrapper, router, auth } = await mountPage(SecurityPage, { me: meWith(['tenant.read']) });
    await wrapper.find('[data-testid=logout-everywhere]').trigger('click');
    expect(api.calls.some((c) => c.path === '/api/v1/auth/logout-all')).toBe(false);
    await wrapper.find('[data-testid=confirm-dialog] [data-testid=confirm-action]').trigger('click');
    await flushPromises();
    expect(api.calls.some((c) => c.method === 'POST' && c.path === '/api/v1/auth/logout-all')).toBe(true);
    expect(auth.me).toBeNull();
    expect(router.currentRoute.value.name).toBe('login');
  });
});
