import { createHash } from 'node:crypto';
import { moscowDate, PD_CATEGORIES, type PdCategoryId } from '@perepiska/platform';
import {
  type ActivityData,
  type ActivitySnapshot,
  AUTOMATION_METHODS,
  LEGAL_BASIS_CLAUSES,
  type OperatorData,
  PROCESSING_ACTIONS,
  type Recipient,
  type RegisterSnapshot,
  type ResponsiblePerson,
  RETENTION_TRIGGERS,
  type RetentionRule,
  type RetentionUnit,
  SPECIAL_BASIS_CLAUSES,
  SUBJECT_CATEGORIES,
} from './processing-activity';

/**
 * The register in words: the Russian labels of its ids and the phrasing every export, the
 * notification draft and the privacy policy share, so the same fact reads the same everywhere.
 */

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** JSON with keys sorted at every level, no whitespace, dates as ISO 8601 UTC: the bytes a checksum covers. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalValue(value));
}

export function canonicalValue(value: unknown): Json {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonicalValue);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, canonicalValue(v)]));
  }
  return value as Json;
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Activities by name, then id, so two exports of the same register list them identically. */
export function sortedActivities(snapshot: RegisterSnapshot): ActivitySnapshot[] {
  return [...snapshot.activities].sort((a, b) => a.data.name.localeCompare(b.data.name, 'ru') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export const asOfDate = (snapshot: RegisterSnapshot): string => moscowDate(snapshot.asOf);

/** "2026-12-01" → "01.12.2026", as Russian documents write dates. */
export function ruDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day}.${month}.${year}`;
}

const label = <T extends { id: string; ru: string }>(list: readonly T[], id: string): string => list.find((item) => item.id === id)?.ru ?? id;

export const categoryLabel = (id: PdCategoryId): string => label(PD_CATEGORIES, id);
export const categoryKind = (id: PdCategoryId) => PD_CATEGORIES.find((c) => c.id === id)?.kind ?? 'ordinary';
export const subjectLabel = (id: string): string => label(SUBJECT_CATEGORIES, id);
export const actionLabel = (id: string): string => label(PROCESSING_ACTIONS, id);
export const legalBasisLabel = (id: string): string => label(LEGAL_BASIS_CLAUSES, id);
export const specialBasisLabel = (id: string): string => label(SPECIAL_BASIS_CLAUSES, id);
export const automationLabel = (id: string): string => label(AUTOMATION_METHODS, id);
export const triggerLabel = (id: string): string => label(RETENTION_TRIGGERS, id);

const regions = new Intl.DisplayNames(['ru'], { type: 'region' });
/** "KZ" → "Казахстан (KZ)". */
export function countryLabel(code: string): string {
  let name: string | undefined;
  try {
    name = regions.of(code.toUpperCase());
  } catch {
    name = undefined;
  }
  return name && name !== code ? `${name} (${code.toUpperCase()})` : code;
}

const UNIT_FORMS: Record<RetentionUnit, [string, string, string]> = {
  days: ['день', 'дня', 'дней'],
  months: ['месяц', 'месяца', 'месяцев'],
  years: ['год', 'года', 'лет'],
};

/** Russian plural: 1 год, 3 года, 5 лет, 11 лет, 21 год. */
export function ruPeriod(amount: number, unit: RetentionUnit): string {
  const [one, few, many] = UNIT_FORMS[unit];
  const n = Math.abs(amount) % 100;
  const last = n % 10;
  const form = n >= 11 && n <= 14 ? many : last === 1 ? one : last >= 2 && last <= 4 ? few : many;
  return `${amount} ${form}`;
}

/** "12 месяцев с момента сбора". */
export const retentionPeriodText = (rule: RetentionRule): string => `${ruPeriod(rule.period.amount, rule.period.unit)} ${triggerLabel(rule.trigger)}`;

export const retentionText = (rule: RetentionRule): string => `${rule.categories.map(categoryLabel).join(', ')}: ${retentionPeriodText(rule)}`;

export const legalBasisTexts = (data: ActivityData): string[] => [
  ...data.legalBases.map((basis) => `${legalBasisLabel(basis.clause)} — ${basis.document}`),
  ...data.specialBases.map(specialBasisLabel),
];

export function methodsText(data: ActivityData): string {
  const network = data.methods.networkTransfer
    ? 'с передачей по информационно-телекоммуникационным сетям'
    : 'без передачи по информационно-телекоммуникационным сетям';
  return `${automationLabel(data.methods.automation)} обработка, ${network}`;
}

export function recipientText(recipient: Recipient): string {
  const role = recipient.role === 'processor' ? 'Лицо, осуществляющее обработку по поручению оператора' : 'Получатель';
  const parts = [
    `${role}: ${recipient.name}`,
    recipient.inn ? `ИНН ${recipient.inn}` : null,
    countryLabel(recipient.country),
    recipient.address,
    `цель: ${recipient.purpose}`,
    recipient.role === 'processor' ? `поручение: ${recipient.instruction ?? 'не указано'}` : null,
  ];
  return parts.filter(Boolean).join(', ');
}

export const crossBorderText = (data: ActivityData): string =>
  data.crossBorder.transfers ? `осуществляется: ${data.crossBorder.countries.map(countryLabel).join(', ') || 'страны не указаны'}` : 'не осуществляется';

export const databaseLocationText = (data: ActivityData): string =>
  [data.databaseLocation.country ? countryLabel(data.databaseLocation.country) : null, data.databaseLocation.address || null].filter(Boolean).join(', ') || 'не указано';

export const cryptoToolsText = (data: ActivityData): string =>
  data.cryptoTools.length ? `Шифровальные (криптографические) средства: ${data.cryptoTools.join(', ')}` : 'Шифровальные (криптографические) средства не применяются';

/** An activity without its own responsible person is under the operator's (art. 22.1). */
export const effectiveResponsible = (data: ActivityData, operator: OperatorData): ResponsiblePerson | null => data.responsible ?? operator.responsible;

export const responsibleText = (person: ResponsiblePerson | null): string =>
  person ? `${person.name}, тел. ${person.phone}, эл. почта ${person.email}, почтовый адрес: ${person.address}` : 'не назначен';

export const operatorText = (operator: OperatorData): string =>
  `${operator.name}, ИНН ${operator.inn}, ОГРН ${operator.ogrn}, адрес: ${operator.address}`;

/** One column of the register table: its header and the values of an activity (several join with "; "). */
export interface RegisterColumn {
  header: string;
  width: number;
  values: (activity: ActivitySnapshot, operator: OperatorData) => string[];
}

/** The register's columns: the name, then the items of 152-FZ art. 22 part 3 in their order, then the record's identity. */
export const REGISTER_COLUMNS: readonly RegisterColumn[] = [
  { header: 'Наименование процесса', width: 30, values: (a) => [a.data.name] },
  { header: 'Цель обработки', width: 45, values: (a) => [a.data.purpose] },
  { header: 'Категории персональных данных', width: 40, values: (a) => a.data.categories.map(categoryLabel) },
  { header: 'Категории субъектов персональных данных', width: 30, values: (a) => a.data.subjectCategories.map(subjectLabel) },
  { header: 'Правовое основание обработки', width: 50, values: (a) => legalBasisTexts(a.data) },
  { header: 'Перечень действий с персональными данными', width: 40, values: (a) => a.data.actions.map(actionLabel) },
  { header: 'Способы обработки', width: 30, values: (a) => [methodsText(a.data)] },
  { header: 'Сроки хранения и условия прекращения обработки', width: 45, values: (a) => a.data.retention.map(retentionText) },
  { header: 'Получатели и лица, осуществляющие обработку по поручению', width: 50, values: (a) => a.data.recipients.map(recipientText) },
  { header: 'Трансграничная передача', width: 25, values: (a) => [crossBorderText(a.data)] },
  { header: 'Место нахождения базы данных', width: 35, values: (a) => [databaseLocationText(a.data)] },
  { header: 'Меры по обеспечению безопасности', width: 60, values: (a) => [...a.data.securityMeasures, cryptoToolsText(a.data)] },
  { header: 'Дата начала обработки', width: 14, values: (a) => [ruDate(a.data.startDate)] },
  { header: 'Ответственный за организацию обработки', width: 45, values: (a, operator) => [responsibleText(effectiveResponsible(a.data, operator))] },
  { header: 'Идентификатор записи', width: 38, values: (a) => [a.id] },
  { header: 'Версия записи', width: 10, values: (a) => [String(a.version)] },
];

export const MULTI_VALUE_SEPARATOR = '; ';

/** The register as a table of cells, in the order of REGISTER_COLUMNS and sortedActivities. */
export function registerRows(snapshot: RegisterSnapshot): string[][] {
  return sortedActivities(snapshot).map((activity) => REGISTER_COLUMNS.map((column) => column.values(activity, snapshot.operator).join(MULTI_VALUE_SEPARATOR)));
}
