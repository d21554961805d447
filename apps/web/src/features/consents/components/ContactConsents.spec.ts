import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiCall, fakeApi, json, meWith, mountPage } from '@/shared/testing/fake-api';
import { captureDownloads } from '@/features/legal/legal.testing';
import type { ConsentRecord, ContactConsents as Consents, NewConsentRecord } from '../consents.types';
import ContactConsents from './ContactConsents.vue';

enableAutoUnmount(afterEach);
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  Reflect.deleteProperty(URL, 'createObjectURL');
  Reflect.deleteProperty(URL, 'revokeObjectURL');
});

const CONTACT = 'c0ffee00-0000-4000-8000-000000000001';
const manager = meWith(['consent.read', 'consent.manage']);
const reader = meWith(['consent.read']);

function record(id: string, overrides: Partial<ConsentRecord> = {}): ConsentRecord {
  return { id, contactId: CONTACT, purpose: 'processing', action: 'given', source: 'public-form', documentVersionId: 'v1', versionSha256: 'ab'.repeat(32), channel: null, note: null, proofFile: null, recordedBy: null, at: '2026-11-10T09:00:00.000Z', submitter: null, erasedAt: null, ...overrides };
}

function consentsApi() {
  const state: Consents = {
    current: {
      processing: { given: true, at: '2026-11-10T09:00:00.000Z', source: 'public-form', versionSha256: 'ab'.repeat(32) },
      advertising: { given: false, at: '2026-11-15T09:00:00.000Z', source: 'chat-keyword', versionSha256: null },
      distribution: { given: false, at: null, source: null, versionSha256: null },
    },
    history: [record('r2', { purpose: 'advertising', action: 'withdrawn', source: 'chat-keyword', channel: 'telegram', at: '2026-11-15T09:00:00.000Z' }), record('r1')],
  };
  return fakeApi({
    [`GET /api/v1/contacts/${CONTACT}/consents`]: () => state,
    [`POST /api/v1/contacts/${CONTACT}/consents`]: (call: ApiCall) => {
      const body = call.body as NewConsentRecord;
      const proofFile = body.proof ? { fileName: body.proof.fileName, contentType: 'application/pdf', sizeBytes: 8, sha256: 'c'.repeat(64), available: true } : null;
      const created = record('r3', { purpose: body.purpose, action: body.action, source: body.source, note: body.note ?? null, proofFile, recordedBy: 'u1', at: new Date().toISOString() });
      state.history.unshift(created);
      state.current[body.purpose] = { given: body.action === 'given', at: created.at, source: body.source, versionSha256: null };
      return json(201, created);
    },
    [`POST /api/v1/contacts/${CONTACT}/consent-link`]: () =>
      json(201, { link: 'eyJ0Ijoi.c2ln', url: `http://localhost:3000/consent/t1?link=eyJ0Ijoi.c2ln`, expiresAt: '2027-01-01T12:00:00.000Z' }),
  });
}

const mount = (me = manager) => mountPage(ContactConsents, { me, props: { contactId: CONTACT } });
const purposes = (wrapper: Awaited<ReturnType<typeof mount>>['wrapper']) =>
  wrapper.findAll('[data-testid=consent-purpose]').map((p) => [p.attributes('data-purpose'), p.attributes('data-given'), p.find('.hint').text()]);

