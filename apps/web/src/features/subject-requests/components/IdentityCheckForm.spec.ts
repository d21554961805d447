import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiCall, fakeApi, json, meWith, mountPage } from '@/shared/testing/fake-api';
import { subjectRequest } from '../subject-requests.testing';
import type { IdentityCodeState } from '../subject-requests.types';
import IdentityCheckForm from './IdentityCheckForm.vue';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const officer = meWith(['subject-requests.read', 'subject-requests.manage']);
const BASE = '/api/v1/subject-requests/r1';
const TELEGRAM = { id: 'messaging:c1', label: 'Telegram · +7 *** ***-45-67 · Продажи', unavailable: null };
const BLOCKED = { id: 'messaging:c2', label: 'ВКонтакте · Поддержка', unavailable: { reason: 'contact-blocked', message: 'Processing of this client\'s data is blocked on their request' } };
const SENT_AT = '2026-12-01T09:00:00.000Z';

function refused(status: number, details: Record<string, unknown>): Response {
  return json(status, { statusCode: status, error: 'Refused', message: String(details.reason), details });
}

function codeState(overrides: Partial<IdentityCodeState> = {}): IdentityCodeState {
  return { channels: [TELEGRAM, BLOCKED], code: null, nextSendAt: SENT_AT, ...overrides };
}

const active = (attemptsLeft: number) => ({ channel: TELEGRAM.label, sentAt: SENT_AT, expiresAt: '2026-12-01T09:15:00.000Z', status: 'active' as const, attemptsLeft });

async function mountForm() {
  const mounted = await mountPage(IdentityCheckForm, { me: officer, props: { requestId: 'r1' } });
  await mounted.wrapper.find('[data-testid=identity-method-one-time-code]').setValue(true);
  await flushPromises();
  return mounted;
}

describe('the identity check by a one-time code', () => {
  it('sends the code to the known channel picked, refuses a wrong one with the attempts left, and confirms the right one', async () => {
    let state = codeState();
    const api = fakeApi({
      [`GET ${BASE}/identity/code`]: () => state,
      [`POST ${BASE}/identity/code`]: () => {
        state = codeState({ code: active(5), nextSendAt: '2026-12-01T09:01:00.000Z' });
        return json(201, state);
      },
      [`POST ${BASE}/identity`]: (call: ApiCall) => {
        if ((call.body as { evidence: string }).evidence !== '042917') {
          state = codeState({ code: active(4) });
          return refused(422, { reason: 'code-mismatch', attemptsLeft: 4 });
        }
        return json(201, subjectRequest('r1', { status: 'in-progress', identity: { method: 'one-time-code', evidence: 'Одноразовый код, отправленный 01.12.2026, 12:00 МСК (Telegram · +7 *** ***-45-67 · Продажи), назван верно', verifiedAt: SENT_AT, verifiedBy: null } }));
      },
    });
    const { wrapper } = await mountForm();
    expect(wrapper.find('[data-testid=identity-evidence]').exists()).toBe(false);
    const channels = wrapper.findAll('[data-testid=code-channel]');
    expect(channels.map((c) => c.text())).toEqual([TELEGRAM.label, `${BLOCKED.label}Обработка данных этого клиента заблокирована по его запросу — писать ему нельзя.`]);
    expect(channels[1].find('input').attributes('disabled')).toBeDefined();
    expect(wrapper.find('[data-testid=code-form]').exists()).toBe(false);

    await wrapper.find('[data-testid=code-send]').trigger('click');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'POST' && c.path === `${BASE}/identity/code`)?.body).toEqual({ channelId: TELEGRAM.id });
    expect(wrapper.find('[data-testid=code-status]').text()).toContain(TELEGRAM.label);
    expect(wrapper.find('[data-testid=code-validity]').text()).toContain('осталось 5 попыток');
    expect(wrapper.find('[data-testid=code-send]').text()).toBe('Отправить новый код');
    // The page reads the request again to show «code sent» in its log.
    expect(wrapper.emitted('logged')).toHaveLength(1);

    await wrapper.find('[data-testid=code-input]').setValue('12 34');
    await wrapper.find('[data-testid=code-form]').trigger('submit');
    expect(wrapper.find('[data-testid=code-form] .field-error').text()).toBe('Введите 6 цифр');
    expect(api.calls.some((c) => c.path === `${BASE}/identity`)).toBe(false);

    await wrapper.find('[data-testid=code-input]').setValue('111 111');
    await wrapper.find('[data-testid=code-form]').trigger('submit');
    await flushPromises();
    expect(api.calls.find((c) => c.path === `${BASE}/identity`)?.body).toEqual({ method: 'one-time-code', evidence: '111111' });
    expect(wrapper.find('[data-testid=code-error]').text()).toBe('Код не совпадает. Осталось попыток: 4.');
    expect(wrapper.find('[data-testid=code-validity]').text()).toContain('осталось 4 попытки');
    expect(wrapper.emitted('logged')).toHaveLength(2);

    await wrapper.find('[data-testid=code-input]').setValue('042917');
    await wrapper.find('[data-testid=code-form]').trigger('submit');
    await flushPromises();
    expect(wrapper.emitted('verified')?.[0]?.[0]).toMatchObject({ identity: { method: 'one-time-code' } });
  });

  it('says there is nowhere to send a code when the business holds no conversation with the person', async () => {
    fakeApi({ [`GET ${BASE}/identity/code`]: () => codeState({ channels: [] }) });
    const { wrapper } = await mountForm();
    expect(wrapper.find('[data-testid=code-no-channels]').text()).toContain('отправить код некуда');
    expect(wrapper.find('[data-testid=code-send]').exists()).toBe(false);
  });

  it('says in Russian why a code was not sent', async () => {
    const refusals = [refused(422, { reason: 'contact-blocked' }), refused(422, { reason: 'code-resend-too-soon', retryAfterSeconds: 42 })];
    fakeApi({ [`GET ${BASE}/identity/code`]: () => codeState(), [`POST ${BASE}/identity/code`]: () => refusals.shift()! });
    const { wrapper } = await mountForm();
    await wrapper.find('[data-testid=code-send]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid=code-error]').text()).toBe('Обработка данных этого клиента заблокирована по его запросу — писать ему нельзя.');
    await wrapper.find('[data-testid=code-send]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid=code-error]').text()).toBe('Новый код можно отправить через 42 с.');
    expect(wrapper.find('[data-testid=code-status]').exists()).toBe(false);
  });

  it('asks for a new code once the last one is void, and takes no code for it', async () => {
    fakeApi({ [`GET ${BASE}/identity/code`]: () => codeState({ code: { ...active(0), status: 'void' } }) });
    const { wrapper } = await mountForm();
    expect(wrapper.find('[data-testid=code-status]').attributes('data-status')).toBe('void');
    expect(wrapper.find('[data-testid=code-status]').text()).toContain('Код аннулирован после пяти неверных попыток');
    expect(wrapper.find('[data-testid=code-form]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=code-send]').text()).toBe('Отправить новый код');
  });

  it('speaks English too', async () => {
    fakeApi({ [`GET ${BASE}/identity/code`]: () => codeState({ code: active(2) }) });
    const mounted = await mountPage(IdentityCheckForm, { me: officer, locale: 'en', props: { requestId: 'r1' } });
    await mounted.wrapper.find('[data-testid=identity-method-one-time-code]').setValue(true);
    await flushPromises();
    expect(mounted.wrapper.find('[data-testid=code-validity]').text()).toContain('2 attempts left');
    expect(mounted.wrapper.find('[data-testid=code-send]').text()).toBe('Send a new code');
  });
});
