import { type MessageStatus, type ReportedStatus, nextStatus } from './message-status';

describe('message status', () => {
  it.each<[MessageStatus, ReportedStatus, MessageStatus]>([
    ['queued', 'sent', 'sent'],
    ['queued', 'read', 'read'],
    ['sent', 'delivered', 'delivered'],
    ['delivered', 'sent', 'delivered'],
    ['read', 'delivered', 'read'],
    ['read', 'sent', 'read'],
    ['queued', 'failed', 'failed'],
    ['sent', 'failed', 'sent'],
    ['failed', 'sent', 'failed'],
    ['received', 'read', 'received'],
  ])('%s + %s → %s', (current, reported, expected) => {
    expect(nextStatus(current, reported)).toBe(expected);
  });

  it('ends in the highest status whatever order the reports arrive in', () => {
    const reports: ReportedStatus[] = ['sent', 'delivered', 'read'];
    const orders = [reports, [...reports].reverse(), ['delivered', 'read', 'sent'] as ReportedStatus[], ['read', 'sent', 'delivered'] as ReportedStatus[]];
    for (const order of orders) {
      expect(order.reduce<MessageStatus>((status, next) => nextStatus(status, next), 'queued')).toBe('read');
    }
  });
});