describe('consents on the contact card', () => {
  it('shows each purpose’s state with since when and from where, and the history', async () => {
    consentsApi();
    const { wrapper } = await mount(reader);
    expect(purposes(wrapper)).toEqual([
      ['processing', 'true', 'с 10.11.2026, источник: Форма согласия'],
      ['advertising', 'false', 'с 15.11.2026, источник: Стоп-слово в чате'],
      ['distribution', 'false', 'Не записано'],
    ]);
    expect(wrapper.find('[data-testid=consent-record-open]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=consent-link-create]').exists()).toBe(false);
    await wrapper.find('[data-testid=consent-history-toggle]').trigger('click');
    const items = wrapper.findAll('[data-testid=consent-history-item]');
    expect(items.map((i) => i.find('strong').text())).toEqual(['Согласие отозвано · Реклама', 'Согласие дано · Обработка персональных данных']);
    expect(items[0].text()).toContain('telegram');
  });

  it('records a consent with its proof, base64 in the body, and shows it at once', async () => {
    const api = consentsApi();
    const { wrapper } = await mount();
    await wrapper.find('[data-testid=consent-record-open]').trigger('click');
    const form = wrapper.find('[data-testid=consent-record-form]');
    await form.find('select[name=purpose]').setValue('advertising');
    await form.find('textarea[name=note]').setValue('Подписал бланк в офисе');

    // An employee's record of a consent needs its proof.
    await form.trigger('submit');
    await flushPromises();
    expect(form.text()).toContain('Приложите подтверждение');
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);

    const input = form.find<HTMLInputElement>('[data-testid=consent-proof]');
    Object.defineProperty(input.element, 'files', { value: [new File(['скан'], 'blank.pdf', { type: 'application/pdf' })], configurable: true });
    await input.trigger('change');
    await form.trigger('submit');
    await flushPromises();
    const body = api.calls.find((c) => c.method === 'POST')?.body as NewConsentRecord;
    expect(body).toMatchObject({ purpose: 'advertising', action: 'given', source: 'employee', note: 'Подписал бланк в офисе', proof: { fileName: 'blank.pdf' } });
    expect(Object.keys(body.proof!)).toEqual(['fileName', 'contentBase64']);
    expect(new TextDecoder().decode(Uint8Array.from(atob(body.proof!.contentBase64), (c) => c.charCodeAt(0)))).toBe('скан');
    expect(wrapper.find('[data-testid=consent-recorded]').text()).toBe('Записано: Согласие дано — Реклама.');
    expect(purposes(wrapper)[1]?.[1]).toBe('true');
    expect(wrapper.find('[data-testid=consent-history-item]').text()).toContain('доказательство: blank.pdf');

    // The proof comes back from its own address.
    const saved = captureDownloads(vi);
    vi.unstubAllGlobals();
    const proofApi = fakeApi({ 'GET /api/v1/consents/r3/proof': () => new Response('скан', { status: 200 }) });
    await wrapper.find('[data-testid=consent-proof-download]').trigger('click');
    await flushPromises();
    expect(proofApi.calls.map((c) => c.path)).toEqual(['/api/v1/consents/r3/proof']);
    expect(saved.map((f) => f.name)).toEqual(['blank.pdf']);
  });

  it('says to publish the consent text first when the business has none for the purpose', async () => {
    consentsApi();
    const { wrapper } = await mount();
    vi.unstubAllGlobals();
    fakeApi({ [`POST /api/v1/contacts/${CONTACT}/consents`]: () => json(422, { statusCode: 422, error: 'Unprocessable Entity', message: 'x', details: { reason: 'consent-text-missing' } }) });
    await wrapper.find('[data-testid=consent-record-open]').trigger('click');
    const form = wrapper.find('[data-testid=consent-record-form]');
    await form.find('select[name=purpose]').setValue('distribution');
    await form.find('[data-testid=consent-source-import]').setValue(true);
    await form.trigger('submit');
    await flushPromises();
    expect(form.find('.form-error').text()).toBe('Сначала опубликуйте текст согласия «Распространение данных» в разделе «Документы»: согласие записывается к конкретной редакции текста.');
  });

  it('records a withdrawal without waiting for a proof, and refuses a proof over 5 MB', async () => {
    const api = consentsApi();
    const { wrapper } = await mount();
    await wrapper.find('[data-testid=consent-record-open]').trigger('click');
    const form = wrapper.find('[data-testid=consent-record-form]');
    const input = form.find<HTMLInputElement>('[data-testid=consent-proof]');
    Object.defineProperty(input.element, 'files', { value: [new File([new Uint8Array(5 * 1024 * 1024 + 1)], 'big.wav')], configurable: true });
    await input.trigger('change');
    expect(form.text()).toContain('Файл больше 5 МБ');
    await form.trigger('submit');
    await flushPromises();
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);

    Object.defineProperty(input.element, 'files', { value: [], configurable: true });
    await input.trigger('change');
    await form.find('[data-testid=consent-action-withdrawn]').setValue(true);
    await form.find('[data-testid=consent-source-import]').setValue(true);
    await form.trigger('submit');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({ purpose: 'processing', action: 'withdrawn', source: 'import' });
    expect(purposes(wrapper)[0]?.[1]).toBe('false');
  });

  it('gives the personal consent link for this client, with its expiry, ready to copy', async () => {
    const api = consentsApi();
    const { wrapper } = await mount();
    await wrapper.find('[data-testid=consent-link-create]').trigger('click');
    await flushPromises();
    expect(api.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/consent-link'))).toHaveLength(1);
    expect(wrapper.find<HTMLInputElement>('[data-testid=consent-link-url]').element.value).toBe('http://localhost:3000/consent/t1?link=eyJ0Ijoi.c2ln');
    expect(wrapper.find('[data-testid=consent-link]').text()).toContain('Действует до 01.01.2027');
  });

  it('says when the link could not be made', async () => {
    fakeApi({
      [`GET /api/v1/contacts/${CONTACT}/consents`]: () => ({ current: {}, history: [] }),
      [`POST /api/v1/contacts/${CONTACT}/consent-link`]: () => json(404, { statusCode: 404, error: 'Not Found', message: 'Contact not found' }),
    });
    const { wrapper } = await mount();
    await wrapper.find('[data-testid=consent-link-create]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid=consent-link-error]').text()).toContain('Не удалось получить ссылку');
    expect(wrapper.find('[data-testid=consent-link]').exists()).toBe(false);
  });
});
