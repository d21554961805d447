import { describe, expect, it, vi } from 'vitest';
import { ApiRequestError } from '@/shared/api/client';
import { createAppI18n } from '@/i18n';
import { accessPackageFileName, destructionActFileName, formatDay, pdCategoryLabel, periodLabel, publicFormUrl, queueOrder, queueState, receivedAtFor, refusalReason, termLabel } from './subject-requests.format';
import { subjectRequest } from './subject-requests.testing';

const { global } = createAppI18n('ru');
const { t } = global;
const te = (key: string): boolean => global.te(key);

describe('subject requests in the user’s words', () => {
  it.each([
    [{ amount: 10, unit: 'working-days' as const }, '10 рабочих дней'],
    [{ amount: 3, unit: 'working-days' as const }, '3 рабочих дня'],
    [{ amount: 1, unit: 'working-days' as const }, '1 рабочий день'],
    [{ amount: 30, unit: 'calendar-days' as const }, '30 календарных дней'],
    [{ amount: 0, unit: 'immediately' as const }, 'немедленно'],
  ])('writes the period %j as «%s»', (period, expected) => {
    expect(periodLabel(period, t)).toBe(expected);
  });

  it('cites the article beside the term', () => {
    expect(termLabel({ amount: 10, unit: 'working-days' }, 'ч. 3 ст. 14 152-ФЗ', t)).toBe('Срок ответа — 10 рабочих дней (ч. 3 ст. 14 152-ФЗ)');
    expect(termLabel({ amount: 0, unit: 'immediately' }, 'ст. 18 ч. 1 38-ФЗ', t)).toBe('Срок ответа — немедленно (ст. 18 ч. 1 38-ФЗ)');
  });

  it('shows a Moscow day as that day', () => {
    expect(formatDay('2026-12-15', 'ru')).toBe('15.12.2026');
    expect(formatDay(null, 'ru')).toBe('');
  });

  it('orders the queue by due date, then by receipt', () => {
    const late = subjectRequest('late', { deadline: { ...subjectRequest('x').deadline, due: '2026-12-20' } });
    const early = subjectRequest('early', { deadline: { ...subjectRequest('x').deadline, due: '2026-12-04' } });
    const sameDayLater = subjectRequest('same', { receivedAt: '2026-12-02T08:00:00.000Z', deadline: { ...subjectRequest('x').deadline, due: '2026-12-04' } });
    expect(queueOrder([late, sameDayLater, early]).map((r) => r.id)).toEqual(['early', 'same', 'late']);
  });

  it('calls a request without a clock closed', () => {
    expect(queueState(subjectRequest('a', { clock: { state: 'overdue', workingDaysLeft: 0 } }))).toBe('overdue');
    expect(queueState(subjectRequest('a', { clock: null, status: 'fulfilled' }))).toBe('closed');
  });

  it('sends noon in Moscow for an earlier day of receipt and leaves today to the API', () => {
    expect(receivedAtFor('2026-11-30', '2026-12-02')).toBe('2026-11-30T09:00:00.000Z');
    expect(receivedAtFor('2026-12-02', '2026-12-02')).toBeUndefined();
  });

  it('names the download and the public link', () => {
    expect(accessPackageFileName('ЗПД-2026-0007')).toBe('subject-data-ЗПД-2026-0007.zip');
    expect(publicFormUrl('https://app.perepiska.ru', 't1')).toBe('https://app.perepiska.ru/requests/t1');
  });

  it('names the act’s PDF without the Cyrillic prefix of its number', () => {
    expect(destructionActFileName('АУ-2026-0001')).toBe('destruction-act-2026-0001.pdf');
  });

  it('names a category of personal data in Russian, and an unknown one by its id', () => {
    expect(pdCategoryLabel('contact-details', t, te)).toBe('Контактные данные: номер телефона, адрес электронной почты');
    expect(pdCategoryLabel('telepathy', t, te)).toBe('telepathy');
  });

  it('reads the reason of a refused action', () => {
    const refused = new ApiRequestError(422, { statusCode: 422, error: 'Unprocessable Entity', message: 'x', details: { reason: 'already-extended' } });
    expect(refusalReason(refused)).toBe('already-extended');
    expect(refusalReason(new ApiRequestError(500, undefined))).toBeNull();
    expect(refusalReason(new Error('x'))).toBeNull();
  });
});

describe('the feature’s messages', () => {
  it.each(['ru', 'en'] as const)('all compile in %s', (locale) => {
    const { global } = createAppI18n(locale);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const keys = (value: unknown, prefix: string): string[] =>
      typeof value === 'object' && value !== null ? Object.entries(value).flatMap(([k, v]) => keys(v, `${prefix}.${k}`)) : [prefix];
    for (const key of keys(global.getLocaleMessage(locale)['subject-requests'], 'subject-requests')) {
      expect(global.t(key, { n: 2, number: 'N', date: 'D', name: 'X', period: 'P', article: 'A' }, 2)).not.toBe(key);
    }
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

});
