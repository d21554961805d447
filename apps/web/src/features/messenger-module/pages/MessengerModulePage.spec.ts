import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HASH, acceptance, captureDownloads, pdf, version } from '@/features/legal/legal.testing';
import { type ApiCall, fakeApi, json, meWith, mountPage } from '@/shared/testing/fake-api';
import type { MessengerModule, ModuleState } from '../messenger-module.types';
import MessengerModulePage from './MessengerModulePage.vue';

enableAutoUnmount(afterEach);
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  Reflect.deleteProperty(URL, 'createObjectURL');
  Reflect.deleteProperty(URL, 'revokeObjectURL');
});

const owner = meWith(['consent.read', 'acceptances.read', 'messenger-module.manage']);
const operator = meWith(['consent.read']);
const WARRANTIES = ['lawful-basis', 'own-accounts', 'informed-clients', 'no-spam', 'responsible-staff'];
const routes = [{ path: '/legal/acceptances', name: 'legal-ledger', component: { template: '<p>ledger</p>' } }];

function moduleApi(initial: ModuleState) {
  let state: ModuleState = initial;
  const agreement = version('ver-module-2', { documentId: 'doc-module', kind: 'messenger-module-agreement', version: 2, textSha256: HASH('c3'), text: '# Соглашение\n\nТекст **соглашения** <script>alert(1)</script>' });
  const accepted = acceptance('acc-7', 7, { documentVersionId: agreement.id, version: 2, versionSha256: agreement.textSha256 });
  const answer = (): MessengerModule => ({
    state,
    reason: { off: 'not-activated', active: 'agreement-accepted', suspended: 'new-material-version-unaccepted' }[state],
    currentAgreement: agreement,
    warranties: WARRANTIES.map((id, i) => ({ id, text: `Заверение ${i + 1}` })),
    acceptance: state === 'active' ? accepted : null,
  });
  return fakeApi({
    'GET /api/v1/messenger-module': answer,
    'POST /api/v1/messenger-module/activate': (call: ApiCall) => {
      const body = call.body as { warranties: string[] };
      const missing = WARRANTIES.filter((w) => !body.warranties.includes(w));
      if (missing.length) return json(400, { statusCode: 400, error: 'Bad Request', message: `Missing warranties: ${missing.join(', ')}`, details: [{ field: 'warranties', messages: missing }] });
      state = 'active';
      return json(201, { state, acceptance: accepted });
    },
    'POST /api/v1/messenger-module/deactivate': () => {
      state = 'off';
      return { state };
    },
    'GET /api/v1/legal/acceptances/acc-7/certificate.pdf': () => pdf(),
  });
}

const mount = (me = owner) => mountPage(MessengerModulePage, { me, routes });

