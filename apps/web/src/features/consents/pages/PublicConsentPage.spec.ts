import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiCall, fakeApi, json, mountPage } from '@/shared/testing/fake-api';
import type { PublicConsentForm } from '../consents.types';
import PublicConsentPage from './PublicConsentPage.vue';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const TENANT = '0b0c5b5e-0000-4000-8000-0000000000aa';
const form: PublicConsentForm = {
  business: { name: 'ООО «Шарики»' },
  texts: [
    { purpose: 'processing', versionId: 'vp', text: '# Обработка\n\nМы обрабатываем **имя и телефон**.', textSha256: 'a'.repeat(64) },
    { purpose: 'advertising', versionId: 'va', text: 'Присылать рекламу <img src=x onerror=alert(1)>', textSha256: 'b'.repeat(64) },
  ],
  personal: false,
};

function publicApi(answer: (call: ApiCall) => Response = () => json(201, { receiptId: 'RCPT-2026-000123' })) {
  return fakeApi({ [`GET /api/v1/public/consent/${TENANT}`]: () => form, [`POST /api/v1/public/consent/${TENANT}`]: answer });
}

const mount = (props: { link?: string } = {}) => mountPage(PublicConsentPage, { me: null, props: { tenantId: TENANT, ...props } });

describe('the public consent form', () => {
  it('shows the business and each purpose’s text with its own checkbox, as text', async () => {
    publicApi();
    const { wrapper } = await mount();
    expect(wrapper.find('[data-testid=public-consent-business]').text()).toBe('ООО «Шарики»');
    const purposes = wrapper.findAll('[data-testid=public-consent-purpose]');
    expect(purposes.map((p) => p.attributes('data-purpose'))).toEqual(['processing', 'advertising']);
    expect(purposes[0].find('strong').text()).toBe('имя и телефон');
    expect(purposes[1].find('img').exists()).toBe(false);
    expect(purposes[1].text()).toContain('<img src=x onerror=alert(1)>');
  });

  it('asks for a purpose, a name and a way to reach the person before sending', async () => {
    const api = publicApi();
    const { wrapper } = await mount();
    await wrapper.find('[data-testid=public-consent-form]').trigger('submit');
    expect(wrapper.find('[data-testid=public-consent-purposes-error]').text()).toBe('Отметьте хотя бы одно согласие');
    expect(wrapper.text()).toContain('Введите имя');
    expect(wrapper.text()).toContain('Укажите телефон или электронную почту');
    await wrapper.find('input[name=email]').setValue('не-почта');
    await wrapper.find('[data-testid=public-consent-form]').trigger('submit');
    expect(wrapper.text()).toContain('Проверьте адрес почты');
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('sends the purposes ticked with their versions and shows the receipt', async () => {
    const api = publicApi();
    const { wrapper } = await mount();
    await wrapper.find('[data-testid=public-consent-agree-advertising]').setValue(true);
    await wrapper.find('[data-testid=public-consent-agree-processing]').setValue(true);
    await wrapper.find('input[name=fullName]').setValue('  Иван Петров ');
    await wrapper.find('input[name=phone]').setValue('+79001234567');
    await wrapper.find('[data-testid=public-consent-submit]').trigger('submit');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({ fullName: 'Иван Петров', phone: '+79001234567', purposes: ['processing', 'advertising'], versionIds: ['vp', 'va'] });
    expect(wrapper.find('[data-testid=public-consent-receipt-id]').text()).toBe('RCPT-2026-000123');
    expect(wrapper.find('[data-testid=public-consent-receipt]').text()).toContain('Реклама');
    expect(wrapper.find('[data-testid=public-consent-form]').exists()).toBe(false);
  });

  it('says when too many attempts were made, and when the link is wrong', async () => {
    publicApi(() => json(429, { statusCode: 429, error: 'Too Many Requests', message: 'slow down' }));
    const { wrapper } = await mount();
    await wrapper.find('[data-testid=public-consent-agree-processing]').setValue(true);
    await wrapper.find('input[name=fullName]').setValue('Иван');
    await wrapper.find('input[name=email]').setValue('ivan@example.ru');
    await wrapper.find('[data-testid=public-consent-form]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid=public-consent-submit-error]').text()).toBe('Слишком много попыток. Попробуйте через несколько минут.');

    vi.unstubAllGlobals();
    fakeApi({});
    const missing = await mount();
    expect(missing.wrapper.find('[data-testid=public-consent-error]').text()).toContain('Страница согласия не найдена');
  });

  it('opened by a personal link, says the consent goes to the client\'s card and sends the link instead of contacts', async () => {
    const api = fakeApi({
      [`GET /api/v1/public/consent/${TENANT}`]: (call) => (call.query.get('link') === 'genuine.sig' ? { ...form, personal: true } : json(400, { statusCode: 400, error: 'Bad Request', message: 'Validation failed: link' })),
      [`POST /api/v1/public/consent/${TENANT}`]: () => json(201, { receiptId: 'RCPT-LINKED' }),
    });
    const { wrapper } = await mount({ link: 'genuine.sig' });
    expect(wrapper.find('[data-testid=public-consent-personal]').text()).toContain('в вашу карточку клиента у ООО «Шарики»');
    expect(wrapper.text()).toContain('Телефон (необязательно)');
    await wrapper.find('[data-testid=public-consent-agree-advertising]').setValue(true);
    await wrapper.find('input[name=fullName]').setValue('Иван');
    await wrapper.find('[data-testid=public-consent-form]').trigger('submit');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({ fullName: 'Иван', link: 'genuine.sig', purposes: ['advertising'], versionIds: ['va'] });
    expect(wrapper.find('[data-testid=public-consent-receipt-id]').text()).toBe('RCPT-LINKED');
  });

  it('says a forged or expired personal link is invalid and asks for a new one', async () => {
    fakeApi({
      [`GET /api/v1/public/consent/${TENANT}`]: () => json(400, { statusCode: 400, error: 'Bad Request', message: 'Validation failed: link', details: [{ field: 'link', messages: ['is not a valid consent link'] }] }),
    });
    const { wrapper } = await mount({ link: 'forged.sig' });
    expect(wrapper.find('[data-testid=public-consent-error]').text()).toContain('Ссылка недействительна или устарела');
    expect(wrapper.find('[data-testid=public-consent-form]').exists()).toBe(false);
  });
});
