import {
  DeadlineExtensionRefusedError,
  SUBJECT_REQUEST_KINDS,
  clockState,
  deadlineFor,
  extendDeadline,
  type ExtensionRefusal,
  type SubjectRequestKind,
} from './subject-request-clock';

// Expected dates are counted by hand on production-calendar-ru.json: in 2025 1 November (Sat) is
// a working day and 3-4 November are off; in 2026 1-9 January, 23 February, 9 March, 1, 11 May,
// 12 June, 4 November and 31 December are off; in 2027 1-8 January, 22-23 February, 3, 10 May,
// 14 June, 4-5 November are off and 20 February (Sat) is a working day.

describe('SUBJECT_REQUEST_KINDS', () => {
  it.each([
    // kind, amount, unit, article, extendable
    ['access', 10, 'working-days', 'ст. 14 ч. 3, ст. 20 ч. 1–2 152-ФЗ', true],
    ['rectification', 7, 'working-days', 'ст. 21 ч. 2, ст. 20 ч. 3 152-ФЗ', false],
    ['blocking', 0, 'immediately', 'ст. 21 ч. 1 152-ФЗ', false],
    ['deletion', 3, 'working-days', 'ст. 21 ч. 3 152-ФЗ', false],
    ['consent-withdrawal', 30, 'calendar-days', 'ст. 21 ч. 4–5 152-ФЗ', false],
    ['objection-to-advertising', 0, 'immediately', 'ст. 18 ч. 1 38-ФЗ', false],
    ['stop-processing', 10, 'working-days', 'ст. 21 ч. 5.1 152-ФЗ', true],
  ] as const)('%s: %i %s under %s, extendable %s', (kind, amount, unit, article, extendable) => {
    const deadline = deadlineFor(kind, '2026-11-23');
    expect(deadline).toMatchObject({ kind, period: { amount, unit }, article, extendable });
    expect(deadline.extension).toBeUndefined();
  });

  it('names every kind in Russian and cites a law', () => {
    for (const kind of SUBJECT_REQUEST_KINDS) {
      expect(kind.ru).toMatch(/^[А-ЯЁ][А-Яа-яЁё ,()-]+$/);
      expect(kind.article).toMatch(/(152|38)-ФЗ$/);
    }
    expect(new Set(SUBJECT_REQUEST_KINDS.map((kind) => kind.id)).size).toBe(SUBJECT_REQUEST_KINDS.length);
  });
});

