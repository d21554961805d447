import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiCall, fakeApi, json, meWith, mountPage } from '@/shared/testing/fake-api';
import type { InvitationPreview } from '../auth.types';
import AcceptInvitationPage from './AcceptInvitationPage.vue';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const TOKEN = 'inv_Ab3dEf9hIj_kLmNoPqRsTuVwXyZ0123';
const tokens = { accessToken: 'a.b.c', expiresIn: 900, refreshToken: 'r' };
const ivan = meWith(['tenant.read', 'conversations.read'], { email: 'ivan@shariki.ru', fullName: 'Иван Петров' });

function preview(overrides: Partial<InvitationPreview> = {}): InvitationPreview {
  return { tenantName: 'ООО «Шарики»', email: 'ivan@shariki.ru', role: 'operator', invitedBy: 'Анна Смирнова', expiresAt: '2026-11-29T09:00:00.000Z', existingAccount: false, ...overrides };
}

function invitationApi(shown: InvitationPreview, accept: (call: ApiCall) => Response | object = () => tokens) {
  return fakeApi({
    'POST /api/v1/auth/invitation/preview': (call: ApiCall) => ((call.body as { token: string }).token === TOKEN ? shown : json(404, { statusCode: 404, error: 'Not Found', message: 'x' })),
    'POST /api/v1/auth/invitation/accept': accept,
    'GET /api/v1/auth/me': () => ivan,
    'GET /api/v1/public/legal/signup': () => [
      { kind: 'user-agreement', title: 'Пользовательское соглашение', versionId: 'ua-3', version: 3, textSha256: 'a'.repeat(64) },
      { kind: 'privacy-policy', title: 'Политика', versionId: 'pp-2', version: 2, textSha256: 'b'.repeat(64) },
    ],
  });
}

const open = (hash = TOKEN) => mountPage(AcceptInvitationPage, { me: null, path: `/page#${hash}` });

