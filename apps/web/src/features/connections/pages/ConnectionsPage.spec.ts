import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiCall, fakeApi, json, meWith, mountPage } from '@/shared/testing/fake-api';
import type { Connection } from '../connections.types';
import ConnectionsPage from './ConnectionsPage.vue';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const routes = [{ path: '/connections/:connectionId', name: 'connection', component: { template: '<p>connection</p>' } }];
const manager = meWith(['connections.read', 'connections.manage']);

function connection(id: string, overrides: Partial<Connection> = {}): Connection {
  return { id, type: 'api', displayName: 'Сайт', state: 'active', stateReason: null, floodWaitUntil: null, suspendedReason: null, webhookUrl: null, perMinuteLimit: 30, memberIds: [], createdAt: '2026-11-01T09:00:00.000Z', disconnectedAt: null, ...overrides };
}

function connectionsApi(list: Connection[]) {
  return fakeApi({
    'GET /api/v1/connections': () => list,
    'GET /api/v1/channel-types': () => [
      { type: 'api', available: true, suspendedReason: null },
      { type: 'telegram', available: false, suspendedReason: null },
      { type: 'whatsapp', available: false, suspendedReason: 'Проверка оператором платформы' },
      { type: 'vk', available: false, suspendedReason: null },
    ],
    'GET /api/v1/messaging/settings': () => ({ optOutLine: 'Чтобы отказаться от сообщений, ответьте СТОП', optOutKeywords: ['стоп', 'отписаться'], optOutConfirmation: 'Вы отписаны.', perChatPerMinute: 5 }),
    'POST /api/v1/connections': (call: ApiCall) => {
      const body = call.body as { displayName: string };
      const created = connection('new', { displayName: body.displayName });
      list.push(created);
      return json(201, { connection: created, secrets: { inboundToken: 'in_tok_secret', signingSecret: 'sig_secret' } });
    },
  });
}

