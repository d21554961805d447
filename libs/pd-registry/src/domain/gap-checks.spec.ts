import { addWorkingDays } from '@perepiska/platform';
import { sampleSnapshot } from '../testing/sample-register';
import { findRegisterGaps, notifiableFieldsSha256, notificationUpdateDue, type RegisterFinding, type RegisterGapInput } from './gap-checks';
import { type ActivityData, type RegisterSnapshot } from './processing-activity';

const now = new Date('2026-12-01T12:00:00.000Z');
const base = sampleSnapshot();
const MESSENGER_ID = '00000000-0000-4000-8000-000000000099';

/** The sample register with the messenger activity's data changed. */
function withMessenger(change: (data: ActivityData) => Partial<ActivityData>, snapshot: RegisterSnapshot = base): RegisterSnapshot {
  return {
    ...snapshot,
    activities: snapshot.activities.map((a) => (a.id === MESSENGER_ID ? { ...a, data: { ...a.data, ...change(a.data) } } : a)),
  };
}

const notified = { submittedAt: new Date('2025-11-25T09:00:00.000Z'), fieldsSha256: notifiableFieldsSha256(base) };
const gaps = (input: Partial<RegisterGapInput> = {}): RegisterFinding[] => findRegisterGaps({ snapshot: base, lastNotification: notified, now, ...input });
const codes = (input: Partial<RegisterGapInput> = {}): string[] => gaps(input).map((f) => f.code);

