import { PD_CATEGORIES } from '@perepiska/platform';
import {
  type ActivityData,
  AUTOMATION_METHODS,
  LEGAL_BASIS_CLAUSES,
  PROCESSING_ACTIONS,
  RETENTION_TRIGGERS,
  RETENTION_UNITS,
  type ResponsiblePerson,
  SPECIAL_BASIS_CLAUSES,
  SUBJECT_CATEGORIES,
} from './processing-activity';

export interface FieldProblem {
  field: string;
  messages: string[];
}

export type ActivityValidation = { ok: true; data: ActivityData } | { ok: false; problems: FieldProblem[] };

const ids = (list: ReadonlyArray<{ id: string }>) => new Set(list.map((item) => item.id));
const CATEGORY_IDS = ids(PD_CATEGORIES);
const SUBJECT_IDS = ids(SUBJECT_CATEGORIES);
const ACTION_IDS = ids(PROCESSING_ACTIONS);
const BASIS_IDS = ids(LEGAL_BASIS_CLAUSES);
const SPECIAL_IDS = ids(SPECIAL_BASIS_CLAUSES);
const AUTOMATION_IDS = ids(AUTOMATION_METHODS);
const TRIGGER_IDS = ids(RETENTION_TRIGGERS);
const UNITS = new Set<string>(RETENTION_UNITS);
const COUNTRY = /^[A-Z]{2}$/;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks an activity as the API receives it and names each wrong field by its path
 * (`data.retention.0.period.amount`). Only form and vocabulary: an activity may be saved
 * incomplete — what it lacks under 152-FZ is for the gap checks to say, with severity.
 */
