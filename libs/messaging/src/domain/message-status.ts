/**
 * The life of an outgoing message: queued → sent → delivered → read, or failed. Messengers
 * report statuses out of order (a "read" may arrive before its "delivered"), so a status only
 * ever moves forward: the highest one seen wins, and "failed" only replaces "queued" — a
 * message the messenger accepted cannot fail afterwards. Incoming messages are "received".
 */
export const MESSAGE_STATUSES = ['received', 'queued', 'sent', 'delivered', 'read', 'failed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const REPORTED_STATUSES = ['sent', 'delivered', 'read', 'failed'] as const;
export type ReportedStatus = (typeof REPORTED_STATUSES)[number];

const PROGRESS: Record<'queued' | 'sent' | 'delivered' | 'read', number> = { queued: 0, sent: 1, delivered: 2, read: 3 };

/** The statuses a message may be in for `next` to replace it. */
export function statusesBefore(next: ReportedStatus): MessageStatus[] {
  if (next === 'failed') return ['queued'];
  const rank = PROGRESS[next];
  return (Object.keys(PROGRESS) as Array<keyof typeof PROGRESS>).filter((status) => PROGRESS[status] < rank);
}

export function nextStatus(current: MessageStatus, reported: ReportedStatus): MessageStatus {
  return statusesBefore(reported).includes(current) ? reported : current;
}
