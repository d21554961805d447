import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { meWith, mountPage } from '@/shared/testing/fake-api';
import type { MessageStatus } from '../inbox.types';
import MessageTicks from './MessageTicks.vue';

enableAutoUnmount(afterEach);

async function ticks(status: MessageStatus, failureReason: string | null = null) {
  const { wrapper } = await mountPage(MessageTicks, { me: meWith([]), props: { status, failureReason } });
  return wrapper;
}

describe('message ticks', () => {
  it.each([
    ['queued', 'tick-clock', 'В очереди на отправку', 0],
    ['sent', 'tick-single', 'Отправлено', 1],
    ['delivered', 'tick-double', 'Доставлено', 2],
    ['read', 'tick-read', 'Прочитано', 2],
  ] as const)('shows %s as %s', async (status, tick, label, checkPaths) => {
    const wrapper = await ticks(status);
    const mark = wrapper.find('[data-testid=message-ticks]');
    expect(mark.classes()).toContain(tick);
    expect(mark.attributes('title')).toBe(label);
    expect(mark.attributes('data-status')).toBe(status);
    // One stroke per tick; the clock is an icon of its own.
    expect(mark.findAll('svg[viewBox="0 0 24 16"] path')).toHaveLength(checkPaths);
  });

  it('marks a read message in blue and a delivered one in grey', async () => {
    expect((await ticks('read')).find('.tick-read').exists()).toBe(true);
    expect((await ticks('delivered')).find('.tick-read').exists()).toBe(false);
  });

  it('shows a failed message in red with the reason on hover', async () => {
    const mark = (await ticks('failed', 'chat not found')).find('[data-testid=message-ticks]');
    expect(mark.classes()).toContain('tick-failed');
    expect(mark.attributes('title')).toBe('Не отправлено: chat not found');
    expect((await ticks('failed')).find('[data-testid=message-ticks]').attributes('title')).toBe('Не отправлено');
  });

  it('shows nothing for a received message', async () => {
    expect((await ticks('received')).find('[data-testid=message-ticks]').exists()).toBe(false);
  });
});