describe('deadlineFor (the day of receipt does not count)', () => {
  it.each<[SubjectRequestKind, string, string, string]>([
    // access: 10 working days (art. 14 part 3)
    ['access', '2026-11-20', '2026-12-04', 'a Friday request, two clean weeks'],
    ['access', '2026-11-02', '2026-11-17', 'skips 4 November'],
    ['access', '2026-12-25', '2027-01-19', 'skips 31 December and the New Year holidays 1-8 January'],
    ['access', '2025-10-30', '2025-11-14', 'counts the working Saturday 1 November 2025, skips 3-4 November'],
    ['access', '2027-02-11', '2027-02-26', 'counts the working Saturday 20 February 2027, skips 22-23 February'],
    // rectification: 7 working days (art. 21 part 2)
    ['rectification', '2026-11-23', '2026-12-02', 'an ordinary Monday'],
    ['rectification', '2026-02-19', '2026-03-03', 'skips 23 February'],
    ['rectification', '2026-03-05', '2026-03-17', 'skips 9 March, the day off moved from 8 March'],
    ['rectification', '2026-01-03', '2026-01-20', 'received during the New Year holidays'],
    ['rectification', '2025-10-31', '2025-11-12', 'the working Saturday 1 November 2025 is the first day'],
    // blocking: from the moment of the claim (art. 21 part 1)
    ['blocking', '2026-11-23', '2026-11-23', 'on a working day'],
    ['blocking', '2026-11-21', '2026-11-21', 'on a Saturday, not moved'],
    ['blocking', '2026-06-12', '2026-06-12', 'on a public holiday, not moved'],
    // deletion: stop unlawful processing within 3 working days (art. 21 part 3)
    ['deletion', '2025-10-30', '2025-11-05', 'counts the working Saturday 1 November 2025'],
    ['deletion', '2027-11-02', '2027-11-09', 'skips 4-5 November 2027'],
    ['deletion', '2027-04-29', '2027-05-05', 'skips 1 May (Sat) and 3 May 2027'],
    ['deletion', '2026-11-21', '2026-11-25', 'received on a Saturday'],
    // consent withdrawal: 30 calendar days, a last day off moves to the next working day (art. 193)
    ['consent-withdrawal', '2026-11-23', '2026-12-23', 'ends on a Wednesday, not moved'],
    ['consent-withdrawal', '2026-11-20', '2026-12-21', 'ends on Sunday 20 December, moved to Monday'],
    ['consent-withdrawal', '2026-12-01', '2027-01-11', 'ends on 31 December, moved past the New Year holidays'],
    ['consent-withdrawal', '2026-10-05', '2026-11-05', 'ends on 4 November, moved to 5 November'],
    ['consent-withdrawal', '2026-02-06', '2026-03-10', 'ends on 8 March (Sun), 9 March is off too'],
    ['consent-withdrawal', '2026-04-01', '2026-05-04', 'ends on 1 May (Fri), moved over the weekend'],
    ['consent-withdrawal', '2027-05-13', '2027-06-15', 'ends on 12 June (Sat), 13-14 June are off too'],
    ['consent-withdrawal', '2027-01-21', '2027-02-20', 'ends on the working Saturday 20 February 2027, not moved'],
    ['consent-withdrawal', '2025-10-02', '2025-11-01', 'ends on the working Saturday 1 November 2025, not moved'],
    // objection to advertising: stop at once (38-FZ art. 18 part 1)
    ['objection-to-advertising', '2026-11-23', '2026-11-23', 'on a working day'],
    ['objection-to-advertising', '2026-03-08', '2026-03-08', 'on 8 March, not moved'],
    // demand to stop processing: 10 working days (art. 21 part 5.1)
    ['stop-processing', '2026-05-08', '2026-05-25', 'skips 9 (Sat) and 11 May 2026'],
    ['stop-processing', '2026-06-05', '2026-06-22', 'skips 12 June'],
    ['stop-processing', '2026-12-28', '2027-01-20', 'skips 31 December and the New Year holidays'],
  ])('%s received %s is due %s (%s)', (kind, receivedOn, due) => {
    expect(deadlineFor(kind, receivedOn)).toMatchObject({ receivedOn, due });
  });

  describe('a moment of receipt is dated in Moscow (UTC+3)', () => {
    it.each<[SubjectRequestKind, string, string, string]>([
      ['access', '2026-12-31T23:30:00.000Z', '2027-01-01', '2027-01-22'],
      ['access', '2026-12-31T20:59:59.999Z', '2026-12-31', '2027-01-22'],
      ['access', '2026-11-19T21:00:00.000Z', '2026-11-20', '2026-12-04'],
      ['access', '2026-11-19T20:59:59.999Z', '2026-11-19', '2026-12-03'],
      ['consent-withdrawal', '2026-12-30T21:30:00.000Z', '2026-12-31', '2027-02-01'],
      ['consent-withdrawal', '2026-12-30T20:30:00.000Z', '2026-12-30', '2027-01-29'],
      ['blocking', '2026-12-31T23:30:00.000Z', '2027-01-01', '2027-01-01'],
      ['objection-to-advertising', '2026-05-08T21:15:00.000Z', '2026-05-09', '2026-05-09'],
      ['rectification', '2026-11-19T21:00:00.000Z', '2026-11-20', '2026-12-01'],
      ['deletion', '2027-11-03T21:00:00.000Z', '2027-11-04', '2027-11-10'],
      ['stop-processing', '2026-06-11T22:00:00.000Z', '2026-06-12', '2026-06-26'],
    ])('%s at %s is received on %s and due %s', (kind, instant, receivedOn, due) => {
      expect(deadlineFor(kind, new Date(instant))).toMatchObject({ receivedOn, due });
    });
  });

  it('explains what the period asks for where the number alone does not', () => {
    expect(deadlineFor('deletion', '2026-11-23').note).toMatch(/десяти рабочих дней/);
    expect(deadlineFor('consent-withdrawal', '2026-11-23').note).toMatch(/ст\. 193 ГК РФ/);
    expect(deadlineFor('access', '2026-11-23')).not.toHaveProperty('note');
  });
});

