import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureDownloads } from '@/features/legal/legal.testing';
import { type ApiCall, fakeApi, json, meWith, mountPage } from '@/shared/testing/fake-api';
import { subjectRequest } from '../subject-requests.testing';
import type { SubjectRequest } from '../subject-requests.types';
import SubjectRequestPage from './SubjectRequestPage.vue';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const officer = meWith(['subject-requests.read', 'subject-requests.manage']);
const routes = [
  { path: '/subject-requests', name: 'subject-requests', component: { template: '<p>queue</p>' } },
  { path: '/destruction-acts/:actId', name: 'destruction-act', component: { template: '<p>act</p>' } },
];
const BASE = '/api/v1/subject-requests/r1';

function refused(status: number, reason: string): Response {
  return json(status, { statusCode: status, error: 'Refused', message: reason, details: { reason } });
}

/** The request as the API keeps it: each action changes it and adds to its log. */
function requestApi(overrides: Partial<SubjectRequest> = {}, { extendRefusals = [] as string[], eraseRefusals = [] as string[] } = {}) {
  let state: SubjectRequest = subjectRequest('r1', {
    events: [
      { at: '2026-12-01T07:30:00.000Z', type: 'received', actor: null, details: {} },
      { at: '2026-12-01T08:00:00.000Z', type: 'forwarded-by-platform', actor: null, details: {} },
    ],
    ...overrides,
  });
  const refusals = [...extendRefusals];
  const erasures = [...eraseRefusals];
  const log = (type: string) => [...(state.events ?? []), { at: new Date().toISOString(), type, actor: 'Анна Смирнова', details: {} }];
  const answer = () => {
    const { events: _events, ...withoutEvents } = state;
    return withoutEvents;
  };
  return fakeApi({
    [`GET ${BASE}`]: () => state,
    [`POST ${BASE}/identity`]: (call: ApiCall) => {
      const body = call.body as { method: 'document'; evidence: string };
      state = { ...state, status: 'in-progress', identity: { ...body, verifiedAt: new Date().toISOString(), verifiedBy: { id: 'u1', name: 'Анна Смирнова' } }, events: log('identity-verified') };
      return answer();
    },
    [`POST ${BASE}/extend`]: (call: ApiCall) => {
      const refusal = refusals.shift();
      if (refusal) return refused(422, refusal);
      const { deadline } = state;
      state = {
        ...state,
        deadline: { ...deadline, due: '2026-12-22', extension: { amount: 5, unit: 'working-days', article: 'ст. 14 ч. 3 152-ФЗ', originalDue: deadline.due } },
        extensionNotice: { sentAt: new Date().toISOString(), reason: (call.body as { reason: string }).reason },
        events: log('extended'),
      };
      return answer();
    },
    [`GET ${BASE}/access-package`]: () => {
      if (!state.identity) return refused(422, 'identity-not-verified');
      state = { ...state, events: log('access-package') };
      return new Response('PK zip', { status: 200, headers: { 'content-type': 'application/zip' } });
    },
    [`POST ${BASE}/erase`]: () => {
      const refusal = erasures.shift();
      if (refusal) return refused(422, refusal);
      if (!state.identity) return refused(422, 'identity-not-verified');
      state = { ...state, status: 'fulfilled', clock: null, closedAt: new Date().toISOString(), outcome: 'Персональные данные уничтожены, акт № АУ-2026-0001.', events: log('closed') };
      return json(201, { actId: 'a1', number: 'АУ-2026-0001' });
    },
    [`GET ${BASE}/data`]: () => [{ source: 'messaging.contacts', category: 'contact-details', recordId: 'c1', fields: { displayName: 'Нина Ошибкина', phone: '+79251002030' } }],
    [`POST ${BASE}/rectify`]: () => {
      state = { ...state, events: log('rectified') };
      return json(201, answer());
    },
    [`POST ${BASE}/block`]: () => {
      if (!state.identity) return refused(422, 'identity-not-verified');
      state = { ...state, events: log('blocked') };
      return json(201, answer());
    },
    [`POST ${BASE}/unblock`]: () => {
      state = { ...state, events: log('unblocked') };
      return json(201, answer());
    },
    [`POST ${BASE}/close`]: (call: ApiCall) => {
      const body = call.body as { outcome: 'fulfilled' | 'refused'; note: string };
      state = { ...state, status: body.outcome, clock: null, closedAt: new Date().toISOString(), outcome: body.note, events: log('closed') };
      return answer();
    },
  });
}

const mount = (me = officer) => mountPage(SubjectRequestPage, { me, routes, props: { requestId: 'r1' } });

