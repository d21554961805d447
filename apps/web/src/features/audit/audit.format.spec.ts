import { describe, expect, it } from 'vitest';
import { createAppI18n } from '@/i18n';
import { detailsSummary } from './audit.format';
import type { AuditEvent } from './audit.types';

const i18n = createAppI18n('ru').global;
const t = (key: string, values?: Record<string, unknown>) => (values ? i18n.t(key, values) : i18n.t(key));
const te = (key: string) => i18n.te(key);
const event = (action: string, details: Record<string, unknown>) => ({ action, details }) as unknown as AuditEvent;

describe('audit event details', () => {
  it('counts the rows of a client base export, and says when the download was cut short', () => {
    expect(detailsSummary(event('contacts.exported', { rows: 1234, complete: true }), t, te)).toBe('Строк в файле: 1234');
    expect(detailsSummary(event('contacts.exported', { rows: 1000, complete: false }), t, te)).toBe('Выгрузка прервана, передано строк: 1000');
  });

  it('lists the details of an action without words of its own as they are', () => {
    expect(detailsSummary(event('member.role-changed', { from: 'operator', to: 'admin' }), t, te)).toBe('from: operator; to: admin');
  });
});