describe('findRegisterGaps', () => {
  it('finds nothing in the sample register once it has been notified', () => {
    expect(gaps()).toEqual([]);
  });

  const cases: Array<{ title: string; change: (data: ActivityData) => Partial<ActivityData>; code: string; severity: RegisterFinding['severity']; article: string; also?: string[] }> = [
    { title: 'no legal basis', change: () => ({ legalBases: [] }), code: 'no-legal-basis', severity: 'critical', article: 'ст. 6 ч. 1 152-ФЗ' },
    { title: 'no retention rule', change: () => ({ retention: [] }), code: 'no-retention', severity: 'critical', article: 'ст. 5 ч. 7 152-ФЗ' },
    {
      title: 'a category no retention rule covers',
      change: (d) => ({ retention: [{ ...d.retention[0], categories: d.retention[0].categories.filter((c) => c !== 'attachments') }, ...d.retention.slice(1)] }),
      code: 'category-without-retention',
      severity: 'critical',
      article: 'ст. 5 ч. 7 152-ФЗ',
    },
    {
      title: 'a retention rule naming a category the activity does not process',
      change: (d) => ({ retention: [...d.retention, { categories: ['payment-details'], period: { amount: 5, unit: 'years' }, trigger: 'collection' }] }),
      code: 'retention-category-not-processed',
      severity: 'warning',
      article: 'ст. 5 ч. 7 152-ФЗ',
    },
    {
      title: 'a special category without a special basis',
      change: (d) => ({ categories: [...d.categories, 'health'], retention: [{ ...d.retention[0], categories: [...d.categories, 'health'] }] }),
      code: 'special-category-without-basis',
      severity: 'critical',
      article: 'ст. 10 ч. 2 152-ФЗ',
    },
    {
      title: 'a biometric category without a basis of art. 11',
      change: (d) => ({ categories: [...d.categories, 'biometric-image'], retention: [{ ...d.retention[0], categories: [...d.categories, 'biometric-image'] }], specialBases: ['art10-p2-1'] }),
      code: 'biometric-category-without-basis',
      severity: 'critical',
      article: 'ст. 11 152-ФЗ',
    },
    { title: 'a cross-border transfer without countries', change: () => ({ crossBorder: { transfers: true, countries: [] } }), code: 'cross-border-without-countries', severity: 'critical', article: 'ст. 12 152-ФЗ' },
    {
      title: 'a processor without an instruction',
      change: (d) => ({ recipients: d.recipients.map((r) => ({ ...r, instruction: null })) }),
      code: 'processor-without-instruction',
      severity: 'critical',
      article: 'ст. 6 ч. 3 152-ФЗ',
    },
    { title: 'no actions', change: () => ({ actions: [] }), code: 'no-actions', severity: 'critical', article: 'ст. 22 ч. 3 п. 6 152-ФЗ' },
    { title: 'no categories', change: () => ({ categories: [], retention: [] }), code: 'no-categories', severity: 'critical', article: 'ст. 22 ч. 3 п. 3 152-ФЗ', also: ['no-retention'] },
    { title: 'no subject categories', change: () => ({ subjectCategories: [] }), code: 'no-subject-categories', severity: 'critical', article: 'ст. 22 ч. 3 п. 4 152-ФЗ' },
    { title: 'no database location', change: () => ({ databaseLocation: { country: '', address: '' } }), code: 'no-database-location', severity: 'critical', article: 'ст. 18 ч. 5 152-ФЗ' },
    { title: 'a database outside Russia', change: () => ({ databaseLocation: { country: 'DE', address: 'Frankfurt am Main' } }), code: 'database-outside-russia', severity: 'critical', article: 'ст. 18 ч. 5 152-ФЗ' },
    { title: 'no security measures', change: () => ({ securityMeasures: [] }), code: 'no-security-measures', severity: 'warning', article: 'ст. 18.1, ст. 19 152-ФЗ' },
  ];

  it.each(cases)('reports $title', ({ change, code, severity, article, also = [] }) => {
    const snapshot = withMessenger(change);
    const found = gaps({ snapshot, lastNotification: { ...notified, fieldsSha256: notifiableFieldsSha256(snapshot) } });
    expect(found.map((f) => f.code).sort()).toEqual([code, ...also].sort());
    expect(found.find((f) => f.code === code)).toEqual(expect.objectContaining({ code, severity, article, activityId: MESSENGER_ID, activityName: 'Обработка сообщений клиентов в мессенджерах' }));
    expect(found[0].message).toMatch(/[А-Яа-я]/);
  });

  it('accepts special and biometric categories with their bases', () => {
    const snapshot = withMessenger((d) => ({
      categories: [...d.categories, 'health', 'biometric-image'],
      retention: [{ ...d.retention[0], categories: [...d.categories, 'health', 'biometric-image'] }],
      specialBases: ['art10-p2-1', 'art11-p1'],
    }));
    expect(codes({ snapshot, lastNotification: { ...notified, fieldsSha256: notifiableFieldsSha256(snapshot) } })).toEqual([]);
  });

  it('lets an activity without a responsible person inherit the operator\'s, and reports when neither has one', () => {
    // The messenger activity has no responsible of its own in the sample.
    expect(codes()).not.toContain('no-responsible');
    const snapshot = { ...base, operator: { ...base.operator, responsible: null } };
    const found = gaps({ snapshot, lastNotification: { ...notified, fieldsSha256: notifiableFieldsSha256(snapshot) } });
    expect(found).toEqual([expect.objectContaining({ code: 'no-responsible', severity: 'warning', activityId: MESSENGER_ID, article: 'ст. 22.1 152-ФЗ' })]);
  });

  it('reports categories the code stores but no activity declares, only when the code\'s list is given', () => {
    expect(codes({ declaredInCode: ['full-name', 'correspondence'] })).toEqual([]);
    expect(gaps({ declaredInCode: ['full-name', 'public-profile'] })).toEqual([
      expect.objectContaining({ code: 'undeclared-category', severity: 'critical', activityId: null, message: 'Категория «Сведения, сделанные субъектом общедоступными» хранится системой, но не указана ни в одном процессе обработки' }),
    ]);
  });

  describe('the notification', () => {
    it('is an info finding when none was ever submitted', () => {
      expect(gaps({ lastNotification: null })).toEqual([expect.objectContaining({ code: 'notification-not-submitted', severity: 'info', article: 'ст. 22 ч. 1 152-ФЗ' })]);
    });

    it('is not due when only fields outside art. 22 part 3 changed', () => {
      expect(codes({ snapshot: withMessenger(() => ({ name: 'Переписка с клиентами' })) })).toEqual([]);
    });

    it('is due 10 working days after the latest change recorded since it was submitted', () => {
      const changed = withMessenger((d) => ({ retention: [{ ...d.retention[0], period: { amount: 6, unit: 'months' } }, ...d.retention.slice(1)] }));
      const snapshot = { ...changed, activities: changed.activities.map((a) => (a.id === MESSENGER_ID ? { ...a, version: 2, recordedAt: new Date('2026-11-26T22:30:00.000Z') } : a)) };
      // 22:30 UTC on 26.11 is 27.11 in Moscow.
      expect(gaps({ snapshot })).toEqual([expect.objectContaining({ code: 'notification-outdated', severity: 'warning', article: 'ст. 22 ч. 7 152-ФЗ', dueDate: addWorkingDays('2026-11-27', 10) })]);
    });

    it('counts from now when no activity was recorded after the submission', () => {
      const snapshot = withMessenger(() => ({ purpose: 'Иная цель' }));
      expect(gaps({ snapshot })[0]).toMatchObject({ code: 'notification-outdated', dueDate: addWorkingDays('2026-12-01', 10) });
    });

    it('does not depend on the order of activities', () => {
      expect(notifiableFieldsSha256({ ...base, activities: [...base.activities].reverse() })).toBe(notifiableFieldsSha256(base));
    });
  });

  it('sorts by severity, then by activity name', () => {
    const snapshot = withMessenger(() => ({ securityMeasures: [], legalBases: [] }), {
      ...base,
      activities: base.activities.map((a) => (a.key === 'platform.billing' ? { ...a, data: { ...a.data, actions: [] } } : a)),
    });
    const found = gaps({ snapshot, lastNotification: null });
    expect(found.map((f) => [f.severity, f.activityName, f.code])).toEqual([
      ['critical', 'Обработка сообщений клиентов в мессенджерах', 'no-legal-basis'],
      ['critical', 'Расчёты за использование сервиса', 'no-actions'],
      ['warning', 'Обработка сообщений клиентов в мессенджерах', 'no-security-measures'],
      ['info', null, 'notification-not-submitted'],
    ]);
  });

  it('dates a change notification by the earlier of the 15th of the next month and 10 working days', () => {
    expect(notificationUpdateDue('2026-11-27')).toBe(addWorkingDays('2026-11-27', 10));
    expect(addWorkingDays('2026-11-27', 10) < '2026-12-15').toBe(true);
    // Across the New Year holidays ten working days run past 15 January.
    expect(addWorkingDays('2026-12-25', 10) > '2027-01-15').toBe(true);
    expect(notificationUpdateDue('2026-12-25')).toBe('2027-01-15');
    expect(notificationUpdateDue('2027-01-29')).toBe('2027-02-12');
  });
});

