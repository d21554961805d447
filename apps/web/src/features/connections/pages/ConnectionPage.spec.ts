import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, json, meWith, mountPage, noContent } from '@/shared/testing/fake-api';
import type { Connection } from '../connections.types';
import ConnectionPage from './ConnectionPage.vue';

enableAutoUnmount(afterEach);

type Wrapper = Awaited<ReturnType<typeof mountPage>>['wrapper'];
afterEach(() => vi.unstubAllGlobals());

const ID = 'c0000000-0000-4000-8000-000000000042';
const routes = [{ path: '/connections', name: 'connections', component: { template: '<p>connections</p>' } }];
const manager = meWith(['connections.read', 'connections.manage']);

function connection(overrides: Partial<Connection> = {}): Connection {
  return { id: ID, type: 'telegram', displayName: 'Отдел продаж', state: 'active', stateReason: null, floodWaitUntil: null, suspendedReason: null, webhookUrl: null, perMinuteLimit: 20, memberIds: [], createdAt: '2026-11-01T09:00:00.000Z', disconnectedAt: null, ...overrides };
}

function connectionApi(shown: Connection) {
  return fakeApi({
    [`GET /api/v1/connections/${ID}`]: () => shown,
    [`DELETE /api/v1/connections/${ID}`]: () => noContent(),
    'POST /api/v1/telegram/logins': () =>
      json(201, { id: 'l1', method: 'qr', state: 'waiting-for-scan', qrUrl: 'tg://login?token=x', qrExpiresAt: null, phone: null, codeDelivery: null, passwordHint: null, error: null, retryAfterSeconds: null, connectionId: null, expiresAt: '2026-11-20T12:05:00.000Z' }),
    'DELETE /api/v1/telegram/logins/l1': () => noContent(),
    'GET /api/v1/telegram/logins/l1': () => json(404, { statusCode: 404, error: 'Not Found', message: 'gone' }),
  });
}

async function disconnect(wrapper: Wrapper, { tickLogOut }: { tickLogOut: boolean }): Promise<void> {
  await wrapper.find('[data-testid=connection-disconnect]').trigger('click');
  if (tickLogOut) await wrapper.find('[data-testid=disconnect-log-out]').setValue(true);
  await wrapper.find('[data-testid=confirm-action]').trigger('click');
  await flushPromises();
}

describe('disconnecting a connection', () => {
  it('also ends the Telegram session when the box is ticked', async () => {
    const api = connectionApi(connection());
    const { wrapper, router } = await mountPage(ConnectionPage, { me: manager, props: { connectionId: ID }, routes });
    await wrapper.find('[data-testid=connection-disconnect]').trigger('click');
    const dialog = wrapper.find('[data-testid=confirm-dialog]');
    expect(dialog.text()).toContain('Также завершить сеанс в Telegram');
    expect(dialog.text()).toContain('ключ сеанса удаляется сразу');
    expect(dialog.find<HTMLInputElement>('[data-testid=disconnect-log-out]').element.checked).toBe(false);
    await dialog.find('[data-testid=disconnect-log-out]').setValue(true);
    await dialog.find('[data-testid=confirm-action]').trigger('click');
    await flushPromises();
    const deletes = api.calls.filter((c) => c.method === 'DELETE');
    expect(deletes.map((c) => [c.path, c.query.get('logOut')])).toEqual([[`/api/v1/connections/${ID}`, 'true']]);
    expect(router.currentRoute.value.name).toBe('connections');
  });

  it('keeps the Telegram session when the box is left unticked', async () => {
    const api = connectionApi(connection());
    const { wrapper } = await mountPage(ConnectionPage, { me: manager, props: { connectionId: ID }, routes });
    await disconnect(wrapper, { tickLogOut: false });
    const deletes = api.calls.filter((c) => c.method === 'DELETE');
    expect(deletes.map((c) => [c.path, c.query.has('logOut')])).toEqual([[`/api/v1/connections/${ID}`, false]]);
  });

  it('starts unticked each time the confirmation opens', async () => {
    connectionApi(connection());
    const { wrapper } = await mountPage(ConnectionPage, { me: manager, props: { connectionId: ID }, routes });
    await wrapper.find('[data-testid=connection-disconnect]').trigger('click');
    await wrapper.find('[data-testid=disconnect-log-out]').setValue(true);
    await wrapper.find('[data-testid=confirm-dialog] .btn-secondary').trigger('click');
    await wrapper.find('[data-testid=connection-disconnect]').trigger('click');
    expect(wrapper.find<HTMLInputElement>('[data-testid=disconnect-log-out]').element.checked).toBe(false);
  });

  it('asks the usual question for other channels, with no session to end', async () => {
    const api = connectionApi(connection({ type: 'api', displayName: 'Сайт' }));
    const { wrapper } = await mountPage(ConnectionPage, { me: manager, props: { connectionId: ID }, routes });
    await wrapper.find('[data-testid=connection-disconnect]').trigger('click');
    expect(wrapper.find('[data-testid=disconnect-log-out]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=confirm-dialog]').text()).toContain('Ключи канала перестанут работать');
    await wrapper.find('[data-testid=confirm-action]').trigger('click');
    await flushPromises();
    expect(api.calls.filter((c) => c.method === 'DELETE').map((c) => c.query.has('logOut'))).toEqual([false]);
  });
});

describe('a Telegram account that needs a new sign-in', () => {
  it('offers to sign in again, for this connection', async () => {
    const api = connectionApi(connection({ state: 'needs-relogin', stateReason: 'Telegram завершил сеанс' }));
    const { wrapper } = await mountPage(ConnectionPage, { me: manager, props: { connectionId: ID }, routes });
    expect(wrapper.find('[data-testid=connection-health]').text()).toBe('Нужен повторный вход');
    expect(wrapper.find('[data-testid=connection-relogin-notice]').text()).toContain('Telegram завершил сеанс');
    await wrapper.find('[data-testid=connection-relogin]').trigger('click');
    const dialog = wrapper.find('[data-testid=tg-login-dialog]');
    expect(dialog.text()).toContain('Войти в Telegram заново');
    expect(dialog.text()).toContain('«Отдел продаж»');
    await dialog.find('[data-testid=tg-continue]').trigger('click');
    await flushPromises();
    expect(api.calls.filter((c) => c.path === '/api/v1/telegram/logins').map((c) => c.body)).toEqual([{ method: 'qr', connectionId: ID }]);
  });

  it('offers no new sign-in to whoever may only read', async () => {
    connectionApi(connection({ state: 'needs-relogin' }));
    const { wrapper } = await mountPage(ConnectionPage, { me: meWith(['connections.read']), props: { connectionId: ID }, routes });
    expect(wrapper.find('[data-testid=connection-relogin-notice]').exists()).toBe(true);
    expect(wrapper.find('[data-testid=connection-relogin]').exists()).toBe(false);
  });
});
