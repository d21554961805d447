import { type QueueDefinition, defineQueue } from '@perepiska/platform';
import { createHash } from 'node:crypto';

/** The messaging pipelines' queues (STYLE.md §5): each job is rebuildable from Postgres. */
export const INBOUND_QUEUE = defineQueue<{ connectionId: string }>('messaging.inbound');
export const INBOUND_SWEEP_QUEUE = defineQueue<Record<string, never>>('messaging.inbound-sweep');
export const OUTBOUND_QUEUE = defineQueue<{ messageId: string }>('messaging.outbound');
export const OUTBOUND_SWEEP_QUEUE = defineQueue<Record<string, never>>('messaging.outbound-sweep');
export const MARK_READ_QUEUE = defineQueue<{ conversationId: string }>('messaging.mark-read');

/** Work that only the process running a connection's exclusive client can do (a Telegram account's send or read mark). */
export interface HeldClientWork {
  work: 'deliver' | 'mark-read';
  /** The message (deliver) or conversation (mark-read). */
  id: string;
  attempt: number;
  /** How many times the work was handed on; bounded, in case leases move while it travels. */
  hops: number;
}

/** Each worker's own queue for work on the clients it holds: `holder` is its lease-holder name. */
export function heldClientQueue(holder: string): QueueDefinition<HeldClientWork> {
  return defineQueue<HeldClientWork>(`messaging.held-${createHash('sha256').update(holder).digest('hex').slice(0, 16)}`);
}