export function validateActivity(input: unknown, prefix = 'data'): ActivityValidation {
  const problems: FieldProblem[] = [];
  const fail = (field: string, message: string) => problems.push({ field: `${prefix}.${field}`, messages: [message] });
  if (!isObject(input)) return { ok: false, problems: [{ field: prefix, messages: ['must be an object'] }] };

  const text = (field: string, value: unknown, max: number, required = true): string => {
    if (typeof value !== 'string' || (required && !value.trim())) fail(field, required ? 'is required' : 'must be text');
    else if (value.length > max) fail(field, `must be at most ${max} characters`);
    return typeof value === 'string' ? value.trim() : '';
  };
  const choices = (field: string, value: unknown, allowed: Set<string>): string[] => {
    if (!Array.isArray(value)) {
      fail(field, 'must be a list');
      return [];
    }
    const unknown = value.filter((v) => typeof v !== 'string' || !allowed.has(v));
    if (unknown.length) fail(field, `unknown values: ${unknown.map(String).join(', ')}`);
    return [...new Set(value.filter((v): v is string => typeof v === 'string' && allowed.has(v)))];
  };
  const texts = (field: string, value: unknown, max: number): string[] => {
    if (!Array.isArray(value) || value.length > 50) {
      fail(field, 'must be a list of at most 50 items');
      return [];
    }
    value.forEach((item, i) => text(`${field}.${i}`, item, max));
    return value.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter(Boolean);
  };
  const list = (field: string, value: unknown, max: number): unknown[] => {
    if (!Array.isArray(value) || value.length > max) {
      fail(field, `must be a list of at most ${max} items`);
      return [];
    }
    return value;
  };
  const country = (field: string, value: unknown): string => {
    if (typeof value !== 'string' || !COUNTRY.test(value)) fail(field, 'must be a two-letter country code (ISO 3166-1), e.g. RU');
    return typeof value === 'string' ? value : '';
  };
  const person = (field: string, value: unknown): ResponsiblePerson | null => {
    if (value === null) return null;
    if (!isObject(value)) {
      fail(field, 'must be a person or null');
      return null;
    }
    const email = text(`${field}.email`, value.email, 254);
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) fail(`${field}.email`, 'must be an e-mail address');
    const phone = text(`${field}.phone`, value.phone, 40);
    if (phone && !/^\+?[0-9 ()-]{5,40}$/.test(phone)) fail(`${field}.phone`, 'must be a phone number');
    return { name: text(`${field}.name`, value.name, 300), phone, email, address: text(`${field}.address`, value.address, 500) };
  };

  const legalBases = list('legalBases', input.legalBases, 20).map((item, i) => {
    const basis = isObject(item) ? item : {};
    if (typeof basis.clause !== 'string' || !BASIS_IDS.has(basis.clause)) fail(`legalBases.${i}.clause`, 'must be a clause of 152-FZ art. 6 part 1');
    return { clause: basis.clause as ActivityData['legalBases'][number]['clause'], document: text(`legalBases.${i}.document`, basis.document, 500) };
  });

  const retention = list('retention', input.retention, 30).map((item, i) => {
    const rule = isObject(item) ? item : {};
    const period = isObject(rule.period) ? rule.period : {};
    const amount = period.amount;
    if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 1 || amount > 1200) fail(`retention.${i}.period.amount`, 'must be a whole number from 1 to 1200');
    if (typeof period.unit !== 'string' || !UNITS.has(period.unit)) fail(`retention.${i}.period.unit`, `must be one of ${RETENTION_UNITS.join(', ')}`);
    if (typeof rule.trigger !== 'string' || !TRIGGER_IDS.has(rule.trigger)) fail(`retention.${i}.trigger`, 'must be what starts the period');
    const categories = choices(`retention.${i}.categories`, rule.categories, CATEGORY_IDS);
    if (!categories.length) fail(`retention.${i}.categories`, 'must name at least one category');
    return { categories, period: { amount, unit: period.unit }, trigger: rule.trigger } as ActivityData['retention'][number];
  });

  const recipients = list('recipients', input.recipients, 50).map((item, i) => {
    const r = isObject(item) ? item : {};
    if (r.role !== 'processor' && r.role !== 'recipient') fail(`recipients.${i}.role`, 'must be processor or recipient');
    const inn = r.inn === null || r.inn === undefined || r.inn === '' ? null : text(`recipients.${i}.inn`, r.inn, 12);
    if (inn !== null && !/^\d{10}(\d{2})?$/.test(inn)) fail(`recipients.${i}.inn`, 'must be 10 or 12 digits');
    const instruction = r.instruction === null || r.instruction === undefined || r.instruction === '' ? null : text(`recipients.${i}.instruction`, r.instruction, 500);
    return {
      role: r.role as 'processor' | 'recipient',
      name: text(`recipients.${i}.name`, r.name, 300),
      inn,
      address: text(`recipients.${i}.address`, r.address, 500),
      purpose: text(`recipients.${i}.purpose`, r.purpose, 1000),
      country: country(`recipients.${i}.country`, r.country),
      instruction,
    };
  });

  const methods = isObject(input.methods) ? input.methods : {};
  if (typeof methods.automation !== 'string' || !AUTOMATION_IDS.has(methods.automation)) fail('methods.automation', 'must be automated, mixed or non-automated');
  if (typeof methods.networkTransfer !== 'boolean') fail('methods.networkTransfer', 'must be true or false');

  const crossBorder = isObject(input.crossBorder) ? input.crossBorder : {};
  if (typeof crossBorder.transfers !== 'boolean') fail('crossBorder.transfers', 'must be true or false');
  const countries = list('crossBorder.countries', crossBorder.countries, 250).map((c, i) => country(`crossBorder.countries.${i}`, c));

  const location = isObject(input.databaseLocation) ? input.databaseLocation : {};
  const locationCountry = location.country === '' ? '' : country('databaseLocation.country', location.country);

  const startDate = input.startDate;
  if (typeof startDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(startDate) || Number.isNaN(Date.parse(`${startDate}T00:00:00Z`)) || new Date(`${startDate}T00:00:00Z`).toISOString().slice(0, 10) !== startDate) {
    fail('startDate', 'must be a date YYYY-MM-DD');
  }

  const actions = choices('actions', input.actions, ACTION_IDS);
  const data: ActivityData = {
    name: text('name', input.name, 200),
    purpose: text('purpose', input.purpose, 2000),
    legalBases,
    specialBases: choices('specialBases', input.specialBases, SPECIAL_IDS) as ActivityData['specialBases'],
    categories: choices('categories', input.categories, CATEGORY_IDS) as ActivityData['categories'],
    subjectCategories: choices('subjectCategories', input.subjectCategories, SUBJECT_IDS) as ActivityData['subjectCategories'],
    // In the order of art. 3 item 3, whatever order they were ticked in.
    actions: PROCESSING_ACTIONS.map((a) => a.id).filter((id) => actions.includes(id)),
    methods: { automation: methods.automation as ActivityData['methods']['automation'], networkTransfer: methods.networkTransfer === true },
    retention,
    recipients,
    crossBorder: { transfers: crossBorder.transfers === true, countries: [...new Set(countries)] },
    databaseLocation: { country: locationCountry, address: text('databaseLocation.address', location.address ?? '', 500, false) },
    securityMeasures: texts('securityMeasures', input.securityMeasures, 500),
    cryptoTools: texts('cryptoTools', input.cryptoTools, 300),
    startDate: typeof startDate === 'string' ? startDate : '',
    responsible: input.responsible === undefined ? null : person('responsible', input.responsible),
  };
  return problems.length ? { ok: false, problems } : { ok: true, data };
}
