import { describe, expect, it } from 'vitest';
import { normalisePhone, phoneProblem, secondsUntil, waitParts } from './telegram-login.format';

describe('phone numbers before they are sent to Telegram', () => {
  it.each([
    ['+79991234567', '+79991234567', null],
    ['+7 (999) 123-45-67', '+79991234567', null],
    ['  +7 999 123 45 67 ', '+79991234567', null],
    ['0079991234567', '+79991234567', null],
    ['+4915112345678', '+4915112345678', null],
    ['', '', 'required'],
    ['   ', '', 'required'],
    ['89991234567', '89991234567', 'trunk-prefix'],
    ['8 (999) 123-45-67', '89991234567', 'trunk-prefix'],
    ['9991234567', '9991234567', 'format'],
    ['+0123456789', '+0123456789', 'format'],
    ['+7999', '+7999', 'format'],
    ['+7999123456789012', '+7999123456789012', 'format'],
    ['+7 999 ABC 45 67', '+7999ABC4567', 'format'],
  ])('%j is %j: %s', (input, normalised, problem) => {
    expect(normalisePhone(input)).toBe(normalised);
    expect(phoneProblem(input)).toBe(problem);
  });
});

describe('how long Telegram asks to wait', () => {
  it.each([
    [0, { unit: 'seconds', n: 1 }],
    [1, { unit: 'seconds', n: 1 }],
    [59, { unit: 'seconds', n: 59 }],
    [60, { unit: 'minutes', n: 1 }],
    [61, { unit: 'minutes', n: 2 }],
    [300, { unit: 'minutes', n: 5 }],
    [3540, { unit: 'minutes', n: 59 }],
    [3541, { unit: 'hours', h: 1, m: 0 }],
    [3600, { unit: 'hours', h: 1, m: 0 }],
    [5400, { unit: 'hours', h: 1, m: 30 }],
    [86_400, { unit: 'hours', h: 24, m: 0 }],
  ])('%i s reads as %j', (seconds, parts) => {
    expect(waitParts(seconds)).toEqual(parts);
  });
});

describe('seconds until an instant', () => {
  const now = Date.parse('2026-11-20T12:00:00.000Z');
  it.each([
    ['2026-11-20T12:00:30.000Z', 30],
    ['2026-11-20T12:00:00.400Z', 1],
    ['2026-11-20T12:00:00.000Z', 0],
    ['2026-11-20T11:59:00.000Z', 0],
    ['not a date', 0],
    [null, 0],
  ])('%j is %i s away', (iso, seconds) => {
    expect(secondsUntil(iso, now)).toBe(seconds);
  });
});