describe('the messenger module', () => {
  it('shows the full agreement as text, never as markup', async () => {
    moduleApi('off');
    const { wrapper } = await mount();
    expect(wrapper.find('[data-testid=module-state]').text()).toBe('Выключен');
    const text = wrapper.find('[data-testid=module-agreement] [data-testid=markdown-text]');
    expect(text.find('h1').text()).toBe('Соглашение');
    expect(text.find('strong').text()).toBe('соглашения');
    expect(text.text()).toContain('<script>alert(1)</script>');
    expect(text.find('script').exists()).toBe(false);
  });

  it('turns on only with all five warranties ticked, sending the version and every warranty', async () => {
    const api = moduleApi('off');
    const { wrapper } = await mount();
    const boxes = wrapper.findAll('[data-testid=module-warranty]');
    expect(boxes).toHaveLength(5);
    const button = () => wrapper.find<HTMLButtonElement>('[data-testid=module-activate]');
    for (const box of boxes.slice(0, 4)) await box.setValue(true);
    expect(button().element.disabled).toBe(true);
    expect(wrapper.find('[data-testid=module-warranties-left]').text()).toBe('Осталось отметить: 1 из 5');
    await button().trigger('click');
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);

    // Unticking one again counts too.
    await boxes[4].setValue(true);
    await boxes[0].setValue(false);
    expect(button().element.disabled).toBe(true);
    await boxes[0].setValue(true);
    expect(button().element.disabled).toBe(false);
    await button().trigger('click');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({ versionId: 'ver-module-2', warranties: WARRANTIES });
    expect(wrapper.find('[data-testid=module-state]').text()).toBe('Включён');
    expect(wrapper.find('[data-testid=module-notice]').exists()).toBe(true);
    expect(wrapper.find('[data-testid=module-acceptance-who]').text()).toContain('Анна Смирнова');
    expect(wrapper.find('[data-testid=module-acceptance-version]').text()).toBe('ред. 2');
    expect(wrapper.find('[data-testid=module-warranty]').exists()).toBe(false);
  });

  it('resumes a suspended module by accepting the new version', async () => {
    const api = moduleApi('suspended');
    const { wrapper } = await mount();
    expect(wrapper.find('[data-testid=module-reason]').text()).toBe('Новая существенная редакция соглашения вступила в силу и не принята.');
    expect(wrapper.find('[data-testid=module-activate]').text()).toBe('Принять новую редакцию и возобновить');
    for (const box of wrapper.findAll('[data-testid=module-warranty]')) await box.setValue(true);
    await wrapper.find('[data-testid=module-activate]').trigger('click');
    await flushPromises();
    expect(api.calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual(['/api/v1/messenger-module/activate']);
    expect(wrapper.find('[data-testid=module-status]').attributes('data-state')).toBe('active');
  });

  it('downloads the acceptance certificate from its address as a PDF', async () => {
    const api = moduleApi('active');
    const saved = captureDownloads(vi);
    const { wrapper } = await mount();
    expect(wrapper.find('[data-testid=module-acceptance-hash]').attributes('title')).toBe(HASH('c3'));
    await wrapper.find('[data-testid=module-certificate]').trigger('click');
    await flushPromises();
    expect(api.calls.filter((c) => c.path.endsWith('.pdf')).map((c) => `${c.method} ${c.path}`)).toEqual(['GET /api/v1/legal/acceptances/acc-7/certificate.pdf']);
    expect(saved.map((s) => s.name)).toEqual(['acceptance-7-messenger-module-agreement-v2.pdf']);
  });

  it('turns off after a confirmation that says the messengers will be disconnected', async () => {
    const api = moduleApi('active');
    const { wrapper } = await mount();
    await wrapper.find('[data-testid=module-deactivate]').trigger('click');
    const dialog = wrapper.find('[data-testid=confirm-dialog]');
    expect(dialog.text()).toContain('все подключённые мессенджеры будут отключены');
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);
    await dialog.find('[data-testid=confirm-action]').trigger('click');
    await flushPromises();
    expect(api.calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual(['/api/v1/messenger-module/deactivate']);
    expect(wrapper.find('[data-testid=module-state]').text()).toBe('Выключен');
    expect(wrapper.find('[data-testid=module-warranty]').exists()).toBe(true);
  });

  it('lets those who may not manage the module read it but not turn it on or off', async () => {
    moduleApi('off');
    const { wrapper } = await mount(operator);
    expect(wrapper.find('[data-testid=module-managers-only]').exists()).toBe(true);
    expect(wrapper.find('[data-testid=module-activate]').exists()).toBe(false);
    expect(wrapper.findAll<HTMLInputElement>('[data-testid=module-warranty]').every((b) => b.element.disabled)).toBe(true);
    vi.unstubAllGlobals();
    moduleApi('active');
    const active = await mount(operator);
    expect(active.wrapper.find('[data-testid=module-deactivate]').exists()).toBe(false);
    // The certificate names the signatory with e-mail and IP: for ledger readers only (acceptances.read).
    expect(active.wrapper.find('[data-testid=module-certificate]').exists()).toBe(false);
  });

  it('says the module cannot be turned on before the platform published its agreement', async () => {
    fakeApi({ 'GET /api/v1/messenger-module': () => ({ state: 'off', reason: 'not-activated', currentAgreement: null, warranties: [], acceptance: null }) });
    const { wrapper } = await mount();
    expect(wrapper.find('[data-testid=module-no-agreement]').exists()).toBe(true);
    expect(wrapper.find('[data-testid=module-activate]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=module-reason]').text()).toBe('Модуль ещё не включали.');
  });

  it('shows the API’s refusal when a warranty is missing on its side', async () => {
    const api = moduleApi('off');
    const { wrapper } = await mount();
    // The agreement gained a warranty after the page was opened: the API names it.
    api.calls.length = 0;
    for (const box of wrapper.findAll('[data-testid=module-warranty]')) await box.setValue(true);
    vi.unstubAllGlobals();
    fakeApi({ 'POST /api/v1/messenger-module/activate': () => json(400, { statusCode: 400, error: 'Bad Request', message: 'Missing warranties: sixth', details: [{ field: 'warranties', messages: ['sixth'] }] }) });
    await wrapper.find('[data-testid=module-activate]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid=module-activate-error]').text()).toBe('Missing warranties: sixth');
    expect(wrapper.find('[data-testid=module-state]').text()).toBe('Выключен');
  });
});
