import { describe, expect, it } from 'vitest';
import { dueState, exportFileName } from './register.format';

describe('the register’s wording', () => {
  it.each([
    ['2026-12-01', 'overdue'],
    ['2026-12-02', 'soon'],
    ['2026-12-05', 'soon'],
    ['2026-12-06', 'later'],
  ])('calls a due date of %s %s on 2 December 2026', (due, expected) => {
    expect(dueState(due, '2026-12-02')).toBe(expected);
  });

  it.each([
    ['xlsx', 'tenant', 'register-tenant-2026-12-01.xlsx'],
    ['json', 'platform', 'register-platform-2026-12-01.json'],
    ['notification-pdf', 'tenant', 'rkn-notification-2026-12-01.pdf'],
    ['notification-md', 'tenant', 'rkn-notification-2026-12-01.md'],
  ] as const)('saves a %s export of the %s register as %s', (format, layer, name) => {
    expect(exportFileName(format, layer, '2026-12-01')).toBe(name);
  });
});
