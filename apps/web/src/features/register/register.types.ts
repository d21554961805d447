/*
 * The personal-data processing register (issue 7): processing activities, the operator, the
 * gaps against 152-FZ, the notification to Roskomnadzor and the generated privacy policy.
 * Declared by hand from the API contract (notes/register-api.md), mirroring the register's
 * domain types, until the OpenAPI document has the register routes.
 */

/** `tenant`: the business's own register, which it keeps; `platform`: the platform operator's, read-only. */
export type RegisterLayer = 'tenant' | 'platform';

export type PdCategoryKind = 'ordinary' | 'special' | 'biometric' | 'public';
export const PD_CATEGORY_KINDS: readonly PdCategoryKind[] = ['ordinary', 'special', 'biometric', 'public'];

export type RetentionUnit = 'days' | 'months' | 'years';

/** The closed lists the register's fields take their values from, with their legal wording. */
export interface Taxonomy {
  categories: Array<{ id: string; kind: PdCategoryKind; ru: string; en: string }>;
  subjects: TaxonomyItem[];
  /** 152-FZ art. 3 item 3, in its order. */
  actions: TaxonomyItem[];
  /** 152-FZ art. 6 part 1. */
  legalBases: TaxonomyItem[];
  /** 152-FZ art. 10 part 2 (`art10-…`) and art. 11 (`art11-…`). */
  specialBases: TaxonomyItem[];
  automation: TaxonomyItem[];
  retentionTriggers: TaxonomyItem[];
  retentionUnits: RetentionUnit[];
}

export interface TaxonomyItem {
  id: string;
  ru: string;
}

export interface RetentionRule {
  /** Each must be among the activity's categories. */
  categories: string[];
  period: { amount: number; unit: RetentionUnit };
  trigger: string;
}

export interface Recipient {
  /** A processor processes on the operator's instruction (art. 6 part 3); a recipient for its own purposes. */
  role: 'processor' | 'recipient';
  name: string;
  inn: string | null;
  address: string;
  purpose: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** Required for a processor: the contract or clause it processes under. */
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
  legalBases: Array<{ clause: string; document: string }>;
  /** Required when any category is special or biometric. */
  specialBases: string[];
  categories: string[];
  subjectCategories: string[];
  actions: string[];
  methods: { automation: string; networkTransfer: boolean };
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
  /** Null: the operator's responsible person (art. 22.1). */
  responsible: ResponsiblePerson | null;
}

/** The operator's own details, which the notification and the policy open with. */
export interface OperatorData {
  name: string;
  inn: string;
  ogrn: string;
  address: string;
  email: string;
  phone: string;
  responsible: ResponsiblePerson | null;
}

/** What the business edits of its operator card; the rest comes from its requisites. */
export type OperatorProfile = Pick<OperatorData, 'email' | 'phone' | 'responsible'>;

/** One version of a processing activity. */
export interface Activity {
  id: string;
  /** Set for activities the product maintains itself (`messenger-processing`, …). */
  key: string | null;
  layer: RegisterLayer;
  version: number;
  recordedAt: string;
  recordedBy: { id: string; name: string } | null;
  archived: boolean;
  data: ActivityData;
}

export interface RegisterView {
  layer: RegisterLayer;
  asOf: string;
  operator: OperatorData;
  /** Archived ones left out; sorted by name. */
  activities: Activity[];
}

export interface ActivityChange {
  field: string;
  /** In Russian. */
  label: string;
  before: string;
  after: string;
}

export interface ActivityDiff {
  from: Activity;
  to: Activity;
  changes: ActivityChange[];
}

export type FindingSeverity = 'critical' | 'warning' | 'info';
export const FINDING_SEVERITIES: readonly FindingSeverity[] = ['critical', 'warning', 'info'];

export interface RegisterFinding {
  code: string;
  severity: FindingSeverity;
  activityId: string | null;
  activityName: string | null;
  field: string | null;
  /** In Russian. */
  message: string;
  article: string;
  /** YYYY-MM-DD (Moscow). */
  dueDate?: string;
}

export interface NotificationRecord {
  id: string;
  submittedAt: string;
  reference: string | null;
  /** What the notification stated, hashed: a change to it calls for a new notification (art. 22 part 7). */
  fieldsSha256: string;
}

export interface NotificationEntry extends NotificationRecord {
  recordedBy: { id: string; name: string };
}

export interface RegisterFindings {
  findings: RegisterFinding[];
  lastNotification: NotificationRecord | null;
  notifiableFieldsSha256: string;
}

export interface NewNotification {
  /** YYYY-MM-DD. */
  submittedAt: string;
  reference?: string;
}

export interface PrivacyPolicy {
  markdown: string;
  sha256: string;
  asOf: string;
  published: { versionId: string; version: number; publishedAt: string } | null;
}

export interface PolicyPublication {
  documentId: string;
  versionId: string;
  version: number;
  effectiveAt: string;
}

export const EXPORT_FORMATS = ['xlsx', 'csv', 'pdf', 'json', 'notification-pdf', 'notification-md'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
