import {
  CALENDAR_SOURCE,
  CalendarRangeError,
  addCalendarDays,
  addWorkingDays,
  isWorkingDay,
  moscowDate,
  workingDaysBetween,
} from './working-days';

describe('production calendar', () => {
  it('cites its source', () => {
    expect(CALENDAR_SOURCE).toMatch(/Government/);
  });

  it.each([
    ['2026-11-23', true, 'an ordinary Monday'],
    ['2026-11-21', false, 'an ordinary Saturday'],
    ['2026-11-04', false, 'Day of National Unity on a Wednesday'],
    ['2026-01-09', false, 'a day off moved to the New Year holidays'],
    ['2026-03-09', false, 'International Women\'s Day moved from Sunday'],
    ['2026-05-11', false, 'Victory Day moved from Saturday'],
    ['2026-12-31', false, 'New Year\'s Eve made a day off'],
    ['2025-11-01', true, 'a working Saturday (transfer)'],
    ['2025-11-03', false, 'the Monday that Saturday was moved to'],
    ['2027-02-20', true, 'a working Saturday in 2027'],
    ['2027-02-22', false, 'the Monday off in exchange'],
    ['2026-11-03', true, 'a shortened day is still a working day'],
  ])('%s is working: %s (%s)', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  it('refuses years it has no data for instead of guessing', () => {
    expect(() => isWorkingDay('2031-03-03')).toThrow(CalendarRangeError);
  });

  it('refuses malformed and impossible dates', () => {
    expect(() => isWorkingDay('2026-02-30')).toThrow(/not a valid calendar date/);
    expect(() => isWorkingDay('22.11.2026')).toThrow(/not an ISO date/);
  });
});

describe('addWorkingDays (Civil Code art. 191: the event day does not count)', () => {
  it.each([
    // event, days, deadline, why
    ['2026-11-20', 10, '2026-12-04', 'a Friday request, two clean weeks'],
    ['2026-11-02', 10, '2026-11-17', 'crosses 4 November'],
    ['2026-12-25', 10, '2027-01-19', 'crosses New Year\'s Eve and the January holidays'],
    ['2026-12-28', 5, '2027-01-13', 'the extension of art. 20 part 2 across the holidays'],
    ['2025-10-30', 3, '2025-11-05', 'counts the working Saturday 1 November 2025, skips 3-4 November'],
    ['2027-02-18', 2, '2027-02-20', 'the working Saturday 20 February 2027 counts'],
    ['2026-11-21', 1, '2026-11-23', 'an event on a Saturday'],
    ['2026-11-23', 7, '2026-12-02', 'rectification, 7 working days (art. 21 part 2)'],
  ])('%s + %i working days = %s (%s)', (event, days, deadline) => {
    expect(addWorkingDays(event, days)).toBe(deadline);
  });

  it('refuses a non-positive or fractional count', () => {
    expect(() => addWorkingDays('2026-11-20', 0)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-20', 1.5)).toThrow(RangeError);
  });
});

describe('addCalendarDays (art. 193: a deadline on a day off moves to the next working day)', () => {
  it.each([
    ['2026-11-02', 30, '2026-12-02', 'lands on a Wednesday'],
    ['2026-10-22', 30, '2026-11-23', 'lands on Saturday 21 November, moves to Monday'],
    ['2026-12-02', 30, '2027-01-11', 'lands on 1 January, moves past the holidays'],
    ['2026-10-05', 30, '2026-11-05', 'lands on 4 November, moves to the 5th'],
  ])('%s + %i days = %s (%s)', (event, days, deadline) => {
    expect(addCalendarDays(event, days)).toBe(deadline);
  });
});

describe('helpers', () => {
  it('counts working days between two dates', () => {
    expect(workingDaysBetween('2026-11-20', '2026-12-04')).toBe(10);
    expect(workingDaysBetween('2026-12-04', '2026-11-20')).toBe(0);
  });

  it('takes the date in Moscow time', () => {
    expect(moscowDate(new Date('2026-11-22T20:59:59Z'))).toBe('2026-11-22');
    expect(moscowDate(new Date('2026-11-22T21:00:00Z'))).toBe('2026-11-23');
  });
});
