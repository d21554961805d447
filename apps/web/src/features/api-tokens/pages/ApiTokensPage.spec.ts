import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiCall, fakeApi, meWith, mountPage, noContent } from '@/shared/testing/fake-api';
import type { ApiToken, CreatedApiToken } from '../api-tokens.types';
import ApiTokensPage from './ApiTokensPage.vue';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const SECRET = 'ppk_Ab3dEf9hIj_kLmNoPqRsTuVwXyZ0123456789abc';
const day = 86_400_000;

function token(overrides: Partial<ApiToken> = {}): ApiToken {
  return {
    id: 'c0ffee00-0000-4000-8000-000000000001',
    name: '1С: выгрузка',
    prefix: 'ppk_Zz9yX',
    permissions: ['tenant.read', 'audit.read'],
    createdAt: new Date(Date.now() - 10 * day).toISOString(),
    expiresAt: new Date(Date.now() + 80 * day).toISOString(),
    lastUsedAt: null,
    revokedAt: null,
    ...overrides,
  };
}

/** A token store behind the fake API: the list grows with each token created. */
function tokenApi(initial: ApiToken[] = []) {
  const tokens = [...initial];
  return fakeApi({
    'GET /api/v1/api-tokens': () => tokens,
    'POST /api/v1/api-tokens': (call: ApiCall) => {
      const body = call.body as { name: string; permissions: string[]; expiresAt: string };
      const created: CreatedApiToken = { ...token({ id: 'new-token', name: body.name, prefix: SECRET.slice(0, 10), permissions: body.permissions, expiresAt: body.expiresAt, createdAt: new Date().toISOString() }), token: SECRET };
      const { token: _secret, ...stored } = created;
      tokens.unshift(stored);
      return new Response(JSON.stringify(created), { status: 201 });
    },
    'DELETE /api/v1/api-tokens/c0ffee00-0000-4000-8000-000000000001': () => {
      tokens[tokens.length - 1] = { ...tokens[tokens.length - 1], revokedAt: new Date().toISOString() };
      return noContent();
    },
  });
}

const owner = meWith(['tenant.read', 'tenant.manage', 'api-tokens.manage', 'audit.read', 'conversations.read', 'conversations.reply']);

