import { type PdCategoryId, type RetentionTriggerId } from '@perepiska/platform';

/**
 * A processing activity of the register, with what 152-FZ art. 22 part 3 and a record of
 * processing activities expect (REG-1; reference 003 §3–9, 004 §4–8). Stored as one immutable
 * version per change; the retention engine reads `retention` as data, never prose.
 */

/** The closed list of 152-FZ art. 3 item 3, in its order. */
export const PROCESSING_ACTIONS = [
  { id: 'collection', ru: 'сбор' },
  { id: 'recording', ru: 'запись' },
  { id: 'systematisation', ru: 'систематизация' },
  { id: 'accumulation', ru: 'накопление' },
  { id: 'storage', ru: 'хранение' },
  { id: 'rectification', ru: 'уточнение (обновление, изменение)' },
  { id: 'retrieval', ru: 'извлечение' },
  { id: 'use', ru: 'использование' },
  { id: 'transfer-distribution', ru: 'передача (распространение)' },
  { id: 'transfer-provision', ru: 'передача (предоставление)' },
  { id: 'transfer-access', ru: 'передача (доступ)' },
  { id: 'depersonalisation', ru: 'обезличивание' },
  { id: 'blocking', ru: 'блокирование' },
  { id: 'deletion', ru: 'удаление' },
  { id: 'destruction', ru: 'уничтожение' },
] as const;
export type ProcessingAction = (typeof PROCESSING_ACTIONS)[number]['id'];

/** 152-FZ art. 6 part 1 (clause 10 is repealed). */
export const LEGAL_BASIS_CLAUSES = [
  { id: '1', ru: 'согласие субъекта персональных данных (п. 1 ч. 1 ст. 6)' },
  { id: '2', ru: 'осуществление функций, полномочий и обязанностей, возложенных на оператора законодательством (п. 2 ч. 1 ст. 6)' },
  { id: '3', ru: 'осуществление правосудия, исполнение судебного акта (п. 3 ч. 1 ст. 6)' },
  { id: '3.1', ru: 'исполнение судебного акта, акта другого органа или должностного лица (п. 3.1 ч. 1 ст. 6)' },
  { id: '4', ru: 'исполнение полномочий органов власти, предоставление государственных услуг (п. 4 ч. 1 ст. 6)' },
  { id: '5', ru: 'исполнение договора, стороной, выгодоприобретателем или поручителем по которому является субъект (п. 5 ч. 1 ст. 6)' },
  { id: '6', ru: 'защита жизни, здоровья или иных жизненно важных интересов субъекта (п. 6 ч. 1 ст. 6)' },
  { id: '7', ru: 'осуществление прав и законных интересов оператора или третьих лиц (п. 7 ч. 1 ст. 6)' },
  { id: '8', ru: 'профессиональная деятельность журналиста, научная, литературная или иная творческая деятельность (п. 8 ч. 1 ст. 6)' },
  { id: '9', ru: 'статистические или иные исследовательские цели при обязательном обезличивании (п. 9 ч. 1 ст. 6)' },
  { id: '11', ru: 'обработка данных, подлежащих опубликованию или обязательному раскрытию по закону (п. 11 ч. 1 ст. 6)' },
] as const;
export type LegalBasisClause = (typeof LEGAL_BASIS_CLAUSES)[number]['id'];

/** The bases for special categories (152-FZ art. 10 part 2) and biometrics (art. 11). */
export const SPECIAL_BASIS_CLAUSES = [
  { id: 'art10-p2-1', ru: 'согласие в письменной форме (п. 1 ч. 2 ст. 10)' },
  { id: 'art10-p2-2.3', ru: 'в соответствии с законодательством о государственной социальной помощи, трудовым законодательством (п. 2.3 ч. 2 ст. 10)' },
  { id: 'art10-p2-3', ru: 'защита жизни, здоровья или иных жизненно важных интересов субъекта (п. 3 ч. 2 ст. 10)' },
  { id: 'art10-p2-4', ru: 'медицинские цели лицом, обязанным сохранять врачебную тайну (п. 4 ч. 2 ст. 10)' },
  { id: 'art10-p2-6', ru: 'установление или осуществление прав субъекта или третьих лиц, правосудие (п. 6 ч. 2 ст. 10)' },
  { id: 'art11-p1', ru: 'согласие в письменной форме на обработку биометрических персональных данных (ч. 1 ст. 11)' },
  { id: 'art11-p2', ru: 'случаи, предусмотренные ч. 2 ст. 11' },
] as const;
export type SpecialBasisClause = (typeof SPECIAL_BASIS_CLAUSES)[number]['id'];

