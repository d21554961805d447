import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiCall, fakeApi, json, meWith, mountPage } from '@/shared/testing/fake-api';
import { conversationOf, messageOf } from '../inbox.testing';
import type { Conversation } from '../inbox.types';
import MessageComposer from './MessageComposer.vue';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const ID = '5e0f0000-0000-4000-8000-000000000001';
const operator = meWith(['conversations.read', 'conversations.reply']);

function composer(conversation: Partial<Conversation> = {}, { canReply = true, firstMessage = false } = {}) {
  return mountPage(MessageComposer, { me: operator, props: { conversation: conversationOf(ID, conversation), canReply, firstMessage } });
}

const refusal = (reason: string) =>
  json(422, { statusCode: 422, error: 'Unprocessable Entity', message: `Refused: ${reason}`, details: { reason } });

describe('the composer', () => {
  it('sends on Enter, keeps Shift+Enter for a new line, and clears the draft once queued', async () => {
    const api = fakeApi({ [`POST /api/v1/conversations/${ID}/messages`]: (call: ApiCall) => json(201, messageOf('m-1', { conversationId: ID, direction: 'out', status: 'queued', text: (call.body as { text: string }).text })) });
    const { wrapper } = await composer();
    const input = wrapper.find<HTMLTextAreaElement>('[data-testid=composer-input]');
    await input.setValue('Добрый день!');
    await input.trigger('keydown', { key: 'Enter', shiftKey: true });
    await flushPromises();
    expect(api.calls).toHaveLength(0);

    await input.trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(api.calls).toHaveLength(1);
    expect(api.calls[0].body).toMatchObject({ text: 'Добрый день!', purpose: 'service' });
    expect((api.calls[0].body as { clientMessageId: string }).clientMessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(input.element.value).toBe('');
    expect(wrapper.emitted('sent')?.[0]?.[0]).toMatchObject({ id: 'm-1', status: 'queued' });
  });

  it.each([
    ['contact-suppressed', 'Клиент отказался от сообщений — отправка запрещена, пока отказ не снят.'],
    ['chat-rate-limited', 'Слишком много сообщений в этот чат подряд. Подождите минуту и отправьте снова.'],
    ['connection-not-active', 'Подключение сейчас не работает. Проверьте его состояние на странице «Подключения».'],
    ['consent-required', 'Для рекламного сообщения нужно согласие клиента на рекламу (38-ФЗ, ст. 18) — оно не записано.'],
  ])('explains the refusal %s in Russian and keeps the draft', async (reason, text) => {
    fakeApi({ [`POST /api/v1/conversations/${ID}/messages`]: () => refusal(reason) });
    const { wrapper } = await composer();
    await wrapper.find('[data-testid=composer-input]').setValue('Скидка 20% только сегодня');
    await wrapper.find('[data-testid=composer-send]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid=composer-error]').text()).toBe(text);
    expect(wrapper.find<HTMLTextAreaElement>('[data-testid=composer-input]').element.value).toBe('Скидка 20% только сегодня');
    expect(wrapper.emitted('sent')).toBeUndefined();
  });

  it('does not offer to write to a client who opted out, nor to a group, nor without the right to reply', async () => {
    fakeApi({});
    const suppressed = (await composer({ suppressed: true })).wrapper;
    expect(suppressed.find('[data-testid=composer-input]').exists()).toBe(false);
    expect(suppressed.find('[data-testid=composer-blocked]').text()).toContain('Клиент отказался от сообщений');

    const group = (await composer({ chatKind: 'group' })).wrapper;
    expect(group.find('[data-testid=composer-blocked]').text()).toContain('Платформа не пишет в группы');

    const readOnly = (await composer({}, { canReply: false })).wrapper;
    expect(readOnly.find('[data-testid=composer-blocked]').text()).toContain('нет права отвечать');
  });

  it('says the first message carries the opt-out line', async () => {
    fakeApi({});
    expect((await composer({}, { firstMessage: true })).wrapper.find('[data-testid=opt-out-hint]').text()).toContain('строка о том, как отказаться');
    expect((await composer({}, { firstMessage: false })).wrapper.find('[data-testid=opt-out-hint]').exists()).toBe(false);
  });

  it('sends nothing empty', async () => {
    const api = fakeApi({});
    const { wrapper } = await composer();
    await wrapper.find('[data-testid=composer-input]').setValue('   ');
    await wrapper.find('[data-testid=composer-input]').trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(api.calls).toHaveLength(0);
    expect(wrapper.find<HTMLButtonElement>('[data-testid=composer-send]').element.disabled).toBe(true);
  });
});