describe('API tokens page', () => {
  it('lists tokens with their state, without ever showing a secret', async () => {
    tokenApi([
      token(),
      token({ id: 't2', name: 'Старый BI', permissions: ['audit.read'], revokedAt: new Date().toISOString(), lastUsedAt: new Date(Date.now() - day).toISOString() }),
      token({ id: 't3', name: 'Тест', permissions: ['a.read', 'b.read', 'c.read', 'd.read', 'e.read'], expiresAt: new Date(Date.now() - day).toISOString() }),
    ]);
    const { wrapper } = await mountPage(ApiTokensPage, { me: owner });
    const rows = wrapper.findAll('tbody tr');
    expect(rows).toHaveLength(3);
    expect(rows[0].text()).toContain('1С: выгрузка');
    expect(rows[0].text()).toContain('ppk_Zz9yX…');
    expect(rows[0].text()).toContain('2 права');
    expect(rows[0].text()).toContain('Не использовался');
    expect(rows.map((row) => row.find('[data-testid=token-status]').text())).toEqual(['Активен', 'Отозван', 'Истёк']);
    expect(rows[2].text()).toContain('5 прав');
    // Only an active token can be revoked.
    expect(rows.map((row) => row.find('[data-testid=revoke-token]').exists())).toEqual([true, false, false]);
  });

  it('shows an empty state that invites to create the first token', async () => {
    tokenApi();
    const { wrapper } = await mountPage(ApiTokensPage, { me: owner });
    expect(wrapper.find('[data-testid=empty-state]').text()).toContain('Токенов пока нет');
  });

  it('offers only the permissions the user holds, grouped by area', async () => {
    tokenApi();
    const { wrapper } = await mountPage(ApiTokensPage, { me: owner });
    await wrapper.find('[data-testid=create-token]').trigger('click');
    const offered = wrapper.findAll('input[data-permission]').map((input) => input.attributes('data-permission'));
    expect(offered).toEqual(['tenant.read', 'tenant.manage', 'api-tokens.manage', 'audit.read', 'conversations.read', 'conversations.reply']);
    expect(wrapper.find('[data-testid=permission-area-conversations] legend').text()).toBe('Диалоги');
  });

  it('checks the form before sending it', async () => {
    const api = tokenApi();
    const { wrapper } = await mountPage(ApiTokensPage, { me: owner });
    await wrapper.find('[data-testid=create-token]').trigger('click');
    await wrapper.find('[data-testid=create-token-form]').trigger('submit');
    await flushPromises();
    const dialog = wrapper.find('[data-testid=create-token-dialog]');
    expect(dialog.text()).toContain('Введите название — не короче 2 символов');
    expect(dialog.text()).toContain('Выберите хотя бы одно право');
    expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    // Editing a field takes its message away.
    await dialog.find('input[name=name]').setValue('CRM');
    expect(dialog.text()).not.toContain('Введите название');
  });

  it('creates a token and shows its secret once', async () => {
    const api = tokenApi();
    const { wrapper } = await mountPage(ApiTokensPage, { me: owner });
    await wrapper.find('[data-testid=create-token]').trigger('click');
    const form = wrapper.find('[data-testid=create-token-form]');
    await form.find('input[name=name]').setValue('  Синхронизация с CRM ');
    await form.find('[data-testid=permission-area-tenant] legend input').setValue(true);
    await form.trigger('submit');
    await flushPromises();

    const request = api.calls.find((c) => c.method === 'POST')!;
    const body = request.body as { name: string; permissions: string[]; expiresAt: string };
    expect(body.name).toBe('Синхронизация с CRM');
    expect(body.permissions).toEqual(['tenant.read', 'tenant.manage']);
    // 90 days by default, to the end of that day.
    const days = (new Date(body.expiresAt).getTime() - Date.now()) / day;
    expect(days).toBeGreaterThan(89);
    expect(days).toBeLessThan(91);

    const step = wrapper.find('[data-testid=token-secret-step]');
    expect(step.find('[data-testid=token-secret]').text()).toBe(SECRET);
    expect(step.text()).toContain('показать токен ещё раз не сможем');
    expect(wrapper.findAll('tbody tr')).toHaveLength(1);

    // A stray Escape does not lose the secret; only the explicit button closes it.
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await flushPromises();
    expect(wrapper.find('[data-testid=token-secret]').exists()).toBe(true);

    await wrapper.find('[data-testid=token-secret-done]').trigger('click');
    await flushPromises();
    expect(document.body.innerHTML).not.toContain(SECRET);
    expect(wrapper.find('tbody tr').text()).toContain('Синхронизация с CRM');

    // Opening the dialog again starts a new token, not the old secret.
    await wrapper.find('[data-testid=create-token]').trigger('click');
    expect(wrapper.find('[data-testid=create-token-form]').exists()).toBe(true);
    expect(document.body.innerHTML).not.toContain(SECRET);
  });

  it('shows the API’s field errors under the fields', async () => {
    fakeApi({
      'GET /api/v1/api-tokens': () => [],
      'POST /api/v1/api-tokens': () =>
        new Response(JSON.stringify({ statusCode: 400, error: 'Bad Request', message: 'x', details: [{ field: 'expiresAt', messages: ['must be in the future and within 366 days'] }] }), { status: 400 }),
    });
    const { wrapper } = await mountPage(ApiTokensPage, { me: owner });
    await wrapper.find('[data-testid=create-token]').trigger('click');
    await wrapper.find('input[name=name]').setValue('CRM');
    await wrapper.find('input[data-permission="audit.read"]').setValue(true);
    await wrapper.find('[data-testid=create-token-form]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('input[name=expiresAt]').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('[data-testid=create-token-dialog]').text()).toContain('must be in the future and within 366 days');
    expect(wrapper.find('[data-testid=create-token-error]').text()).toBe('Проверьте выделенные поля');
  });

  it('revokes a token only after confirmation', async () => {
    const api = tokenApi([token()]);
    const { wrapper } = await mountPage(ApiTokensPage, { me: owner });
    await wrapper.find('[data-testid=revoke-token]').trigger('click');
    const confirm = wrapper.find('[data-testid=confirm-dialog]');
    expect(confirm.text()).toContain('Отозвать токен «1С: выгрузка»?');
    expect(api.calls.some((c) => c.method === 'DELETE')).toBe(false);
    await confirm.find('[data-testid=confirm-action]').trigger('click');
    await flushPromises();
    expect(api.calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual(['/api/v1/api-tokens/c0ffee00-0000-4000-8000-000000000001']);
    expect(wrapper.find('[data-testid=confirm-dialog]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=token-status]').text()).toBe('Отозван');
  });
});