describe('the extension by 5 working days with a motivated notice', () => {
  it.each<[SubjectRequestKind, string, string, string, string]>([
    // kind, received, original due, extended due, why
    ['access', '2026-11-20', '2026-12-04', '2026-12-11', 'one clean week'],
    ['access', '2026-12-14', '2026-12-28', '2027-01-13', 'across 31 December and the New Year holidays'],
    ['access', '2027-02-04', '2027-02-18', '2027-02-26', 'counts the working Saturday 20 February 2027, skips 22-23 February'],
    ['stop-processing', '2026-05-08', '2026-05-25', '2026-06-01', 'one clean week'],
    ['stop-processing', '2026-10-21', '2026-11-05', '2026-11-12', 'the original period skips 4 November'],
  ])('%s received %s: %s becomes %s (%s)', (kind, receivedOn, originalDue, due) => {
    const original = deadlineFor(kind, receivedOn);
    expect(original.due).toBe(originalDue);
    const extension = { amount: 5, unit: 'working-days', originalDue };

    expect(extendDeadline(original, originalDue)).toMatchObject({ due, extension, extendable: true });
    expect(deadlineFor(kind, receivedOn, { extended: true })).toMatchObject({ due, extension });
  });

  it('cites the article that allows it', () => {
    expect(deadlineFor('access', '2026-11-20', { extended: true }).extension?.article).toBe('ст. 14 ч. 3 152-ФЗ');
    expect(deadlineFor('stop-processing', '2026-11-20', { extended: true }).extension?.article).toBe('ст. 21 ч. 5.1 152-ФЗ');
  });

  it('accepts a notice sent up to the last Moscow minute of the original due date', () => {
    const original = deadlineFor('access', '2026-11-20');
    expect(extendDeadline(original, new Date('2026-12-04T20:59:59.999Z')).due).toBe('2026-12-11');
    expect(extendDeadline(original, new Date('2026-11-23T07:00:00.000Z')).due).toBe('2026-12-11');
  });

  const refusal = (act: () => unknown): ExtensionRefusal | undefined => {
    try {
      act();
    } catch (error) {
      if (error instanceof DeadlineExtensionRefusedError) return error.reason;
      throw error;
    }
    return undefined;
  };

  it.each<SubjectRequestKind>(['rectification', 'blocking', 'deletion', 'consent-withdrawal', 'objection-to-advertising'])(
    'refuses to extend %s: the law gives no extension',
    (kind) => {
      const deadline = deadlineFor(kind, '2026-11-20');
      expect(refusal(() => extendDeadline(deadline, '2026-11-20'))).toBe('not-extendable');
      expect(refusal(() => deadlineFor(kind, '2026-11-20', { extended: true }))).toBe('not-extendable');
    },
  );

  it.each<SubjectRequestKind>(['access', 'stop-processing'])('refuses to extend %s a second time', (kind) => {
    const once = extendDeadline(deadlineFor(kind, '2026-11-20'), '2026-11-23');
    expect(refusal(() => extendDeadline(once, '2026-11-24'))).toBe('already-extended');
    expect(refusal(() => extendDeadline(deadlineFor(kind, '2026-11-20', { extended: true }), '2026-11-24'))).toBe('already-extended');
  });

  it.each<[SubjectRequestKind, Date | string]>([
    ['access', new Date('2026-12-04T21:00:00.000Z')],
    ['access', '2026-12-05'],
    ['stop-processing', '2026-12-07'],
  ])('refuses to extend %s on a notice sent after the original due date 4 December (%s)', (kind, noticeSentAt) => {
    expect(refusal(() => extendDeadline(deadlineFor(kind, '2026-11-20'), noticeSentAt))).toBe('notice-after-deadline');
  });

  it('is a refusal the HTTP layer answers with 422 and the reason', () => {
    const error = new DeadlineExtensionRefusedError('already-extended');
    expect(error).toMatchObject({ kind: 'refused', details: { reason: 'already-extended' } });
  });
});

