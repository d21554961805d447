import { describe, expect, it } from 'vitest';
import { activityFieldErrors, activityForSaving, activityProblems, categoriesWithoutRetention, valueAt } from './register.rules';
import { activityData } from './register.testing';
import type { ActivityData, PdCategoryKind } from './register.types';

const KINDS: Record<string, PdCategoryKind> = { health: 'special', 'biometric-image': 'biometric' };
const kindOf = (id: string): PdCategoryKind => KINDS[id] ?? 'ordinary';
const problems = (overrides: Partial<ActivityData>) => activityProblems(activityData(overrides), kindOf);

describe('an activity’s own checks', () => {
  it('finds nothing wrong with a complete activity', () => {
    expect(problems({})).toEqual({});
  });

  it.each<[string, Partial<ActivityData>, Record<string, string>]>([
    ['no purpose', { purpose: '  ' }, { 'data.purpose': 'required' }],
    ['no legal basis', { legalBases: [] }, { 'data.legalBases': 'noneChosen' }],
    ['a basis without its document', { legalBases: [{ clause: '1', document: '' }] }, { 'data.legalBases.0.document': 'required' }],
    [
      'a special category without an art. 10 basis',
      { categories: ['full-name', 'health'], retention: [{ categories: ['full-name', 'health'], period: { amount: 1, unit: 'years' }, trigger: 'collection' }] },
      { 'data.specialBases': 'specialBasisRequired' },
    ],
    [
      'a biometric category with only an art. 10 basis',
      { categories: ['biometric-image'], specialBases: ['art10-p2-1'], retention: [{ categories: ['biometric-image'], period: { amount: 1, unit: 'years' }, trigger: 'collection' }] },
      { 'data.specialBases': 'biometricBasisRequired' },
    ],
    [
      'a period for a category the activity does not process',
      { retention: [{ categories: ['full-name', 'health'], period: { amount: 1, unit: 'years' }, trigger: 'collection' }] },
      { 'data.retention.0.categories': 'categoryNotProcessed' },
    ],
    ['a period of zero', { retention: [{ categories: ['full-name'], period: { amount: 0, unit: 'days' }, trigger: 'collection' }] }, { 'data.retention.0.period.amount': 'positiveWhole' }],
    ['cross-border transfer without countries', { crossBorder: { transfers: true, countries: [] } }, { 'data.crossBorder.countries': 'countriesRequired' }],
    ['a country that is not an ISO code', { databaseLocation: { country: 'Russia', address: 'Москва' } }, { 'data.databaseLocation.country': 'country' }],
    ['an own responsible person without contacts', { responsible: { name: 'Иванов', phone: '', email: 'ivanov', address: '' } }, { 'data.responsible.phone': 'required', 'data.responsible.email': 'email' }],
  ])('flags %s', (_, overrides, expected) => {
    expect(problems(overrides)).toEqual(expected);
  });

  it('flags a processor without the operator’s instruction, not a recipient', () => {
    const recipient = activityData().recipients[0];
    expect(problems({ recipients: [{ ...recipient, instruction: null }] })).toEqual({ 'data.recipients.0.instruction': 'instructionRequired' });
    expect(problems({ recipients: [{ ...recipient, role: 'recipient', instruction: null }] })).toEqual({});
  });

  it('names the categories no period covers', () => {
    expect(categoriesWithoutRetention(activityData({ categories: ['full-name', 'health', 'correspondence'] }))).toEqual(['health']);
  });

  it('sends trimmed texts, upper-case codes, no empty list items and no countries without a transfer', () => {
    const saved = activityForSaving(
      activityData({ name: ' Процесс ', securityMeasures: ['Шифрование ', ''], crossBorder: { transfers: false, countries: ['KZ'] }, databaseLocation: { country: 'ru', address: ' Москва ' } }),
    );
    expect(saved).toMatchObject({ name: 'Процесс', securityMeasures: ['Шифрование'], crossBorder: { transfers: false, countries: [] }, databaseLocation: { country: 'RU', address: 'Москва' } });
  });

  it('reads the API’s field paths with or without the `data.` prefix', () => {
    expect(activityFieldErrors({ purpose: ['x'], 'data.name': ['y'], expectedVersion: ['z'] })).toEqual({ 'data.purpose': ['x'], 'data.name': ['y'], expectedVersion: ['z'] });
    expect(valueAt({ data: activityData() }, 'data.retention.0.period.amount')).toBe(12);
    expect(valueAt({ data: activityData() }, 'data.retention.5.period')).toBeUndefined();
  });
});