describe('accepting an invitation', () => {
  it('tells a newcomer who invites them where, then creates their account and signs them in', async () => {
    const api = invitationApi(preview());
    const { wrapper, router, auth } = await open();
    expect(api.calls.find((c) => c.path === '/api/v1/auth/invitation/preview')?.body).toEqual({ token: TOKEN });
    expect(wrapper.find('[data-testid=invitation-lead]').text()).toBe('Анна Смирнова приглашает вас в «ООО «Шарики»» на роль Оператор.');
    expect(wrapper.find('[data-testid=invitation-email]').text()).toBe('ivan@shariki.ru');
    expect(wrapper.find('input[name=fullName]').exists()).toBe(true);
    expect(wrapper.find('input[name=confirmation]').exists()).toBe(true);

    // Checked before anything is sent.
    await wrapper.find('input[name=fullName]').setValue('Иван Петров');
    await wrapper.find('input[name=password]').setValue('short');
    await wrapper.find('[data-testid=invitation-form]').trigger('submit');
    expect(wrapper.text()).toContain('Пароль должен быть не короче 10 символов');
    await wrapper.find('input[name=password]').setValue('correct horse battery');
    await wrapper.find('input[name=confirmation]').setValue('correct horse batter');
    await wrapper.find('[data-testid=invitation-form]').trigger('submit');
    expect(wrapper.text()).toContain('Пароли не совпадают');
    expect(api.calls.some((c) => c.path.endsWith('/accept'))).toBe(false);

    await wrapper.find('input[name=confirmation]').setValue('correct horse battery');
    await wrapper.find('[data-testid=invitation-form]').trigger('submit');
    expect(wrapper.find('[data-testid=signup-agreements-error]').text()).toBe('Примите пользовательское соглашение, чтобы продолжить');
    expect(api.calls.some((c) => c.path.endsWith('/accept'))).toBe(false);
    expect(wrapper.find('[data-testid=signup-agreement-link]').attributes('href')).toBe('/documents/ua-3');
    expect(wrapper.find('[data-testid=signup-policy-link]').attributes('href')).toBe('/documents/pp-2');

    await wrapper.find('[data-testid=signup-agreements-accept]').setValue(true);
    expect(wrapper.find('[data-testid=signup-agreements-error]').exists()).toBe(false);
    await wrapper.find('[data-testid=invitation-form]').trigger('submit');
    await flushPromises();
    expect(api.calls.find((c) => c.path.endsWith('/accept'))?.body).toEqual({ token: TOKEN, password: 'correct horse battery', fullName: 'Иван Петров', acceptedVersionIds: ['ua-3', 'pp-2'] });
    expect(auth.me?.user.fullName).toBe('Иван Петров');
    expect(router.currentRoute.value.name).toBe('overview');
  });

  it('asks an existing account for its password only, then for the code when it has two-factor', async () => {
    let attempts = 0;
    const api = invitationApi(preview({ existingAccount: true, role: 'Старший оператор', invitedBy: null }), () =>
      ++attempts === 1 ? json(401, { statusCode: 401, error: 'Unauthorized', message: 'Enter the code', details: { totpRequired: true } }) : tokens,
    );
    const { wrapper, router } = await open();
    expect(wrapper.find('[data-testid=invitation-lead]').text()).toBe('Вас приглашают в «ООО «Шарики»» на роль Старший оператор.');
    expect(wrapper.find('[data-testid=invitation-existing-account]').exists()).toBe(true);
    expect(wrapper.find('input[name=fullName]').exists()).toBe(false);
    expect(wrapper.find('input[name=confirmation]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=totp-code]').exists()).toBe(false);

    await wrapper.find('input[name=password]').setValue('correct horse battery');
    await wrapper.find('[data-testid=invitation-form]').trigger('submit');
    await flushPromises();
    expect(api.calls.filter((c) => c.path.endsWith('/accept'))[0]?.body).toEqual({ token: TOKEN, password: 'correct horse battery' });
    expect(wrapper.find('[data-testid=totp-code]').exists()).toBe(true);
    expect(router.currentRoute.value.name).toBe('page');

    await wrapper.find('[data-testid=totp-code]').setValue('123 456');
    await wrapper.find('[data-testid=invitation-form]').trigger('submit');
    await flushPromises();
    expect(api.calls.filter((c) => c.path.endsWith('/accept'))[1]?.body).toEqual({ token: TOKEN, password: 'correct horse battery', totpCode: '123456' });
    expect(router.currentRoute.value.name).toBe('overview');
  });

  it('says the password is wrong without leaving the page', async () => {
    invitationApi(preview({ existingAccount: true }), () => json(401, { statusCode: 401, error: 'Unauthorized', message: 'Invalid e-mail or password' }));
    const { wrapper } = await open();
    await wrapper.find('input[name=password]').setValue('wrong password!');
    await wrapper.find('[data-testid=invitation-form]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid=invitation-error]').text()).toBe('Неверный пароль');
    expect(wrapper.find<HTMLInputElement>('input[name=password]').element.value).toBe('');
  });

  it('warns when another account is signed in on this browser', async () => {
    invitationApi(preview());
    const { wrapper } = await mountPage(AcceptInvitationPage, { me: meWith([], { email: 'anna@shariki.ru' }), path: `/page#${TOKEN}` });
    expect(wrapper.find('[data-testid=invitation-other-account]').text()).toContain('anna@shariki.ru');
  });

  it('reads the link again when another one is pasted into the same tab', async () => {
    invitationApi(preview());
    const { wrapper, router } = await open();
    expect(wrapper.find('[data-testid=invitation-form]').exists()).toBe(true);
    await router.push('/page#inv_anotherLinkThatIsNotValid_0123');
    await flushPromises();
    expect(wrapper.find('[data-testid=invitation-invalid]').exists()).toBe(true);
    await router.push(`/page#${TOKEN}`);
    await flushPromises();
    expect(wrapper.find('[data-testid=invitation-form]').exists()).toBe(true);
  });

  it.each([
    ['a used, revoked or expired link', 'inv_somethingElse_0123456789abcdef'],
    ['a link without its secret', ''],
  ])('ends %s in a friendly dead end with a way to sign in', async (_case, hash) => {
    invitationApi(preview());
    const { wrapper } = await open(hash);
    const deadEnd = wrapper.find('[data-testid=invitation-invalid]');
    expect(deadEnd.text()).toContain('Приглашение недействительно');
    expect(deadEnd.find('[data-testid=invitation-sign-in]').attributes('href')).toBe('/login');
    expect(wrapper.find('[data-testid=invitation-form]').exists()).toBe(false);
  });
});
