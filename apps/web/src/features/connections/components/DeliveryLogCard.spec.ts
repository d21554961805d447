import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiCall, fakeApi, json, meWith, mountPage } from '@/shared/testing/fake-api';
import type { WebhookDelivery } from '../connections.types';
import DeliveryLogCard from './DeliveryLogCard.vue';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const CONNECTION = 'c0000000-0000-4000-8000-000000000001';
const LOG = `/api/v1/connections/${CONNECTION}/webhook-deliveries`;

function delivery(id: string, overrides: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return {
    id,
    event: 'message.created',
    messageId: `msg-${id}`,
    status: 'delivered',
    attempts: 1,
    responseStatus: 200,
    lastError: null,
    createdAt: '2026-11-20T09:00:00.000Z',
    lastAttemptAt: '2026-11-20T09:00:01.000Z',
    deliveredAt: '2026-11-20T09:00:01.000Z',
    ...overrides,
  };
}

const failed = delivery('d-2', { status: 'failed', attempts: 5, responseStatus: 500, lastError: 'HTTP 500 Internal Server Error', deliveredAt: null });
const manager = meWith(['connections.read', 'connections.manage']);

describe('the webhook delivery log', () => {
  it('shows each delivery with its status, attempts, response and error', async () => {
    fakeApi({ [`GET ${LOG}`]: () => ({ items: [failed, delivery('d-1')], nextCursor: null }) });
    const { wrapper } = await mountPage(DeliveryLogCard, { me: manager, props: { connectionId: CONNECTION, canManage: true } });
    const [first, second] = wrapper.findAll('tbody tr');
    expect(first.find('[data-testid=delivery-status]').text()).toBe('Ошибка');
    expect(first.text()).toContain('HTTP 500 Internal Server Error');
    expect(first.text()).toContain('5');
    expect(second.find('[data-testid=delivery-status]').text()).toBe('Доставлен');
    expect(wrapper.find('[data-testid=pager]').exists()).toBe(false);
  });

  it('replays a failed delivery and reads the log again', async () => {
    let replayed = false;
    const api = fakeApi({
      [`GET ${LOG}`]: () => ({ items: [replayed ? { ...failed, status: 'delivered', attempts: 6, responseStatus: 200 } : failed], nextCursor: null }),
      [`POST ${LOG}/d-2/replay`]: () => {
        replayed = true;
        return json(202, { delivered: true });
      },
    });
    const { wrapper } = await mountPage(DeliveryLogCard, { me: manager, props: { connectionId: CONNECTION, canManage: true } });
    await wrapper.find('[data-testid=delivery-replay]').trigger('click');
    await flushPromises();
    expect(api.calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual([`${LOG}/d-2/replay`]);
    expect(wrapper.find('[data-testid=delivery-outcome]').text()).toContain('поставлен в очередь');
    expect(wrapper.find('[data-testid=delivery-status]').text()).toBe('Доставлен');
    expect(api.calls.filter((c) => c.path === LOG)).toHaveLength(2);
  });

  it('says so when the replay did not arrive either', async () => {
    fakeApi({ [`GET ${LOG}`]: () => ({ items: [failed], nextCursor: null }), [`POST ${LOG}/d-2/replay`]: () => json(202, { delivered: false }) });
    const { wrapper } = await mountPage(DeliveryLogCard, { me: manager, props: { connectionId: CONNECTION, canManage: true } });
    await wrapper.find('[data-testid=delivery-replay]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid=delivery-outcome]').text()).toContain('Повторная отправка не удалась');
  });

  it('pages by cursor, forward and back', async () => {
    const api = fakeApi({
      [`GET ${LOG}`]: (call: ApiCall) => (call.query.get('cursor') === 'next-1' ? { items: [delivery('d-old')], nextCursor: null } : { items: [delivery('d-new')], nextCursor: 'next-1' }),
    });
    const { wrapper } = await mountPage(DeliveryLogCard, { me: manager, props: { connectionId: CONNECTION, canManage: true } });
    await wrapper.find('[data-testid=pager-older]').trigger('click');
    await flushPromises();
    expect(wrapper.find('tbody tr').attributes('data-row-key')).toBe('d-old');
    expect(wrapper.find<HTMLButtonElement>('[data-testid=pager-older]').element.disabled).toBe(true);
    await wrapper.find('[data-testid=pager-newer]').trigger('click');
    await flushPromises();
    expect(wrapper.find('tbody tr').attributes('data-row-key')).toBe('d-new');
    expect(api.calls.map((c) => c.query.get('cursor'))).toEqual([null, 'next-1', null]);
  });

  it('offers no replay to whoever may only read', async () => {
    fakeApi({ [`GET ${LOG}`]: () => ({ items: [failed], nextCursor: null }) });
    const { wrapper } = await mountPage(DeliveryLogCard, { me: meWith(['connections.read']), props: { connectionId: CONNECTION, canManage: false } });
    expect(wrapper.find('[data-testid=delivery-replay]').exists()).toBe(false);
  });
});