describe('clockState (Moscow date of now against the due date)', () => {
  const access = deadlineFor('access', '2026-11-20'); // due Friday 2026-12-04
  const stopProcessing = deadlineFor('stop-processing', '2026-05-08'); // due Monday 2026-05-25
  const consentWithdrawal = deadlineFor('consent-withdrawal', '2026-12-01'); // due Monday 2027-01-11
  const extendedAccess = deadlineFor('access', '2026-11-20', { extended: true }); // due Friday 2026-12-11
  const blocking = deadlineFor('blocking', '2026-11-21'); // due Saturday 2026-11-21

  it.each([
    ['access', '2026-11-23T09:00:00.000Z', 'on-time', 9, access],
    ['access', '2026-12-01T09:00:00.000Z', 'on-time', 3, access],
    ['access', '2026-12-02T09:00:00.000Z', 'due-soon', 2, access],
    ['access', '2026-12-03T09:00:00.000Z', 'due-soon', 1, access],
    ['access', '2026-12-02T21:00:00.000Z', 'due-soon', 1, access],
    ['access', '2026-12-04T09:00:00.000Z', 'due-today', 0, access],
    ['access', '2026-12-04T20:59:59.999Z', 'due-today', 0, access],
    ['access', '2026-12-04T21:00:00.000Z', 'overdue', 0, access],
    ['access', '2026-12-09T09:00:00.000Z', 'overdue', 0, access],
    ['stop-processing over a weekend', '2026-05-20T09:00:00.000Z', 'on-time', 3, stopProcessing],
    ['stop-processing over a weekend', '2026-05-21T09:00:00.000Z', 'due-soon', 2, stopProcessing],
    ['stop-processing over a weekend', '2026-05-22T09:00:00.000Z', 'due-soon', 1, stopProcessing],
    ['stop-processing over a weekend', '2026-05-23T09:00:00.000Z', 'due-soon', 1, stopProcessing],
    ['consent-withdrawal over the New Year holidays', '2026-12-28T09:00:00.000Z', 'on-time', 3, consentWithdrawal],
    ['consent-withdrawal over the New Year holidays', '2026-12-29T09:00:00.000Z', 'due-soon', 2, consentWithdrawal],
    ['consent-withdrawal over the New Year holidays', '2026-12-30T09:00:00.000Z', 'due-soon', 1, consentWithdrawal],
    ['consent-withdrawal over the New Year holidays', '2027-01-05T09:00:00.000Z', 'due-soon', 1, consentWithdrawal],
    ['consent-withdrawal over the New Year holidays', '2027-01-12T09:00:00.000Z', 'overdue', 0, consentWithdrawal],
    ['extended access after the original due date', '2026-12-07T09:00:00.000Z', 'on-time', 4, extendedAccess],
    ['extended access after the original due date', '2026-12-09T09:00:00.000Z', 'due-soon', 2, extendedAccess],
    ['extended access after the original due date', '2026-12-12T09:00:00.000Z', 'overdue', 0, extendedAccess],
    ['blocking', '2026-11-21T08:00:00.000Z', 'due-today', 0, blocking],
    ['blocking', '2026-11-21T21:00:00.000Z', 'overdue', 0, blocking],
  ] as const)('%s at %s is %s with %i working days left', (_title, now, state, workingDaysLeft, deadline) => {
    expect(clockState(deadline, new Date(now))).toEqual({ state, workingDaysLeft });
  });
});