describe('connections page', () => {
  it('shows each connection’s health in words, with a platform suspension above everything', async () => {
    connectionsApi([
      connection('a'),
      connection('b', { displayName: 'WhatsApp', type: 'whatsapp', suspendedReason: 'Приостановлено платформой до проверки' }),
      connection('c', { displayName: 'Telegram', type: 'telegram', state: 'flood-wait', floodWaitUntil: '2026-11-20T12:30:00.000Z' }),
      connection('d', { displayName: 'Старый', state: 'needs-relogin' }),
    ]);
    const { wrapper } = await mountPage(ConnectionsPage, { me: manager, routes });
    const health = wrapper.findAll('[data-testid=connection-health]').map((b) => b.text());
    expect(health[0]).toBe('Работает');
    expect(health[1]).toBe('Приостановлено платформой');
    expect(health[2]).toMatch(/^Пауза по лимиту до 20\.11\.2026, \d\d:30$/);
    expect(health[3]).toBe('Нужен повторный вход');
    expect(wrapper.find('[data-testid=connections-attention]').text()).toBe('3 подключения требуют внимания');
  });

  it('connects an API channel and shows its token and secret once', async () => {
    const api = connectionsApi([]);
    const { wrapper } = await mountPage(ConnectionsPage, { me: manager, routes });
    await wrapper.find('[data-testid=connect-open]').trigger('click');
    const dialog = wrapper.find('[data-testid=connect-dialog]');
    expect(dialog.find<HTMLButtonElement>('[data-testid=channel-type-telegram]').element.disabled).toBe(true);
    expect(dialog.find('[data-testid=channel-type-telegram]').text()).toContain('Недоступно');
    expect(dialog.find('[data-testid=channel-type-vk]').text()).toContain('скоро');
    expect(dialog.find('[data-testid=channel-type-whatsapp]').text()).toContain('Приостановлено');
    await dialog.find('[data-testid=channel-type-api]').trigger('click');
    await wrapper.find('input[name=displayName]').setValue('Чат на сайте');
    await wrapper.find('input[name=webhookUrl]').setValue('ftp://nope');
    await wrapper.find('[data-testid=connect-api-form]').trigger('submit');
    expect(wrapper.text()).toContain('Введите адрес, начинающийся с http:// или https://');
    await wrapper.find('input[name=webhookUrl]').setValue('https://crm.example.ru/hook');
    await wrapper.find('[data-testid=connect-api-form]').trigger('submit');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({ type: 'api', displayName: 'Чат на сайте', webhookUrl: 'https://crm.example.ru/hook' });
    expect(wrapper.find('[data-testid=connection-inbound-token]').text()).toBe('in_tok_secret');
    expect(wrapper.find('[data-testid=connection-signing-secret]').text()).toBe('sig_secret');
    expect(wrapper.findAll('[data-testid=connection-name] strong').map((n) => n.text())).toEqual(['Чат на сайте']);

    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await flushPromises();
    expect(wrapper.find('[data-testid=connection-inbound-token]').exists()).toBe(true);
    await wrapper.find('[data-testid=connection-secrets-done]').trigger('click');
    await flushPromises();
    expect(document.body.innerHTML).not.toContain('in_tok_secret');
  });

  it('opens the Telegram wizard and the bot dialog from the connect choice when the platform offers them', async () => {
    const list: Connection[] = [];
    const api = fakeApi({
      'GET /api/v1/connections': () => list,
      'GET /api/v1/channel-types': () => [
        { type: 'telegram', available: true, suspendedReason: null },
        { type: 'telegram-bot', available: true, suspendedReason: null },
        { type: 'api', available: true, suspendedReason: null },
      ],
      'GET /api/v1/messaging/settings': () => ({ optOutLine: 'Ответьте СТОП', optOutKeywords: ['стоп'], optOutConfirmation: 'Вы отписаны.', perChatPerMinute: 5 }),
      'POST /api/v1/connections': () => {
        const created = connection('bot', { type: 'telegram-bot', displayName: 'Бот поддержки' });
        list.push(created);
        return json(201, { connection: created, secrets: null });
      },
    });
    const { wrapper } = await mountPage(ConnectionsPage, { me: manager, routes });
    await wrapper.find('[data-testid=connect-open]').trigger('click');
    expect(wrapper.findAll('[data-testid=channel-types] li button').map((b) => b.attributes('data-testid'))).toEqual(['channel-type-telegram', 'channel-type-telegram-bot', 'channel-type-api']);
    await wrapper.find('[data-testid=channel-type-telegram]').trigger('click');
    expect(wrapper.find('[data-testid=connect-dialog]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=tg-login-dialog]').text()).toContain('Подключить Telegram');
    await wrapper.find('[data-testid=tg-login-dialog] .btn-secondary').trigger('click');
    expect(wrapper.find('[data-testid=tg-login-dialog]').exists()).toBe(false);

    await wrapper.find('[data-testid=connect-open]').trigger('click');
    await wrapper.find('[data-testid=channel-type-telegram-bot]').trigger('click');
    await wrapper.find('[data-testid=tg-bot-token]').setValue('7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0');
    await wrapper.find('[data-testid=tg-bot-form]').trigger('submit');
    await flushPromises();
    expect(api.calls.filter((c) => c.method === 'POST').map((c) => (c.body as { type: string }).type)).toEqual(['telegram-bot']);
    expect(wrapper.find('[data-testid=tg-bot-dialog]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=connections-notice]').text()).toBe('«Бот поддержки» подключён');
    expect(wrapper.findAll('[data-testid=connection-name] strong').map((n) => n.text())).toEqual(['Бот поддержки']);
  });

  it('offers a new sign-in on a Telegram account that needs one, only while Telegram is offered', async () => {
    const list = [connection('t', { type: 'telegram', displayName: 'Продажи', state: 'needs-relogin' }), connection('a')];
    connectionsApi(list);
    const { wrapper } = await mountPage(ConnectionsPage, { me: manager, routes });
    const relogin = wrapper.findAll<HTMLButtonElement>('[data-testid=connection-relogin]');
    expect(relogin).toHaveLength(1);
    // The fixture's channel types have Telegram not configured on this server.
    expect(relogin[0].element.disabled).toBe(true);
  });

  it('shows the list read-only to whoever may not manage connections', async () => {
    connectionsApi([connection('a')]);
    const { wrapper } = await mountPage(ConnectionsPage, { me: meWith(['connections.read']), routes });
    expect(wrapper.find('[data-testid=connect-open]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=messaging-settings]').exists()).toBe(false);
  });
});
