import { describe, expect, it } from 'vitest';
import { earliestMaterialDay, effectiveAtFor, effectiveDateProblem, shortHash } from './legal.rules';

// Local times: the form speaks in the user's calendar days.
const now = new Date(2026, 10, 20, 15, 30);

describe('the 14-day rule for material versions', () => {
  it('offers the first whole day at least 14 days ahead', () => {
    expect(earliestMaterialDay(now)).toBe('2026-12-05');
    expect(earliestMaterialDay(new Date(2026, 10, 20, 0, 0))).toBe('2026-12-04');
  });

  it.each([
    ['', true, 'required'],
    ['2026-12-04', true, 'too-soon'],
    ['2026-11-25', true, 'too-soon'],
    ['2026-12-05', true, null],
    ['2027-01-20', true, null],
    ['', false, null],
    ['2026-11-20', false, null],
    ['2026-11-19', false, 'past'],
    ['2026-11-21', false, null],
  ] as const)('%s, material %s → %s', (day, material, expected) => {
    expect(effectiveDateProblem(day, material, now)).toBe(expected);
  });

  it('sends a future day as its start and today as "at once"', () => {
    expect(effectiveAtFor('2026-12-05', now)).toBe(new Date(2026, 11, 5).toISOString());
    expect(effectiveAtFor('2026-11-20', now)).toBeUndefined();
    expect(effectiveAtFor('', now)).toBeUndefined();
  });
});

it('shortens a hash and leaves a short one alone', () => {
  expect(shortHash('a'.repeat(6) + 'b'.repeat(54) + 'cdef')).toBe('aaaaaa…cdef');
  expect(shortHash('abc')).toBe('abc');
});
