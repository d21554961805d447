import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ApiCall, fakeApi, json, meWith, mountPage, noContent } from '@/shared/testing/fake-api';
import type { Connection, TelegramLogin } from '../connections.types';
import TelegramConnectDialog from './TelegramConnectDialog.vue';

enableAutoUnmount(afterEach);

type Wrapper = Awaited<ReturnType<typeof mountPage>>['wrapper'];
beforeEach(() => {
  // Only the timers the wizard polls and counts down with; the promise flushing stays real.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(new Date('2026-11-20T12:00:00.000Z'));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const LOGIN_ID = 'a1000000-0000-4000-8000-000000000001';
const CONNECTION_ID = 'c0000000-0000-4000-8000-000000000007';
const LOGINS = '/api/v1/telegram/logins';
const LOGIN = `${LOGINS}/${LOGIN_ID}`;
const manager = meWith(['connections.read', 'connections.manage']);
const routes = [{ path: '/connections/:connectionId', name: 'connection', component: { template: '<p>connection</p>' } }];

function telegramLogin(overrides: Partial<TelegramLogin> = {}): TelegramLogin {
  return {
    id: LOGIN_ID,
    method: 'qr',
    state: 'waiting-for-scan',
    qrUrl: 'tg://login?token=AQAAAAFirst',
    qrExpiresAt: '2026-11-20T12:00:30.000Z',
    phone: null,
    codeDelivery: null,
    passwordHint: null,
    error: null,
    retryAfterSeconds: null,
    connectionId: null,
    expiresAt: '2026-11-20T12:05:00.000Z',
    ...overrides,
  };
}

const connected: Connection = {
  id: CONNECTION_ID,
  type: 'telegram',
  displayName: 'Отдел продаж',
  state: 'active',
  stateReason: null,
  floodWaitUntil: null,
  suspendedReason: null,
  webhookUrl: null,
  perMinuteLimit: 20,
  memberIds: [],
  createdAt: '2026-11-20T12:01:00.000Z',
  disconnectedAt: null,
};

/** A fake login server: `server.login` is what the next GET answers; handlers answer actions. */
function loginServer(first: TelegramLogin, actions: { code?: (code: string) => TelegramLogin; password?: (password: string) => TelegramLogin; start?: (call: ApiCall) => TelegramLogin } = {}) {
  const server = { login: first };
  const api = fakeApi({
    [`POST ${LOGINS}`]: (call) => {
      server.login = actions.start ? actions.start(call) : first;
      return json(201, server.login);
    },
    [`GET ${LOGIN}`]: () => server.login,
    [`POST ${LOGIN}/code`]: (call) => (server.login = actions.code!((call.body as { code: string }).code)),
    [`POST ${LOGIN}/password`]: (call) => (server.login = actions.password!((call.body as { password: string }).password)),
    [`DELETE ${LOGIN}`]: () => noContent(),
    [`GET /api/v1/connections/${CONNECTION_ID}`]: () => connected,
  });
  const callsTo = (method: string, path: string) => api.calls.filter((c) => c.method === method && c.path === path);
  return { server, api, callsTo };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await flushPromises();
}

/**
 * The QR image is PNG-encoded by zlib off the main thread: turn the (real) event loop until it
 * is drawn, without moving the faked clock that drives the polls.
 */
async function untilQr(wrapper: Wrapper, url: string): Promise<void> {
  const drawn = () => {
    const qr = wrapper.find('[data-testid=tg-qr]');
    return qr.exists() && qr.attributes('data-qr-url') === url;
  };
  // `performance` is not faked: a loaded machine gets up to 15 s of real time to encode the PNG.
  const giveUpAt = performance.now() + 15_000;
  while (!drawn() && performance.now() < giveUpAt) await flushPromises();
}

/** One poll period passes: the wizard asks for the login again and redraws. */
async function nextPoll(): Promise<void> {
  await vi.advanceTimersByTimeAsync(1000);
  await settle();
}

const stepOf = (wrapper: Wrapper) => wrapper.find('[data-testid=tg-login]').attributes('data-step');
const fieldErrors = (wrapper: Wrapper, field: string) => wrapper.findAll(`[data-testid=${field}] .field-error`).map((e) => e.text());

async function open(props: Record<string, unknown> = {}, locale: 'ru' | 'en' = 'ru') {
  const { wrapper } = await mountPage(TelegramConnectDialog, { me: manager, locale, props: { open: true, ...props }, routes });
  return wrapper;
}

async function choosePhone(wrapper: Wrapper): Promise<void> {
  await wrapper.find('[data-testid=tg-method-phone]').setValue(true);
  await wrapper.find('[data-testid=tg-continue]').trigger('click');
}

async function submit(wrapper: Wrapper, form: string, input: string, value: string): Promise<void> {
  await wrapper.find(`[data-testid=${input}]`).setValue(value);
  await wrapper.find(`[data-testid=${form}]`).trigger('submit');
  await settle();
}

describe('connecting Telegram by QR code', () => {
  it('draws the QR code again whenever the polled token changes, and ends connected', async () => {
    const { server, api, callsTo } = loginServer(telegramLogin());
    const wrapper = await open();
    expect(wrapper.find<HTMLInputElement>('[data-testid=tg-method-qr]').element.checked).toBe(true);
    expect(wrapper.find('[data-testid=tg-account-note]').text()).toContain('Никогда не вступает в группы и каналы');
    await wrapper.find('[data-testid=tg-name]').setValue('  Отдел продаж ');
    await wrapper.find('[data-testid=tg-continue]').trigger('click');
    await settle();
    await untilQr(wrapper, 'tg://login?token=AQAAAAFirst');

    expect(callsTo('POST', LOGINS).map((c) => c.body)).toEqual([{ method: 'qr', displayName: 'Отдел продаж' }]);
    const first = wrapper.find('[data-testid=tg-qr]');
    expect(first.attributes('data-qr-url')).toBe('tg://login?token=AQAAAAFirst');
    expect(first.attributes('src')).toMatch(/^data:image\/png;base64,/);
    const firstImage = first.attributes('src');
    expect(wrapper.text()).toContain('Настройки → Устройства → Подключить устройство');
    expect(wrapper.find('[data-testid=tg-qr-countdown]').text()).toBe('Код обновится через 30 с');

    await nextPoll();
    expect(callsTo('GET', LOGIN)).toHaveLength(1);
    expect(wrapper.find('[data-testid=tg-qr-countdown]').text()).toBe('Код обновится через 29 с');
    expect(wrapper.find('[data-testid=tg-qr]').attributes('data-qr-url')).toBe('tg://login?token=AQAAAAFirst');

    server.login = telegramLogin({ qrUrl: 'tg://login?token=AQAAAASecond', qrExpiresAt: '2026-11-20T12:01:01.000Z' });
    await nextPoll();
    await untilQr(wrapper, 'tg://login?token=AQAAAASecond');
    const second = wrapper.find('[data-testid=tg-qr]');
    expect(second.attributes('data-qr-url')).toBe('tg://login?token=AQAAAASecond');
    expect(second.attributes('src')).not.toBe(firstImage);
    expect(wrapper.find('[data-testid=tg-qr-countdown]').text()).toBe('Код обновится через 59 с');

    server.login = telegramLogin({ state: 'done', qrUrl: null, qrExpiresAt: null, connectionId: CONNECTION_ID });
    await nextPoll();
    expect(stepOf(wrapper)).toBe('done');
    expect(wrapper.find('[data-testid=tg-done-title]').text()).toBe('«Отдел продаж» подключён');
    expect(wrapper.emitted('connected')).toEqual([[CONNECTION_ID]]);
    expect(wrapper.find('[data-testid=tg-open-connection]').attributes('href')).toBe(`/connections/${CONNECTION_ID}`);

    // Final: no more polls, and nothing to cancel.
    const polls = callsTo('GET', LOGIN).length;
    await vi.advanceTimersByTimeAsync(5000);
    expect(callsTo('GET', LOGIN)).toHaveLength(polls);
    await wrapper.find('[data-testid=tg-done-close]').trigger('click');
    expect(wrapper.emitted('close')).toHaveLength(1);
    expect(api.calls.filter((c) => c.method === 'DELETE')).toEqual([]);
  });

  it('cancels the login on the server and stops polling when the dialog closes before the end', async () => {
    const { callsTo } = loginServer(telegramLogin());
    const wrapper = await open();
    await wrapper.find('[data-testid=tg-continue]').trigger('click');
    await settle();
    await nextPoll();
    expect(callsTo('GET', LOGIN)).toHaveLength(1);

    await wrapper.setProps({ open: false });
    await settle();
    expect(callsTo('DELETE', LOGIN)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(callsTo('GET', LOGIN)).toHaveLength(1);
  });

  it('switches to the phone number, cancelling the QR login', async () => {
    const { callsTo } = loginServer(telegramLogin());
    const wrapper = await open();
    await wrapper.find('[data-testid=tg-continue]').trigger('click');
    await settle();
    await wrapper.find('[data-testid=tg-switch-phone]').trigger('click');
    await settle();
    expect(stepOf(wrapper)).toBe('phone');
    expect(callsTo('DELETE', LOGIN)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3000);
    expect(callsTo('GET', LOGIN)).toHaveLength(0);
  });

  it('says when the login expired and starts again on request', async () => {
    const { server, callsTo } = loginServer(telegramLogin());
    const wrapper = await open();
    await wrapper.find('[data-testid=tg-continue]').trigger('click');
    await settle();
    server.login = telegramLogin({ state: 'expired', qrUrl: null, error: { code: 'expired', message: 'login expired' } });
    await nextPoll();
    expect(stepOf(wrapper)).toBe('ended');
    expect(wrapper.find('[data-testid=tg-ended-message]').text()).toBe('Время на вход истекло. Начните заново — это займёт минуту.');

    await wrapper.find('[data-testid=tg-restart]').trigger('click');
    await settle();
    expect(callsTo('POST', LOGINS)).toHaveLength(2);
    expect(stepOf(wrapper)).toBe('qr');
    expect(callsTo('DELETE', LOGIN)).toHaveLength(0);
  });

  it('says that an account connected already cannot be connected again, in the language chosen', async () => {
    const { server } = loginServer(telegramLogin());
    const wrapper = await open({}, 'en');
    await wrapper.find('[data-testid=tg-continue]').trigger('click');
    await settle();
    server.login = telegramLogin({ state: 'failed', qrUrl: null, error: { code: 'account-connected', message: 'This Telegram account is connected already' } });
    await nextPoll();
    expect(stepOf(wrapper)).toBe('ended');
    expect(wrapper.find('[data-testid=tg-ended]').attributes('data-state')).toBe('failed');
    expect(wrapper.find('[data-testid=tg-ended-message]').text()).toBe(
      'This Telegram account is connected already — here or in another business. Disconnect it there first; we have ended the new sign-in session.',
    );
  });

  it('treats a login the server no longer knows as expired', async () => {
    const { api } = loginServer(telegramLogin());
    const wrapper = await open();
    await wrapper.find('[data-testid=tg-continue]').trigger('click');
    await settle();
    const gone = fakeApi({ [`GET ${LOGIN}`]: () => json(404, { statusCode: 404, error: 'Not Found', message: 'login not found' }) });
    await nextPoll();
    expect(stepOf(wrapper)).toBe('ended');
    expect(wrapper.find('[data-testid=tg-ended-message]').text()).toContain('Попытка входа не найдена');
    await vi.advanceTimersByTimeAsync(3000);
    expect(gone.calls.map((c) => c.method)).toEqual(['GET']);
    expect([...api.calls, ...gone.calls].some((c) => c.method === 'DELETE')).toBe(false);
  });

  it('signs an account in again for the connection that needs it, without a new name', async () => {
    const { callsTo } = loginServer(telegramLogin());
    const wrapper = await open({ connectionId: CONNECTION_ID, connectionName: 'Отдел продаж' });
    expect(wrapper.find('[data-testid=tg-name]').exists()).toBe(false);
    expect(wrapper.text()).toContain('Войти в Telegram заново');
    await wrapper.find('[data-testid=tg-continue]').trigger('click');
    await settle();
    expect(callsTo('POST', LOGINS).map((c) => c.body)).toEqual([{ method: 'qr', connectionId: CONNECTION_ID }]);
  });
});

describe('connecting Telegram by phone number', () => {
  const codeSent = telegramLogin({ method: 'phone', state: 'code-sent', qrUrl: null, qrExpiresAt: null, phone: '+7 ••• •••-••-67', codeDelivery: 'app' });

  it('keeps a wrong code on the code step with its message, then asks for the password and ends connected', async () => {
    const { callsTo } = loginServer(codeSent, {
      code: (code) => (code === '22222' ? telegramLogin({ ...codeSent, state: 'password-needed', passwordHint: 'кличка кота' }) : { ...codeSent, error: { code: 'code-invalid', message: 'PHONE_CODE_INVALID' } }),
      password: (password) =>
        password === 'Секрет-42'
          ? telegramLogin({ ...codeSent, state: 'done', connectionId: CONNECTION_ID })
          : telegramLogin({ ...codeSent, state: 'password-needed', passwordHint: 'кличка кота', error: { code: 'password-invalid', message: 'PASSWORD_HASH_INVALID' } }),
    });
    const wrapper = await open();
    await choosePhone(wrapper);
    expect(stepOf(wrapper)).toBe('phone');

    await submit(wrapper, 'tg-phone-form', 'tg-phone', '8 999 123-45-67');
    expect(fieldErrors(wrapper, 'tg-phone-field')).toEqual(['Номер начинается с 8 — укажите код страны: для России +7 вместо 8']);
    await submit(wrapper, 'tg-phone-form', 'tg-phone', '999 1234567');
    expect(fieldErrors(wrapper, 'tg-phone-field')[0]).toContain('в международном формате');
    expect(callsTo('POST', LOGINS)).toHaveLength(0);

    await submit(wrapper, 'tg-phone-form', 'tg-phone', '+7 (999) 123-45-67');
    expect(callsTo('POST', LOGINS).map((c) => c.body)).toEqual([{ method: 'phone', phone: '+79991234567' }]);
    expect(stepOf(wrapper)).toBe('code');
    expect(wrapper.find('[data-testid=tg-code-delivery]').attributes('data-delivery')).toBe('app');
    expect(wrapper.find('[data-testid=tg-code-delivery]').text()).toContain('в приложение');
    expect(wrapper.find('[data-testid=tg-code-delivery]').text()).toContain('+7 ••• •••-••-67');

    await submit(wrapper, 'tg-code-form', 'tg-code', '11111');
    expect(stepOf(wrapper)).toBe('code');
    expect(fieldErrors(wrapper, 'tg-code-field')).toEqual(['Неверный код. Проверьте его в Telegram и введите ещё раз.']);
    expect(wrapper.find('[data-testid=tg-code]').attributes('aria-invalid')).toBe('true');
    // A poll repeats the server's last error; it stays until the user corrects the code.
    await nextPoll();
    expect(fieldErrors(wrapper, 'tg-code-field')).toHaveLength(1);
    await wrapper.find('[data-testid=tg-code]').setValue('2');
    await wrapper.find('[data-testid=tg-code]').trigger('input');
    expect(fieldErrors(wrapper, 'tg-code-field')).toEqual([]);

    await submit(wrapper, 'tg-code-form', 'tg-code', '22 222');
    expect(callsTo('POST', `${LOGIN}/code`).map((c) => c.body)).toEqual([{ code: '11111' }, { code: '22222' }]);
    expect(stepOf(wrapper)).toBe('password');
    expect(wrapper.find('[data-testid=tg-password-hint]').text()).toBe('Подсказка: кличка кота');

    await submit(wrapper, 'tg-password-form', 'tg-password', 'ошибка-1');
    expect(stepOf(wrapper)).toBe('password');
    expect(fieldErrors(wrapper, 'tg-password-field')).toEqual(['Неверный облачный пароль. Попробуйте ещё раз.']);
    expect(wrapper.find<HTMLInputElement>('[data-testid=tg-password]').element.value).toBe('');

    await submit(wrapper, 'tg-password-form', 'tg-password', 'Секрет-42');
    expect(callsTo('POST', `${LOGIN}/password`).map((c) => c.body)).toEqual([{ password: 'ошибка-1' }, { password: 'Секрет-42' }]);
    expect(stepOf(wrapper)).toBe('done');
    expect(wrapper.find('[data-testid=tg-done-title]').text()).toBe('«Отдел продаж» подключён');
    expect(document.body.innerHTML).not.toContain('Секрет-42');
    expect(wrapper.emitted('connected')).toEqual([[CONNECTION_ID]]);
  });

  it('goes back to the number, cancelling the attempt, when the code expired', async () => {
    const { callsTo } = loginServer(codeSent, { code: () => ({ ...codeSent, error: { code: 'code-expired', message: 'PHONE_CODE_EXPIRED' } }) });
    const wrapper = await open();
    await choosePhone(wrapper);
    await submit(wrapper, 'tg-phone-form', 'tg-phone', '+79991234567');
    await submit(wrapper, 'tg-code-form', 'tg-code', '12345');
    expect(fieldErrors(wrapper, 'tg-code-field')).toEqual(['Срок действия кода истёк. Начните вход заново, чтобы получить новый код.']);
    await wrapper.find('[data-testid=tg-code-restart]').trigger('click');
    await settle();
    expect(stepOf(wrapper)).toBe('phone');
    expect(wrapper.find<HTMLInputElement>('[data-testid=tg-phone]').element.value).toBe('+79991234567');
    expect(callsTo('DELETE', LOGIN)).toHaveLength(1);
  });

  it('says how long Telegram asks to wait when it refuses to send a code', async () => {
    const { callsTo } = loginServer(telegramLogin({ ...codeSent, state: 'failed', error: { code: 'flood-wait', message: 'FLOOD_WAIT_300' }, retryAfterSeconds: 300 }));
    const wrapper = await open();
    await choosePhone(wrapper);
    await submit(wrapper, 'tg-phone-form', 'tg-phone', '+79991234567');
    expect(stepOf(wrapper)).toBe('phone');
    expect(wrapper.find('[data-testid=tg-error]').text()).toBe('Telegram просит подождать 5 мин. — слишком много попыток входа. Повторите после паузы.');
    // The failed attempt is final: nothing to poll, nothing to cancel.
    await vi.advanceTimersByTimeAsync(3000);
    expect(callsTo('GET', LOGIN)).toHaveLength(0);
    expect(callsTo('DELETE', LOGIN)).toHaveLength(0);
  });

  it('says how long to wait when Telegram pauses the code attempts, staying on the code step', async () => {
    loginServer(codeSent, { code: () => ({ ...codeSent, error: { code: 'flood-wait', message: 'FLOOD_WAIT_3700' }, retryAfterSeconds: 3700 }) });
    const wrapper = await open({}, 'en');
    await choosePhone(wrapper);
    await submit(wrapper, 'tg-phone-form', 'tg-phone', '+79991234567');
    await submit(wrapper, 'tg-code-form', 'tg-code', '12345');
    expect(stepOf(wrapper)).toBe('code');
    expect(wrapper.find('[data-testid=tg-error]').attributes('data-error-code')).toBe('flood-wait');
    expect(wrapper.find('[data-testid=tg-error]').text()).toBe('Telegram asks to wait 1 h 2 min — too many sign-in attempts. Try again after the pause.');
  });

  it('explains that a number without a Telegram account cannot be connected', async () => {
    loginServer(telegramLogin({ ...codeSent, state: 'failed', error: { code: 'phone-unregistered', message: 'PHONE_NUMBER_UNOCCUPIED' } }));
    const wrapper = await open();
    await choosePhone(wrapper);
    await submit(wrapper, 'tg-phone-form', 'tg-phone', '+79990000000');
    expect(stepOf(wrapper)).toBe('phone');
    expect(fieldErrors(wrapper, 'tg-phone-field')[0]).toContain('На этот номер нет аккаунта Telegram — «Переписка» не регистрирует новые аккаунты');
  });

  it('shows the server’s field message when it refuses the number itself', async () => {
    const api = fakeApi({
      [`POST ${LOGINS}`]: () => json(400, { statusCode: 400, error: 'Bad Request', message: 'Validation failed', details: [{ field: 'phone', messages: ['phone must be a valid phone number'] }] }),
    });
    const wrapper = await open();
    await choosePhone(wrapper);
    await submit(wrapper, 'tg-phone-form', 'tg-phone', '+79991234567');
    expect(fieldErrors(wrapper, 'tg-phone-field')).toEqual(['phone must be a valid phone number']);
    expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it('names the suspension of Telegram when the server refuses to start a login', async () => {
    fakeApi({ [`POST ${LOGINS}`]: () => json(422, { statusCode: 422, error: 'Unprocessable Entity', message: 'refused', details: { reason: 'messenger-unavailable' } }) });
    const wrapper = await open();
    await wrapper.find('[data-testid=tg-continue]').trigger('click');
    await settle();
    expect(stepOf(wrapper)).toBe('intro');
    expect(wrapper.find('[data-testid=tg-error]').text()).toBe('Подключение аккаунтов Telegram сейчас недоступно на этом сервере.');
  });
});
