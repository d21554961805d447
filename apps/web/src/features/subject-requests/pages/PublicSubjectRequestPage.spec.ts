import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiCall, fakeApi, json, mountPage } from '@/shared/testing/fake-api';
import { PUBLIC_FORM } from '../subject-requests.testing';
import PublicSubjectRequestPage from './PublicSubjectRequestPage.vue';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const TENANT = '0b0c5b5e-0000-4000-8000-0000000000aa';
const RECEIPT = { number: 'ЗПД-2026-0009', receivedOn: '2026-12-02', due: '2026-12-16', article: 'ст. 14 ч. 3, ст. 20 ч. 1–2 152-ФЗ' };

function publicApi(answer: (call: ApiCall) => Response = () => json(201, RECEIPT)) {
  return fakeApi({ [`GET /api/v1/public/subject-requests/${TENANT}`]: () => PUBLIC_FORM, [`POST /api/v1/public/subject-requests/${TENANT}`]: answer });
}

const mount = (locale: 'ru' | 'en' = 'ru') => mountPage(PublicSubjectRequestPage, { me: null, locale, props: { tenantId: TENANT } });

async function fill(wrapper: Awaited<ReturnType<typeof mount>>['wrapper'], contact: { phone?: string; email?: string }) {
  await wrapper.find('[data-testid=public-request-kind-access]').setValue(true);
  await wrapper.find('input[name=fullName]').setValue('  Иван Петров ');
  if (contact.phone) await wrapper.find('input[name=phone]').setValue(contact.phone);
  if (contact.email) await wrapper.find('input[name=email]').setValue(contact.email);
  await wrapper.find('textarea[name=details]').setValue('Какие мои данные вы храните?');
}

describe('the public request form', () => {
  it('names the business and offers each kind with what it means and its statutory term', async () => {
    publicApi();
    const { wrapper } = await mount();
    expect(wrapper.find('[data-testid=public-request-business]').text()).toBe('ООО «Шарики»');
    const kinds = wrapper.findAll('.kind');
    expect(kinds.map((k) => k.attributes('data-kind'))).toEqual(['access', 'deletion', 'consent-withdrawal', 'objection-to-advertising']);
    expect(kinds[0].text()).toContain('Получить сведения о своих персональных данных');
    expect(kinds[0].text()).toContain('Срок ответа — 10 рабочих дней (ст. 14 ч. 3, ст. 20 ч. 1–2 152-ФЗ)');
    expect(kinds[1].text()).toContain('Срок ответа — 3 рабочих дня (ст. 21 ч. 3 152-ФЗ)');
    expect(kinds[2].text()).toContain('30 календарных дней');
    expect(kinds[3].text()).toContain('Срок ответа — немедленно (ст. 18 ч. 1 38-ФЗ)');
    expect(wrapper.find('[data-testid=public-request-kind-access]').attributes('type')).toBe('radio');
  });

  it('asks for a kind, a name, a phone or an e-mail, and the request before sending', async () => {
    const api = publicApi();
    const { wrapper } = await mount();
    await wrapper.find('[data-testid=public-request-form]').trigger('submit');
    expect(wrapper.find('[data-testid=public-request-kind-error]').text()).toBe('Выберите, что вы хотите сделать');
    expect(wrapper.text()).toContain('Введите фамилию, имя и отчество');
    expect(wrapper.text()).toContain('Укажите телефон или электронную почту');
    expect(wrapper.text()).toContain('Опишите ваш запрос');
    await wrapper.find('input[name=email]').setValue('не-почта');
    await wrapper.find('[data-testid=public-request-form]').trigger('submit');
    expect(wrapper.text()).toContain('Проверьте адрес почты');
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('sends the request and shows the receipt with its number and the date the answer is due', async () => {
    const api = publicApi();
    const { wrapper } = await mount();
    await fill(wrapper, { email: 'ivan@example.ru' });
    await wrapper.find('[data-testid=public-request-submit]').trigger('click');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({ kind: 'access', fullName: 'Иван Петров', email: 'ivan@example.ru', details: 'Какие мои данные вы храните?' });
    expect(wrapper.find('[data-testid=public-request-form]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=public-request-number]').text()).toBe('ЗПД-2026-0009');
    expect(wrapper.find('[data-testid=public-request-due]').text()).toBe('Ответ не позднее 16.12.2026');
    expect(wrapper.find('[data-testid=public-request-receipt]').text()).toContain('ст. 14 ч. 3, ст. 20 ч. 1–2 152-ФЗ');
  });

  it('shows the API’s field errors and says when too many attempts were made', async () => {
    let attempts = 0;
    publicApi(() => {
      attempts += 1;
      return attempts === 1
        ? json(400, { statusCode: 400, error: 'Bad Request', message: 'Validation failed', details: [{ field: 'phone', messages: ['Телефон указан неверно'] }] })
        : json(429, { statusCode: 429, error: 'Too Many Requests', message: 'slow down' });
    });
    const { wrapper } = await mount();
    await fill(wrapper, { phone: '12' });
    await wrapper.find('[data-testid=public-request-form]').trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('Телефон указан неверно');
    await wrapper.find('[data-testid=public-request-form]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid=public-request-submit-error]').text()).toBe('Слишком много попыток. Попробуйте через несколько минут.');
  });

  it('says when the link names no business', async () => {
    fakeApi({});
    const { wrapper } = await mount();
    expect(wrapper.find('[data-testid=public-request-error]').text()).toBe('Страница для запросов не найдена. Проверьте ссылку.');
    expect(wrapper.find('[data-testid=public-request-form]').exists()).toBe(false);
  });

  it('speaks English on request', async () => {
    publicApi();
    const { wrapper } = await mount('en');
    expect(wrapper.find('.kind').text()).toContain('Response due within 10 working days (ст. 14 ч. 3, ст. 20 ч. 1–2 152-ФЗ)');
  });
});
