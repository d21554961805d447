import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiCall, fakeApi, json, meWith, mountPage, validationError } from '@/shared/testing/fake-api';
import type { Organisation } from '../settings.types';
import OrganisationPage from './OrganisationPage.vue';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const shariki: Organisation = {
  id: 't',
  name: 'ООО «Шарики»',
  inn: '7707083893',
  ogrn: '1027700132195',
  kpp: '773601001',
  legalAddress: '117312, г. Москва, ул. Вавилова, д. 19',
  requireTwoFactor: false,
  createdAt: '2026-11-01T09:00:00.000Z',
};

function organisationApi(initial: Organisation = shariki) {
  let stored = { ...initial };
  return fakeApi({
    'GET /api/v1/tenant': () => stored,
    'PATCH /api/v1/tenant': (call: ApiCall) => {
      const changes = call.body as Partial<Organisation>;
      if (changes.inn === '7707083894') return validationError('inn', 'check digit does not match');
      stored = { ...stored, ...changes };
      return stored;
    },
  });
}

describe('organisation settings', () => {
  it('shows the requisites read-only to whoever may not change them', async () => {
    organisationApi();
    const { wrapper } = await mountPage(OrganisationPage, { me: meWith(['tenant.read']) });
    expect(wrapper.find('[data-testid=requisite-inn]').text()).toBe('7707083893');
    expect(wrapper.find('[data-testid=requisite-kpp]').text()).toBe('773601001');
    expect(wrapper.find('[data-testid=read-only-notice]').exists()).toBe(true);
    expect(wrapper.find('[data-testid=edit-requisites]').exists()).toBe(false);
    expect(wrapper.find('[role=switch]').attributes('disabled')).toBeDefined();
  });

  it('calls an entrepreneur’s registration number OGRNIP and hides the KPP', async () => {
    organisationApi({ ...shariki, name: 'ИП Иванова А. А.', inn: '500100732259', ogrn: '304500116000157', kpp: null });
    const { wrapper } = await mountPage(OrganisationPage, { me: meWith(['tenant.read']) });
    expect(wrapper.find('[data-testid=requisites]').text()).toContain('ОГРНИП');
    expect(wrapper.find('[data-testid=requisite-kpp]').exists()).toBe(false);
  });

  it('shows the API’s checksum error under the INN, then saves the corrected requisites', async () => {
    const api = organisationApi();
    const { wrapper } = await mountPage(OrganisationPage, { me: meWith(['tenant.read', 'tenant.manage']) });
    await wrapper.find('[data-testid=edit-requisites]').trigger('click');
    await wrapper.find('textarea[name=legalAddress]').setValue('119021, г. Москва, ул. Льва Толстого, д. 16');
    await wrapper.find('input[name=inn]').setValue('7707 083 894');
    await wrapper.find('[data-testid=requisites-form]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('input[name=inn]').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('[data-testid=requisites-form]').text()).toContain('check digit does not match');
    expect(wrapper.find('[data-testid=requisites-error]').text()).toBe('Проверьте выделенные поля');

    await wrapper.find('input[name=inn]').setValue('7707083893');
    expect(wrapper.find('input[name=inn]').attributes('aria-invalid')).toBe('false');
    await wrapper.find('[data-testid=requisites-form]').trigger('submit');
    await flushPromises();
    const patches = api.calls.filter((c) => c.method === 'PATCH').map((c) => c.body as Partial<Organisation>);
    expect(patches[0]?.inn).toBe('7707083894');
    expect(patches[1]).toEqual({ name: 'ООО «Шарики»', inn: '7707083893', ogrn: '1027700132195', kpp: '773601001', legalAddress: '119021, г. Москва, ул. Льва Толстого, д. 16' });
    expect(wrapper.find('[data-testid=requisites-saved]').exists()).toBe(true);
    expect(wrapper.find('[data-testid=requisite-legal-address]').text()).toBe('119021, г. Москва, ул. Льва Толстого, д. 16');
  });

  it('lets only an owner with a second factor of their own require it of everyone', async () => {
    organisationApi();
    const { wrapper } = await mountPage(OrganisationPage, { me: meWith(['tenant.read', 'tenant.manage']) });
    expect(wrapper.find('[role=switch]').attributes('disabled')).toBeDefined();
    expect(wrapper.find('[data-testid=policy-self-reminder]').text()).toContain('сначала включите её для себя');
    expect(wrapper.find('[data-testid=policy-self-setup]').attributes('href')).toBe('/account/security');
  });

  it('asks before requiring two-factor from everyone, and turns the rule off without asking', async () => {
    const api = organisationApi();
    const { wrapper } = await mountPage(OrganisationPage, { me: meWith(['tenant.read', 'tenant.manage'], { totpEnabled: true }) });
    expect(wrapper.find('[data-testid=policy-self-reminder]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=policy-state]').text()).toBe('Выключено');

    await wrapper.find('[role=switch]').trigger('click');
    const confirm = wrapper.find('[data-testid=confirm-dialog]');
    expect(confirm.text()).toContain('Требовать двухфакторную аутентификацию?');
    expect(api.calls.some((c) => c.method === 'PATCH')).toBe(false);
    await confirm.find('[data-testid=confirm-action]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid=confirm-dialog]').exists()).toBe(false);
    expect(wrapper.find('[role=switch]').attributes('aria-checked')).toBe('true');
    expect(wrapper.find('[data-testid=policy-state]').text()).toBe('Включено');

    await wrapper.find('[role=switch]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid=confirm-dialog]').exists()).toBe(false);
    expect(api.calls.filter((c) => c.method === 'PATCH').map((c) => c.body)).toEqual([{ requireTwoFactor: true }, { requireTwoFactor: false }]);
    expect(wrapper.find('[data-testid=policy-state]').text()).toBe('Выключено');
  });

  it('explains the API’s refusal to require two-factor of others without one’s own', async () => {
    fakeApi({
      'GET /api/v1/tenant': () => shariki,
      'PATCH /api/v1/tenant': () =>
        json(422, { statusCode: 422, error: 'Unprocessable Entity', message: 'x', details: [{ field: 'requireTwoFactor', messages: ['turn on two-factor authentication for yourself first'] }] }),
    });
    // The page believes the user has it (another tab turned it off meanwhile).
    const { wrapper } = await mountPage(OrganisationPage, { me: meWith(['tenant.read', 'tenant.manage'], { totpEnabled: true }) });
    await wrapper.find('[role=switch]').trigger('click');
    await wrapper.find('[data-testid=confirm-action]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid=confirm-dialog]').text()).toContain('сначала включите её для себя');
  });

  it('offers a retry when the requisites cannot be loaded', async () => {
    let attempts = 0;
    fakeApi({ 'GET /api/v1/tenant': () => (++attempts === 1 ? json(500, { statusCode: 500, error: 'x', message: 'boom' }) : shariki) });
    const { wrapper } = await mountPage(OrganisationPage, { me: meWith(['tenant.read']) });
    expect(wrapper.find('[data-testid=error-state]').text()).toContain('Сервер не смог выполнить запрос');
    await wrapper.find('[data-testid=error-state] button').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid=requisite-inn]').text()).toBe('7707083893');
  });

  it('shows the danger zone only to whoever may close the business', async () => {
    organisationApi();
    const { wrapper } = await mountPage(OrganisationPage, { me: meWith(['tenant.read', 'tenant.manage']) });
    expect(wrapper.find('[data-testid=danger-zone]').exists()).toBe(false);
  });

  it('closes the business once its name, the password and the code are given, then signs out', async () => {
    let attempts = 0;
    const api = fakeApi({
      'GET /api/v1/tenant': () => shariki,
      'DELETE /api/v1/tenant': () =>
        ++attempts === 1
          ? json(401, { statusCode: 401, error: 'Unauthorized', message: 'Invalid e-mail or password' })
          : json(202, { purgeAfter: '2026-11-28T09:00:00.000Z' }),
    });
    const { wrapper, router, auth } = await mountPage(OrganisationPage, { me: meWith(['tenant.read', 'tenant.manage', 'tenant.delete'], { totpEnabled: true }) });
    const zone = wrapper.find('[data-testid=danger-zone]');
    expect(zone.text()).toContain('удалены в течение 7 дней');
    await zone.find('[data-testid=close-business]').trigger('click');

    const dialog = wrapper.find('[data-testid=close-business-dialog]');
    const confirm = dialog.find('[data-testid=close-business-confirm]');
    // The button waits for the exact name of the business.
    await dialog.find('input[name=confirmName]').setValue('ООО Шарики');
    expect(confirm.attributes('disabled')).toBeDefined();
    await dialog.find('input[name=confirmName]').setValue('ООО «Шарики»');
    expect(confirm.attributes('disabled')).toBeUndefined();
    expect(dialog.find('[data-testid=totp-code]').exists()).toBe(true);

    await dialog.find('input[name=password]').setValue('wrong password!');
    await dialog.find('[data-testid=totp-code]').setValue('123456');
    await dialog.find('[data-testid=close-business-form]').trigger('submit');
    await flushPromises();
    expect(dialog.text()).toContain('Неверный пароль или код из приложения');
    expect(auth.isAuthenticated).toBe(true);

    await dialog.find('input[name=password]').setValue('correct horse battery');
    await dialog.find('[data-testid=totp-code]').setValue('654321');
    await dialog.find('[data-testid=close-business-form]').trigger('submit');
    await flushPromises();
    expect(api.calls.filter((c) => c.method === 'DELETE').at(-1)?.body).toEqual({ confirmName: 'ООО «Шарики»', password: 'correct horse battery', totpCode: '654321' });
    expect(auth.isAuthenticated).toBe(false);
    expect(router.currentRoute.value.name).toBe('login');
    expect(router.currentRoute.value.query).toEqual({ notice: 'tenant-closed' });
  });
});
