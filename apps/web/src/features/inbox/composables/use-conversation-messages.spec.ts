import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, ref } from 'vue';
import { messageOf } from '../inbox.testing';
import type { Message } from '../inbox.types';
import { laterOf, useConversationMessages } from './use-conversation-messages';

vi.mock('../inbox.api', () => ({ inboxApi: { messages: vi.fn(() => Promise.resolve({ items: [], nextCursor: null })) } }));

const out = (status: Message['status']) => messageOf('m-1', { direction: 'out', status });

describe('laterOf: which state of an outgoing message is shown when two arrive', () => {
  it.each<[Message['status'], Message['status'], Message['status']]>([
    ['queued', 'sent', 'sent'],
    ['sent', 'queued', 'sent'],
    ['delivered', 'queued', 'delivered'],
    ['read', 'delivered', 'read'],
    ['read', 'sent', 'read'],
    ['sent', 'read', 'read'],
    ['queued', 'failed', 'failed'],
    ['failed', 'queued', 'failed'],
    ['sent', 'sent', 'sent'],
    ['received', 'received', 'received'],
  ])('shown %s, then %s arrives: %s', (shown, incoming, expected) => {
    expect(laterOf(out(shown), out(incoming)).status).toBe(expected);
  });

  it('takes the incoming copy when it is as far along (its other fields may be newer)', () => {
    const incoming = { ...out('sent'), sentAt: '2026-11-20T09:00:01.000Z' };
    expect(laterOf(out('sent'), incoming)).toBe(incoming);
  });
});

describe('useConversationMessages', () => {
  let scope: ReturnType<typeof effectScope>;
  beforeEach(() => {
    setActivePinia(createPinia());
    scope = effectScope();
  });
  afterEach(() => scope.stop());

  it('keeps "sent" when the send request answers "queued" after the socket said "sent"', async () => {
    const history = scope.run(() => useConversationMessages(ref('conv-1')))!;
    await flushPromises();
    history.upsert({ ...out('queued'), conversationId: 'conv-1' });
    history.upsert({ ...out('sent'), conversationId: 'conv-1' });
    history.upsert({ ...out('queued'), conversationId: 'conv-1' });
    expect(history.messages.value.map((m) => m.status)).toEqual(['sent']);
  });
});