describe('a subject request', () => {
  it('shows the deadline with its article, the person, the request, and the log newest first', async () => {
    requestApi();
    const { wrapper } = await mount();
    expect(wrapper.find('[data-testid=subject-request-page-number]').text()).toBe('Запрос № ЗПД-2026-0007');
    expect(wrapper.find('[data-testid=subject-request-status]').text()).toBe('Получен');
    expect(wrapper.find('[data-testid=request-due]').text()).toBe('15.12.2026');
    expect(wrapper.find('[data-testid=request-period]').text()).toBe('10 рабочих дней');
    expect(wrapper.find('[data-testid=request-article]').text()).toBe('ст. 14 ч. 3, ст. 20 ч. 1–2 152-ФЗ');
    expect(wrapper.find('[data-testid=request-person-name]').text()).toBe('Иван Петров');
    expect(wrapper.find('[data-testid=request-text]').text()).toContain('какие мои персональные данные');
    const events = wrapper.findAll('[data-testid=request-event]');
    expect(events.map((e) => e.attributes('data-type'))).toEqual(['forwarded-by-platform', 'received']);
    expect(events[0].find('strong').text()).toBe('forwarded-by-platform');
    expect(events[1].find('strong').text()).toBe('Запрос получен');
  });

  it('says a request came forwarded by the platform, with its incoming number and receipt, and who answers', async () => {
    requestApi({ channel: 'platform', forwarded: { reference: 'ВХ-2026-0042', receivedAt: '2026-12-01T09:00:00.000Z', forwardedAt: '2026-12-02T10:00:00.000Z' } });
    const { wrapper } = await mount();
    expect(wrapper.text()).toContain('Передан платформой «Переписка»');
    expect(wrapper.find('[data-testid=request-forwarded]').text()).toContain('вх. № ВХ-2026-0042 от 01.12.2026');
    expect(wrapper.text()).toContain('Ответ даёте вы; срок считается со дня, когда запрос получила платформа.');
  });

  it('shows no forwarding for a request filed with the business itself', async () => {
    requestApi();
    const { wrapper } = await mount();
    expect(wrapper.find('[data-testid=request-forwarded]').exists()).toBe(false);
  });

  it('discloses nothing before the identity check, and offers the data export after it', async () => {
    const api = requestApi();
    const { wrapper } = await mount();
    expect(wrapper.find('[data-testid=access-package]').attributes('disabled')).toBeDefined();
    expect(wrapper.find('[data-testid=access-package-locked]').text()).toContain('до проверки личности');

    await wrapper.find('[data-testid=identity-method-messenger-match]').setValue(true);
    await wrapper.find('[data-testid=identity-method-document]').setValue(true);
    await wrapper.find('[data-testid=identity-evidence]').setValue('п');
    await wrapper.find('[data-testid=identity-submit]').trigger('submit');
    expect(wrapper.find('[data-testid=request-identity] .field-error').text()).toBe('От 3 до 1000 символов');
    expect(api.calls.some((c) => c.path.endsWith('/identity'))).toBe(false);

    await wrapper.find('[data-testid=identity-evidence]').setValue('паспорт 45 08 ***123, выдан ОУФМС по г. Москве');
    await wrapper.find('[data-testid=identity-submit]').trigger('submit');
    await flushPromises();
    expect(api.calls.find((c) => c.path.endsWith('/identity'))?.body).toEqual({ method: 'document', evidence: 'паспорт 45 08 ***123, выдан ОУФМС по г. Москве' });
    expect(wrapper.find('[data-testid=identity-verified]').text()).toContain('Документ, удостоверяющий личность');
    expect(wrapper.find('[data-testid=subject-request-status]').text()).toBe('В работе');
    expect(wrapper.find('[data-testid=access-package]').attributes('disabled')).toBeUndefined();
    expect(wrapper.find('[data-testid=access-package-locked]').exists()).toBe(false);
    expect(wrapper.findAll('[data-testid=request-event]')[0].attributes('data-type')).toBe('identity-verified');
  });

  it('downloads what the business holds on the person as subject-data-<number>.zip', async () => {
    const api = requestApi({ status: 'in-progress', identity: { method: 'document', evidence: 'паспорт', verifiedAt: '2026-12-01T09:00:00.000Z', verifiedBy: null } });
    const saved = captureDownloads(vi);
    const { wrapper } = await mount();
    await wrapper.find('[data-testid=access-package]').trigger('click');
    await flushPromises();
    expect(api.calls.some((c) => c.method === 'GET' && c.path === `${BASE}/access-package`)).toBe(true);
    expect(saved.map((s) => s.name)).toEqual(['subject-data-ЗПД-2026-0007.zip']);
    expect(wrapper.findAll('[data-testid=request-event]')[0].find('strong').text()).toBe('Выгружены сведения о субъекте');
  });

  it('extends the period once with a motivated notice, saying in Russian why the API refused', async () => {
    const api = requestApi({}, { extendRefusals: ['notice-after-deadline'] });
    const { wrapper } = await mount();
    await wrapper.find('[data-testid=extend-open]').trigger('click');
    await wrapper.find('[data-testid=extend-reason]').setValue('Нужно');
    await wrapper.find('[data-testid=extend-submit]').trigger('click');
    expect(wrapper.find('[data-testid=extend-dialog] .field-error').text()).toBe('От 10 до 2000 символов');
    expect(api.calls.some((c) => c.path.endsWith('/extend'))).toBe(false);

    const reason = 'Для ответа нужны сведения от обработчика, которому поручена обработка.';
    await wrapper.find('[data-testid=extend-reason]').setValue(reason);
    await wrapper.find('[data-testid=extend-submit]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid=extend-error]').text()).toBe('Срок уже истёк: мотивированное уведомление должно быть направлено до его окончания.');

    await wrapper.find('[data-testid=extend-submit]').trigger('click');
    await flushPromises();
    expect(api.calls.filter((c) => c.path === `${BASE}/extend`).map((c) => c.body)).toEqual([{ reason }, { reason }]);
    expect(wrapper.find('[data-testid=extend-dialog]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=subject-request-notice]').text()).toBe('Срок продлён до 22.12.2026.');
    expect(wrapper.find('[data-testid=request-due]').text()).toBe('22.12.2026');
    expect(wrapper.find('[data-testid=request-extension]').text()).toContain('первоначальный срок — 15.12.2026');
    expect(wrapper.find('[data-testid=request-extension-reason]').text()).toBe(reason);
    expect(wrapper.find('[data-testid=extend-open]').exists()).toBe(false);
  });

  it('does not offer to extend a period the law does not let be extended', async () => {
    requestApi({ kind: 'deletion', deadline: { ...subjectRequest('x').deadline, extendable: false, note: 'В указанный срок прекращается неправомерная обработка.' } });
    const { wrapper } = await mount();
    expect(wrapper.find('[data-testid=extend-open]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=request-note]').text()).toBe('В указанный срок прекращается неправомерная обработка.');
  });

  it('destroys the data on a demand to destroy it only after the identity check, and links to the act', async () => {
    const api = requestApi({ kind: 'deletion' });
    const { wrapper } = await mount();
    expect(wrapper.find('[data-testid=erase-open]').attributes('disabled')).toBeDefined();
    expect(wrapper.find('[data-testid=erase-locked]').text()).toContain('до проверки личности');

    await wrapper.find('[data-testid=identity-method-document]').setValue(true);
    await wrapper.find('[data-testid=identity-evidence]').setValue('паспорт 45 08 ***123, выдан ОУФМС по г. Москве');
    await wrapper.find('[data-testid=identity-submit]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid=erase-open]').attributes('disabled')).toBeUndefined();
    expect(wrapper.find('[data-testid=erase-locked]').exists()).toBe(false);

    await wrapper.find('[data-testid=erase-open]').trigger('click');
    const dialog = wrapper.find('[data-testid=erase-dialog]');
    expect(dialog.text()).toContain('Каждый модуль уничтожит персональные данные субъекта, обрабатываемые в этой компании');
    expect(dialog.text()).toContain('указываются в акте об уничтожении');
    expect(api.calls.some((c) => c.path.endsWith('/erase'))).toBe(false);

    await wrapper.find('[data-testid=erase-confirm]').trigger('click');
    await flushPromises();
    expect(api.calls.filter((c) => c.path === `${BASE}/erase`).map((c) => [c.method, c.body])).toEqual([['POST', {}]]);
    expect(wrapper.find('[data-testid=erase-dialog]').exists()).toBe(false);
    const done = wrapper.find('[data-testid=erase-done]');
    expect(done.text()).toContain('Персональные данные уничтожены, составлен акт № АУ-2026-0001.');
    expect(done.find('a').attributes('href')).toBe('/destruction-acts/a1');
    expect(wrapper.find('[data-testid=subject-request-status]').text()).toBe('Исполнен');
    expect(wrapper.find('[data-testid=erase-open]').exists()).toBe(false);
  });

  it('says in Russian why the API refused to destroy the data', async () => {
    const verified = { method: 'document' as const, evidence: 'паспорт', verifiedAt: '2026-12-01T09:00:00.000Z', verifiedBy: null };
    requestApi({ kind: 'consent-withdrawal', status: 'in-progress', identity: verified }, { eraseRefusals: ['not-a-destruction-request'] });
    const { wrapper } = await mount();
    await wrapper.find('[data-testid=erase-open]').trigger('click');
    await wrapper.find('[data-testid=erase-confirm]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid=erase-error]').text()).toBe('Данные уничтожаются только по требованию об уничтожении или при отзыве согласия.');
    expect(wrapper.find('[data-testid=erase-done]').exists()).toBe(false);
  });

  it('offers to destroy data only on a demand to destroy it or a withdrawal of consent', async () => {
    requestApi({ kind: 'access' });
    const { wrapper } = await mount();
    expect(wrapper.find('[data-testid=erase-open]').exists()).toBe(false);
  });

  it('closes the request with a motivated refusal', async () => {
    const api = requestApi();
    const { wrapper } = await mount();
    await wrapper.find('[data-testid=close-open]').trigger('click');
    await wrapper.find('[data-testid=close-outcome-refused]').setValue(true);
    await wrapper.find('[data-testid=close-note]').setValue('Личность заявителя не подтверждена (ч. 8 ст. 14 152-ФЗ).');
    await wrapper.find('[data-testid=close-submit]').trigger('click');
    await flushPromises();
    expect(api.calls.find((c) => c.path === `${BASE}/close`)?.body).toEqual({ outcome: 'refused', note: 'Личность заявителя не подтверждена (ч. 8 ст. 14 152-ФЗ).' });
    expect(wrapper.find('[data-testid=subject-request-status]').text()).toBe('Отказано');
    expect(wrapper.find('[data-testid=request-outcome]').text()).toContain('Личность заявителя не подтверждена');
    expect(wrapper.find('[data-testid=close-open]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=identity-form]').exists()).toBe(false);
    expect(wrapper.findAll('[data-testid=request-event]')[0].find('strong').text()).toBe('Запрос закрыт');
  });

  it('shows a reader the request without the actions', async () => {
    requestApi();
    const { wrapper } = await mount(meWith(['subject-requests.read']));
    expect(wrapper.find('[data-testid=identity-form]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=identity-pending]').exists()).toBe(true);
    expect(wrapper.find('[data-testid=extend-open]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=close-open]').exists()).toBe(false);
  });

  it('says when the request does not exist in this business', async () => {
    fakeApi({});
    const { wrapper } = await mount();
    expect(wrapper.find('[data-testid=empty-state]').text()).toBe('Запрос не найден');
  });

  it('blocks the person\'s data with its grounds after the identity check, and lifts it', async () => {
    const api = requestApi({ kind: 'blocking', identity: { method: 'document', evidence: 'Паспорт', verifiedAt: '2026-12-01T09:00:00.000Z', verifiedBy: null } });
    const { wrapper } = await mount();
    const card = wrapper.find('[data-testid=request-block]');
    expect(card.attributes('data-blocked')).toBe('false');
    await wrapper.find('[data-testid=block-toggle]').trigger('click');
    expect(wrapper.find('[data-testid=block-error]').text()).toBe('Укажите основание');
    await wrapper.find('[data-testid=block-reason]').setValue('Заявлено о неточности номера');
    await wrapper.find('[data-testid=block-toggle]').trigger('click');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'POST' && c.path === `${BASE}/block`)?.body).toEqual({ reason: 'Заявлено о неточности номера' });
    expect(wrapper.find('[data-testid=request-block]').attributes('data-blocked')).toBe('true');
    expect(wrapper.find('[data-testid=block-state]').text()).toContain('сообщения этому клиенту не отправляются');
    await wrapper.find('[data-testid=block-reason]').setValue('Проверка завершена');
    await wrapper.find('[data-testid=block-toggle]').trigger('click');
    await flushPromises();
    expect(api.calls.some((c) => c.method === 'POST' && c.path === `${BASE}/unblock`)).toBe(true);
    expect(wrapper.find('[data-testid=request-block]').attributes('data-blocked')).toBe('false');
  });

  it('lists what the modules hold on the person and corrects a field where it is kept', async () => {
    const api = requestApi({ kind: 'rectification', identity: { method: 'document', evidence: 'Паспорт', verifiedAt: '2026-12-01T09:00:00.000Z', verifiedBy: null } });
    const { wrapper } = await mount();
    const item = wrapper.find('[data-testid=subject-data-item]');
    expect(item.attributes('data-source')).toBe('messaging.contacts');
    expect(item.text()).toContain('Нина Ошибкина');
    await wrapper.find('[data-testid=rectify-edit-displayName]').trigger('click');
    await wrapper.find('[data-testid=rectify-value]').setValue('Нина Исправленная');
    await wrapper.find('[data-testid=rectify-save]').trigger('click');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'POST' && c.path === `${BASE}/rectify`)?.body).toEqual({ corrections: [{ source: 'messaging.contacts', recordId: 'c1', field: 'displayName', value: 'Нина Исправленная' }] });
    expect(wrapper.text()).toContain('Данные уточнены.');
  });
});

