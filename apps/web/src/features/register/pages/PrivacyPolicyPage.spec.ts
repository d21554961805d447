import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { earliestMaterialDay } from '@/features/legal/legal.rules';
import { captureDownloads, pdf } from '@/features/legal/legal.testing';
import { addDays, toDateInput } from '@/shared/format/date';
import { type ApiCall, fakeApi, json, meWith, mountPage } from '@/shared/testing/fake-api';
import type { PrivacyPolicy } from '../register.types';
import PrivacyPolicyPage from './PrivacyPolicyPage.vue';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const officer = meWith(['register.read', 'register.manage', 'register.export']);
const routes = [{ path: '/legal/versions/:versionId', name: 'legal-version', component: { template: '<p>version</p>' } }];
const SHA = '3f9a'.repeat(16);

function policyApi({ unchanged = false }: { unchanged?: boolean } = {}) {
  let published: PrivacyPolicy['published'] = null;
  return fakeApi({
    'GET /api/v1/register/policy': () => ({ markdown: '# Политика обработки персональных данных\n\nООО «Шарики» обрабатывает…', sha256: SHA, asOf: '2026-12-01T09:00:00.000Z', published }),
    'GET /api/v1/register/policy.pdf': () => pdf(),
    'POST /api/v1/register/policy/publish': (call: ApiCall) => {
      if (unchanged) return json(409, { statusCode: 409, error: 'Conflict', message: 'Policy unchanged', details: { reason: 'policy-unchanged' } });
      const body = call.body as { material: boolean; effectiveAt?: string };
      published = { versionId: 'v7', version: 7, publishedAt: new Date().toISOString() };
      return json(201, { documentId: 'd1', versionId: 'v7', version: 7, effectiveAt: body.effectiveAt ?? new Date().toISOString() });
    },
  });
}

describe('the privacy policy written from the register', () => {
  it('shows the text, its hash, and downloads the PDF', async () => {
    policyApi();
    const saved = captureDownloads(vi);
    const { wrapper } = await mountPage(PrivacyPolicyPage, { me: officer, routes });
    expect(wrapper.find('[data-testid=register-policy] h1').text()).toBe('Политика обработки персональных данных');
    expect(wrapper.find('[data-testid=register-policy-hash]').text()).toBe('3f9a3f…3f9a');
    expect(wrapper.find('[data-testid=register-policy-published]').text()).toBe('Не опубликована');
    await wrapper.find('[data-testid=register-policy-pdf]').trigger('click');
    await flushPromises();
    expect(saved.map((s) => s.name)).toEqual([`privacy-policy-${toDateInput(new Date())}.pdf`]);
  });

  it('publishes a material change no sooner than 14 days ahead', async () => {
    const api = policyApi();
    const { wrapper } = await mountPage(PrivacyPolicyPage, { me: officer, routes });
    await wrapper.find('[data-testid=register-policy-publish]').trigger('click');
    const form = wrapper.find('[data-testid=register-policy-publish-form]');
    await form.find('[data-testid=register-policy-material]').setValue(true);
    await form.trigger('submit');
    const field = () => wrapper.find('[data-testid=register-policy-effective-field] .field-error');
    expect(field().text()).toBe('Укажите дату: существенное изменение не действует сразу');
    await form.find('[data-testid=register-policy-effective]').setValue(toDateInput(addDays(new Date(), 13)));
    await form.trigger('submit');
    expect(field().text()).toMatch(/^Существенное изменение вступает в силу не раньше чем через 14 дней/);
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);

    await form.find('[data-testid=register-policy-effective]').setValue(earliestMaterialDay(new Date()));
    await form.trigger('submit');
    await flushPromises();
    const body = api.calls.find((c) => c.method === 'POST')?.body as { material: boolean; effectiveAt: string };
    expect(body.material).toBe(true);
    expect(new Date(body.effectiveAt).getTime()).toBeGreaterThanOrEqual(addDays(new Date(), 14).getTime());
    expect(wrapper.find('[data-testid=register-policy-published-notice]').text()).toContain('Опубликована редакция 7');
    expect(wrapper.find('[data-testid=register-policy-published] a').attributes('href')).toBe('/legal/versions/v7');
  });

  it('says when the text equals the version in force', async () => {
    const api = policyApi({ unchanged: true });
    const { wrapper } = await mountPage(PrivacyPolicyPage, { me: officer, routes });
    await wrapper.find('[data-testid=register-policy-publish]').trigger('click');
    await wrapper.find('[data-testid=register-policy-publish-form]').trigger('submit');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({ material: false });
    expect(wrapper.find('[data-testid=register-policy-publish-error]').text()).toBe('Текст политики не изменился с действующей редакции — публиковать нечего.');
  });

  it('offers a reader neither publishing nor the PDF', async () => {
    policyApi();
    const { wrapper } = await mountPage(PrivacyPolicyPage, { me: meWith(['register.read']), routes });
    expect(wrapper.find('[data-testid=register-policy]').exists()).toBe(true);
    expect(wrapper.find('[data-testid=register-policy-publish]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=register-policy-pdf]').exists()).toBe(false);
  });
});