export const SUBJECT_CATEGORIES = [
  { id: 'clients', ru: 'Клиенты и их представители' },
  { id: 'prospects', ru: 'Потенциальные клиенты' },
  { id: 'users', ru: 'Пользователи сервиса' },
  { id: 'employees', ru: 'Работники' },
  { id: 'applicants', ru: 'Соискатели' },
  { id: 'contractors', ru: 'Контрагенты и их представители' },
  { id: 'website-visitors', ru: 'Посетители сайта' },
  { id: 'subject-requesters', ru: 'Лица, направившие обращения' },
] as const;
export type SubjectCategory = (typeof SUBJECT_CATEGORIES)[number]['id'];

export const AUTOMATION_METHODS = [
  { id: 'automated', ru: 'автоматизированная' },
  { id: 'mixed', ru: 'смешанная' },
  { id: 'non-automated', ru: 'без использования средств автоматизации' },
] as const;
export type AutomationMethod = (typeof AUTOMATION_METHODS)[number]['id'];

/** What starts a retention period (the retention engine of DSR-5 reads these). */
export const RETENTION_TRIGGERS = [
  { id: 'collection', ru: 'с момента сбора' },
  { id: 'last-activity', ru: 'с момента последней активности' },
  { id: 'account-deletion', ru: 'с момента удаления учётной записи' },
  { id: 'purpose-achieved', ru: 'с момента достижения цели обработки' },
  { id: 'consent-withdrawn', ru: 'с момента отзыва согласия' },
] as const satisfies ReadonlyArray<{ id: RetentionTriggerId; ru: string }>;
export type RetentionTrigger = (typeof RETENTION_TRIGGERS)[number]['id'];

export const RETENTION_UNITS = ['days', 'months', 'years'] as const;
export type RetentionUnit = (typeof RETENTION_UNITS)[number];

export interface RetentionRule {
  /** The categories this rule governs; each must be among the activity's categories. */
  categories: PdCategoryId[];
  period: { amount: number; unit: RetentionUnit };
  trigger: RetentionTrigger;
}

export interface Recipient {
  /** A processor processes on the operator's instruction (art. 6 part 3); a recipient receives data for its own purposes. */
  role: 'processor' | 'recipient';
  name: string;
  inn: string | null;
  address: string;
  purpose: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** For a processor: the instruction (contract, clause) it processes under; a gap when absent. */
  instruction: string | null;
}

export interface ResponsiblePerson {
  name: string;
  phone: string;
  email: string;
  address: string;
}

export interface ActivityData {
  name: string;
  purpose: string;
  legalBases: Array<{ clause: LegalBasisClause; document: string }>;
  /** Required when any category is special or biometric. */
  specialBases: SpecialBasisClause[];
  categories: PdCategoryId[];
  subjectCategories: SubjectCategory[];
  actions: ProcessingAction[];
  methods: { automation: AutomationMethod; networkTransfer: boolean };
  retention: RetentionRule[];
  recipients: Recipient[];
  /** ISO 3166-1 alpha-2; empty when there is no cross-border transfer. */
  crossBorder: { transfers: boolean; countries: string[] };
  databaseLocation: { country: string; address: string };
  securityMeasures: string[];
  /** Names of the cryptographic tools (art. 19 part 2). */
  cryptoTools: string[];
  /** YYYY-MM-DD. */
  startDate: string;
  responsible: ResponsiblePerson | null;
}

/** The operator's own details, which the notification (art. 22 part 3 items 1, 7, 7.1) and the policy open with. */
export interface OperatorData {
  name: string;
  inn: string;
  ogrn: string;
  address: string;
  email: string;
  phone: string;
  /** The person responsible for organising processing (art. 22.1). */
  responsible: ResponsiblePerson | null;
}

export type RegisterLayer = 'platform' | 'tenant';

/** One activity as of a moment: what exports, policy and gap checks take. */
export interface ActivitySnapshot {
  id: string;
  /** Set for activities the product maintains itself ('messenger-processing', 'platform.accounts', ...). */
  key: string | null;
  version: number;
  recordedAt: Date;
  data: ActivityData;
}

/** The whole register as of a moment. */
export interface RegisterSnapshot {
  layer: RegisterLayer;
  tenantId: string | null;
  asOf: Date;
  operator: OperatorData;
  activities: ActivitySnapshot[];
}
