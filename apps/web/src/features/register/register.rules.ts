import type { ActivityData, PdCategoryKind, Recipient, RetentionRule } from './register.types';

/*
 * The editor's own checks of an activity, keyed by the paths the API's 400 uses
 * (`data.purpose`, `data.retention.0.period.amount`), so a message from either lands under
 * the same field. The API checks everything again.
 */

export type ActivityProblem =
  | 'required'
  | 'noneChosen'
  | 'specialBasisRequired'
  | 'biometricBasisRequired'
  | 'categoryNotProcessed'
  | 'positiveWhole'
  | 'country'
  | 'inn'
  | 'instructionRequired'
  | 'countriesRequired'
  | 'email';

const COUNTRY = /^[A-Z]{2}$/;
const INN = /^(\d{10}|\d{12})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A new activity: nothing chosen yet, one empty legal-basis row, the database in Russia (art. 18 part 5). */
export function emptyActivity(today: string): ActivityData {
  return {
    name: '',
    purpose: '',
    legalBases: [{ clause: '', document: '' }],
    specialBases: [],
    categories: [],
    subjectCategories: [],
    actions: [],
    methods: { automation: 'automated', networkTransfer: false },
    retention: [],
    recipients: [],
    crossBorder: { transfers: false, countries: [] },
    databaseLocation: { country: 'RU', address: '' },
    securityMeasures: [],
    cryptoTools: [],
    startDate: today,
    responsible: null,
  };
}

export const emptyRetentionRule = (categories: string[]): RetentionRule => ({ categories: [...categories], period: { amount: 1, unit: 'years' }, trigger: 'purpose-achieved' });

export const emptyRecipient = (): Recipient => ({ role: 'processor', name: '', inn: null, address: '', purpose: '', country: 'RU', instruction: '' });

/** Which bases the chosen categories call for: art. 10 part 2 for special ones, art. 11 for biometrics. */
export function specialBasesNeeded(categories: string[], kindOf: (id: string) => PdCategoryKind): { special: boolean; biometric: boolean } {
  const kinds = new Set(categories.map(kindOf));
  return { special: kinds.has('special'), biometric: kinds.has('biometric') };
}

/** The activity's categories no retention rule governs (152-FZ art. 5 part 7 wants a period for each). */
export function categoriesWithoutRetention(data: ActivityData): string[] {
  const governed = new Set(data.retention.flatMap((rule) => rule.categories));
  return data.categories.filter((category) => !governed.has(category));
}

const blank = (value: string | null | undefined) => !value?.trim();

/** Every problem the form can see, one per field path; empty when the activity may be saved. */
export function activityProblems(data: ActivityData, kindOf: (id: string) => PdCategoryKind): Record<string, ActivityProblem> {
  const problems: Record<string, ActivityProblem> = {};
  const add = (path: string, problem: ActivityProblem) => (problems[`data.${path}`] ??= problem);

  if (blank(data.name)) add('name', 'required');
  if (blank(data.purpose)) add('purpose', 'required');
  if (!data.legalBases.length) add('legalBases', 'noneChosen');
  data.legalBases.forEach((basis, index) => {
    if (!basis.clause) add(`legalBases.${index}.clause`, 'required');
    if (blank(basis.document)) add(`legalBases.${index}.document`, 'required');
  });
  if (!data.categories.length) add('categories', 'noneChosen');
  if (!data.subjectCategories.length) add('subjectCategories', 'noneChosen');
  if (!data.actions.length) add('actions', 'noneChosen');

  const needed = specialBasesNeeded(data.categories, kindOf);
  if (needed.special && !data.specialBases.some((basis) => basis.startsWith('art10-'))) add('specialBases', 'specialBasisRequired');
  if (needed.biometric && !data.specialBases.some((basis) => basis.startsWith('art11-'))) add('specialBases', 'biometricBasisRequired');

  if (!data.retention.length) add('retention', 'noneChosen');
  data.retention.forEach((rule, index) => {
    if (!rule.categories.length) add(`retention.${index}.categories`, 'noneChosen');
    else if (rule.categories.some((category) => !data.categories.includes(category))) add(`retention.${index}.categories`, 'categoryNotProcessed');
    if (!Number.isInteger(rule.period.amount) || rule.period.amount < 1) add(`retention.${index}.period.amount`, 'positiveWhole');
    if (!rule.trigger) add(`retention.${index}.trigger`, 'required');
  });

  data.recipients.forEach((recipient, index) => {
    if (blank(recipient.name)) add(`recipients.${index}.name`, 'required');
    if (recipient.inn && !INN.test(recipient.inn)) add(`recipients.${index}.inn`, 'inn');
    if (blank(recipient.address)) add(`recipients.${index}.address`, 'required');
    if (blank(recipient.purpose)) add(`recipients.${index}.purpose`, 'required');
    if (!COUNTRY.test(recipient.country)) add(`recipients.${index}.country`, 'country');
    if (recipient.role === 'processor' && blank(recipient.instruction)) add(`recipients.${index}.instruction`, 'instructionRequired');
  });

  if (data.crossBorder.transfers && !data.crossBorder.countries.length) add('crossBorder.countries', 'countriesRequired');
  if (data.crossBorder.countries.some((country) => !COUNTRY.test(country))) add('crossBorder.countries', 'country');
  if (!COUNTRY.test(data.databaseLocation.country)) add('databaseLocation.country', 'country');
  if (blank(data.databaseLocation.address)) add('databaseLocation.address', 'required');
  if (!data.startDate) add('startDate', 'required');

  if (data.responsible) {
    if (blank(data.responsible.name)) add('responsible.name', 'required');
    if (blank(data.responsible.email)) add('responsible.email', 'required');
    else if (!EMAIL.test(data.responsible.email.trim())) add('responsible.email', 'email');
    if (blank(data.responsible.phone)) add('responsible.phone', 'required');
  }
  return problems;
}

/** What the API receives: texts trimmed, ISO codes upper-cased, empty list items and an empty INN dropped. */
export function activityForSaving(data: ActivityData): ActivityData {
  const trim = (value: string) => value.trim();
  const list = (values: string[]) => values.map(trim).filter(Boolean);
  const code = (value: string) => value.trim().toUpperCase();
  return {
    ...data,
    name: trim(data.name),
    purpose: trim(data.purpose),
    legalBases: data.legalBases.map((basis) => ({ clause: basis.clause, document: trim(basis.document) })),
    recipients: data.recipients.map((r) => ({
      ...r,
      name: trim(r.name),
      inn: r.inn?.trim() ? r.inn.trim() : null,
      address: trim(r.address),
      purpose: trim(r.purpose),
      country: code(r.country),
      instruction: r.instruction?.trim() ? r.instruction.trim() : null,
    })),
    crossBorder: { transfers: data.crossBorder.transfers, countries: data.crossBorder.transfers ? list(data.crossBorder.countries).map(code) : [] },
    databaseLocation: { country: code(data.databaseLocation.country), address: trim(data.databaseLocation.address) },
    securityMeasures: list(data.securityMeasures),
    cryptoTools: list(data.cryptoTools),
    responsible: data.responsible && { name: trim(data.responsible.name), phone: trim(data.responsible.phone), email: trim(data.responsible.email), address: trim(data.responsible.address) },
  };
}

/** The API names fields from the request body (`data.purpose`); a bare `purpose` is read the same way. */
export function activityFieldErrors(errors: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(errors).map(([field, messages]) => [field.startsWith('data.') || field === 'expectedVersion' ? field : `data.${field}`, messages]));
}

/** The value a field path (`data.retention.0.period.amount`) points at in `{ data }`. */
export function valueAt(root: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), root);
}
