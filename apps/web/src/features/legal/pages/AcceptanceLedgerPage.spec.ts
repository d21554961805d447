import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiCall, fakeApi, json, meWith, mountPage } from '@/shared/testing/fake-api';
import { acceptance, captureDownloads, pdf } from '../legal.testing';
import type { LedgerVerification } from '../legal.types';
import AcceptanceLedgerPage from './AcceptanceLedgerPage.vue';

enableAutoUnmount(afterEach);
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  Reflect.deleteProperty(URL, 'createObjectURL');
  Reflect.deleteProperty(URL, 'revokeObjectURL');
});

const reader = meWith(['consent.read']);
const rows = [
  acceptance('acc-3', 3, { kind: 'user-agreement', method: 'api', warranties: [] }),
  acceptance('acc-2', 2, { signatory: null }),
  acceptance('acc-1', 1),
];

function ledgerApi(verification: LedgerVerification) {
  return fakeApi({
    'GET /api/v1/legal/acceptances': (call: ApiCall) => (call.query.get('cursor') === 'c2' ? { items: [acceptance('acc-0', 0)], nextCursor: null } : { items: rows, nextCursor: 'c2' }),
    'GET /api/v1/legal/acceptances/verify': () => verification,
    'GET /api/v1/legal/acceptances/acc-2/certificate.pdf': () => pdf(),
    'GET /api/v1/legal/acceptances/acc-3/certificate.pdf': () => json(500, { statusCode: 500, error: 'Internal Server Error', message: 'x' }),
  });
}

const rowOf = (wrapper: Awaited<ReturnType<typeof mountPage>>['wrapper'], id: string) => wrapper.find(`[data-row-key="${id}"]`);

describe('the acceptance ledger', () => {
  it('lists who accepted which version when, from where and how, with the hash shortened and copyable', async () => {
    ledgerApi({ ok: true, checked: 3, firstBroken: null });
    const { wrapper } = await mountPage(AcceptanceLedgerPage, { me: reader });
    const first = rowOf(wrapper, 'acc-3');
    expect(first.text()).toContain('Пользовательское соглашение');
    expect(first.text()).toContain('Анна Смирнова');
    expect(first.text()).toContain('203.0.113.0');
    expect(first.text()).toContain('Через API');
    const hash = first.find('[data-testid=ledger-hash]');
    expect(hash.text()).toMatch(/^\w{6}…\w{4}$/);
    expect(hash.attributes('title')).toBe(rows[0].versionSha256);
    expect(rowOf(wrapper, 'acc-2').text()).toContain('Данные удалены по запросу');
    expect(rowOf(wrapper, 'acc-1').text()).toContain('Заверений: 5');

    await wrapper.find('[data-testid=ledger-more]').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('[data-testid=ledger-row]').map((r) => r.attributes('data-acceptance'))).toEqual(['acc-3', 'acc-2', 'acc-1', 'acc-0']);
    expect(wrapper.find('[data-testid=ledger-more]').exists()).toBe(false);
  });

  it('says the chain is intact with the count checked', async () => {
    ledgerApi({ ok: true, checked: 3, firstBroken: null });
    const { wrapper } = await mountPage(AcceptanceLedgerPage, { me: reader });
    await wrapper.find('[data-testid=ledger-verify]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid=ledger-verify-ok]').text()).toBe('Цепочка цела: проверено записей — 3.');
    expect(wrapper.find('[data-broken]').exists()).toBe(false);
  });

  it('names and marks the first broken record with the reason', async () => {
    ledgerApi({ ok: false, checked: 2, firstBroken: { id: 'acc-2', seq: 2, reason: 'record-hash-mismatch' } });
    const { wrapper } = await mountPage(AcceptanceLedgerPage, { me: reader });
    await wrapper.find('[data-testid=ledger-verify]').trigger('click');
    await flushPromises();
    const alert = wrapper.find('[data-testid=ledger-verify-broken]');
    expect(alert.text()).toBe('Цепочка нарушена на записи № 2: хеш записи не совпадает с её содержимым. Проверено записей: 2.');
    expect(wrapper.find('[data-testid=ledger-verify-ok]').exists()).toBe(false);
    expect(wrapper.findAll('[data-broken=true]').map((r) => r.attributes('data-acceptance'))).toEqual(['acc-2']);
    expect(rowOf(wrapper, 'acc-2').find('[data-testid=ledger-row-broken]').text()).toContain('хеш записи не совпадает');
    expect(rowOf(wrapper, 'acc-1').find('[data-testid=ledger-row-broken]').exists()).toBe(false);
  });

  it('downloads each row’s certificate from its own address as a PDF file, and says when that fails', async () => {
    const api = ledgerApi({ ok: true, checked: 3, firstBroken: null });
    const saved = captureDownloads(vi);
    const { wrapper } = await mountPage(AcceptanceLedgerPage, { me: reader });
    await rowOf(wrapper, 'acc-2').find('[data-testid=ledger-certificate]').trigger('click');
    await flushPromises();
    expect(api.calls.filter((c) => c.path.endsWith('.pdf')).map((c) => c.path)).toEqual(['/api/v1/legal/acceptances/acc-2/certificate.pdf']);
    expect(wrapper.find('[data-testid=ledger-certificate-error]').exists()).toBe(false);
    expect(saved.map((s) => s.name)).toEqual(['acceptance-2-messenger-module-agreement-v1.pdf']);
    expect(await saved[0].blob.text()).toContain('%PDF');

    await rowOf(wrapper, 'acc-3').find('[data-testid=ledger-certificate]').trigger('click');
    await flushPromises();
    expect(saved).toHaveLength(1);
    expect(wrapper.find('[data-testid=ledger-certificate-error]').exists()).toBe(true);
  });
});
