import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, json, meWith, mountPage, validationError } from '@/shared/testing/fake-api';
import type { Connection } from '../connections.types';
import TelegramBotDialog from './TelegramBotDialog.vue';

enableAutoUnmount(afterEach);

type Wrapper = Awaited<ReturnType<typeof mountPage>>['wrapper'];
afterEach(() => vi.unstubAllGlobals());

const TOKEN = '7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0';
const manager = meWith(['connections.read', 'connections.manage']);
const bot: Connection = {
  id: 'c0000000-0000-4000-8000-0000000000b0',
  type: 'telegram-bot',
  displayName: 'Бот поддержки',
  state: 'active',
  stateReason: null,
  floodWaitUntil: null,
  suspendedReason: null,
  webhookUrl: null,
  perMinuteLimit: 30,
  memberIds: [],
  createdAt: '2026-11-20T12:00:00.000Z',
  disconnectedAt: null,
};

const tokenErrors = (wrapper: Wrapper) => wrapper.findAll('[data-testid=tg-bot-token-field] .field-error').map((e) => e.text());

async function submitToken(wrapper: Wrapper, token: string, name = ''): Promise<void> {
  await wrapper.find('[data-testid=tg-bot-token]').setValue(token);
  await wrapper.find('[data-testid=tg-bot-name]').setValue(name);
  await wrapper.find('[data-testid=tg-bot-form]').trigger('submit');
  await flushPromises();
}

describe('connecting a Telegram bot', () => {
  it('says where the token comes from and checks its shape before sending it', async () => {
    const api = fakeApi({});
    const { wrapper } = await mountPage(TelegramBotDialog, { me: manager, props: { open: true } });
    expect(wrapper.text()).toContain('@BotFather');
    await submitToken(wrapper, '   ');
    expect(tokenErrors(wrapper)).toEqual(['Вставьте токен от @BotFather']);
    await submitToken(wrapper, 'not-a-token');
    expect(tokenErrors(wrapper)[0]).toContain('Токен выглядит так: 123456789:AAH…');
    expect(api.calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('shows the server’s message under the token when Telegram refuses it, and keeps the dialog open', async () => {
    const api = fakeApi({ 'POST /api/v1/connections': () => validationError('botToken', 'Telegram не принял токен: бот не найден') });
    const { wrapper } = await mountPage(TelegramBotDialog, { me: manager, props: { open: true } });
    await submitToken(wrapper, TOKEN);
    expect(api.calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([{ type: 'telegram-bot', botToken: TOKEN }]);
    expect(tokenErrors(wrapper)).toEqual(['Telegram не принял токен: бот не найден']);
    expect(wrapper.find('[data-testid=tg-bot-token]').attributes('aria-invalid')).toBe('true');
    expect(wrapper.emitted('created')).toBeUndefined();
    expect(wrapper.emitted('close')).toBeUndefined();
    // Editing the token clears the server's verdict on it.
    await wrapper.find('[data-testid=tg-bot-token]').setValue(`${TOKEN}x`);
    expect(tokenErrors(wrapper)).toEqual([]);
  });

  it('says under the token that the bot is connected already, and keeps the dialog open', async () => {
    fakeApi({ 'POST /api/v1/connections': () => json(409, { statusCode: 409, error: 'Conflict', message: 'This bot is connected already', details: [{ field: 'botToken', messages: ['belongs to a bot that is connected already'] }] }) });
    const { wrapper } = await mountPage(TelegramBotDialog, { me: manager, props: { open: true } });
    await submitToken(wrapper, TOKEN);
    expect(tokenErrors(wrapper)).toEqual(['Этот бот уже подключён — здесь или в другой компании. Отключите его там, чтобы подключить здесь.']);
    expect(wrapper.emitted('close')).toBeUndefined();
  });

  it('says so when the platform cannot connect bots now', async () => {
    fakeApi({ 'POST /api/v1/connections': () => json(422, { statusCode: 422, error: 'Unprocessable Entity', message: 'refused', details: { reason: 'messenger-unavailable' } }) });
    const { wrapper } = await mountPage(TelegramBotDialog, { me: manager, props: { open: true } });
    await submitToken(wrapper, TOKEN);
    expect(wrapper.find('[data-testid=tg-bot-error]').text()).toBe('Подключение ботов Telegram сейчас недоступно на этом сервере.');
  });

  it('connects the bot with its name and closes, forgetting the token', async () => {
    const api = fakeApi({ 'POST /api/v1/connections': () => json(201, { connection: bot, secrets: null }) });
    const { wrapper } = await mountPage(TelegramBotDialog, { me: manager, props: { open: true } });
    await submitToken(wrapper, ` ${TOKEN} `, ' Бот поддержки ');
    expect(api.calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([{ type: 'telegram-bot', botToken: TOKEN, displayName: 'Бот поддержки' }]);
    expect(wrapper.emitted('created')).toEqual([[{ connection: bot, secrets: null }]]);
    expect(wrapper.emitted('close')).toHaveLength(1);
    expect(wrapper.find<HTMLInputElement>('[data-testid=tg-bot-token]').element.value).toBe('');
  });
});
