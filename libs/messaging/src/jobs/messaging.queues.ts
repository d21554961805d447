import { defineQueue } from '@perepiska/platform';

/** The messaging pipelines' queues (STYLE.md §5): each job is rebuildable from Postgres. */
export const INBOUND_QUEUE = defineQueue<{ connectionId: string }>('messaging.inbound');
export const INBOUND_SWEEP_QUEUE = defineQueue<Record<string, never>>('messaging.inbound-sweep');
export const OUTBOUND_QUEUE = defineQueue<{ messageId: string }>('messaging.outbound');
export const OUTBOUND_SWEEP_QUEUE = defineQueue<Record<string, never>>('messaging.outbound-sweep');
export const MARK_READ_QUEUE = defineQueue<{ conversationId: string }>('messaging.mark-read');
