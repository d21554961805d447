import { earliestEffectiveAt, effectiveDateProblem } from './effective-date';

const published = new Date('2026-03-01T10:00:00.000Z');
const at = (iso: string) => new Date(iso);

describe('the 14-day rule for material versions (reference 004 §11, calendar days)', () => {
  it.each([
    ['material, exactly 14 days later', true, '2026-03-15T10:00:00.000Z', true],
    ['material, a millisecond short of 14 days', true, '2026-03-15T09:59:59.999Z', false],
    ['material, 13 days later', true, '2026-03-14T10:00:00.000Z', false],
    ['material, at once', true, '2026-03-01T10:00:00.000Z', false],
    ['material, a month later', true, '2026-04-01T00:00:00.000Z', true],
    // Calendar days: the March clock change or public holidays move nothing.
    ['material, 14 days across the end of the month', true, '2026-03-15T10:00:00.000Z', true],
    ['non-material, at once', false, '2026-03-01T10:00:00.000Z', true],
    ['non-material, within the same minute before (clock skew)', false, '2026-03-01T09:59:30.000Z', true],
    ['non-material, backdated by an hour', false, '2026-03-01T09:00:00.000Z', false],
    ['non-material, later', false, '2026-03-05T00:00:00.000Z', true],
  ])('%s', (_name, material, effective, allowed) => {
    expect(effectiveDateProblem(published, at(effective), material) === null).toBe(allowed);
  });

  it('says when a material version may take effect at the earliest', () => {
    expect(earliestEffectiveAt(published, true).toISOString()).toBe('2026-03-15T10:00:00.000Z');
    expect(effectiveDateProblem(published, at('2026-03-10T00:00:00.000Z'), true)).toContain('2026-03-15T10:00:00.000Z');
  });

  it('refuses a date that is not one', () => {
    expect(effectiveDateProblem(published, new Date('nope'), false)).toBe('must be a date');
  });
});
