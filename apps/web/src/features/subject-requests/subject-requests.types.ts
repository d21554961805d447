/*
 * Data-subject requests as the API speaks of them (notes/subject-requests-api.md), written by
 * hand until the OpenAPI document has these routes. The periods and articles come from the API:
 * the SPA shows them and never computes a deadline itself.
 */

/** What the person asks for; each kind has its own statutory period (152-FZ art. 14, 20, 21; 38-FZ art. 18). */
export const SUBJECT_REQUEST_KINDS = ['access', 'rectification', 'blocking', 'deletion', 'consent-withdrawal', 'objection-to-advertising', 'stop-processing'] as const;
export type SubjectRequestKind = (typeof SUBJECT_REQUEST_KINDS)[number];

/** `received` until the identity check is recorded, `in-progress` after it, then closed either way. */
export type SubjectRequestStatus = 'received' | 'in-progress' | 'fulfilled' | 'refused';
export type SubjectRequestChannel = 'public-form' | 'api' | 'conversation' | 'platform';

/** A request the person filed with the platform, which forwarded it here (reference 001 §5.7). */
export interface ForwardedFrom {
  /** The platform's incoming number. */
  reference: string;
  /** When the platform received it: the clock runs from then. */
  receivedAt: string;
  forwardedAt: string;
}

export type PeriodUnit = 'working-days' | 'calendar-days' | 'immediately';
export interface SubjectRequestPeriod {
  amount: number;
  unit: PeriodUnit;
}

/** A Moscow calendar day, `YYYY-MM-DD`. */
export type LocalDate = string;

export interface DeadlineExtension {
  amount: 5;
  unit: 'working-days';
  article: string;
  /** The due date before the extension; the motivated notice had to be sent by then. */
  originalDue: LocalDate;
}

export interface SubjectRequestDeadline {
  receivedOn: LocalDate;
  due: LocalDate;
  article: string;
  period: SubjectRequestPeriod;
  /** The law lets this kind's period be extended once. */
  extendable: boolean;
  extension: DeadlineExtension | null;
  note: string | null;
}

export const CLOCK_STATES = ['overdue', 'due-today', 'due-soon', 'on-time'] as const;
export type ClockState = (typeof CLOCK_STATES)[number];

export interface SubjectRequestClock {
  state: ClockState;
  /** Working days after today up to and including the due date; 0 on the due date and after it. */
  workingDaysLeft: number;
}

export const IDENTITY_METHODS = ['document', 'messenger-match', 'one-time-code'] as const;
export type IdentityMethod = (typeof IDENTITY_METHODS)[number];

export interface IdentityCheck {
  method: IdentityMethod;
  /** What was checked, as the employee wrote it. */
  evidence: string;
  verifiedAt: string;
  verifiedBy: { id: string; name: string } | null;
}

/** A channel the business already holds for the person, where a one-time code can go (GET …/identity/code). */
export interface KnownChannel {
  /** Opaque: sent back as it is to send the code there. */
  id: string;
  /** Masked: «Telegram · +7 *** ***-45-67 · Продажи». */
  label: string;
  /** Why nothing can be sent there now (`contact-blocked`, `connection-not-active`…); null when it can. */
  unavailable: { reason: string; message: string } | null;
}

/** `active` until it runs out (15 minutes), is used, is voided by the fifth wrong attempt or a newer code replaces it. */
export type IdentityCodeStatus = 'active' | 'expired' | 'void' | 'used' | 'replaced';

/** The one-time code check of a request: where a code can go and where the latest one stands — never the code. */
export interface IdentityCodeState {
  channels: KnownChannel[];
  code: { channel: string; sentAt: string; expiresAt: string; status: IdentityCodeStatus; attemptsLeft: number } | null;
  /** When another code may be sent: now, or after the wait (one a minute, five an hour). */
  nextSendAt: string;
}

export interface SubjectRequestEvent {
  at: string;
  type: string;
  actor: string | null;
  details: Record<string, unknown>;
}

export interface SubjectRequest {
  id: string;
  /** «ЗПД-2026-0007», numbered per business. */
  number: string;
  kind: SubjectRequestKind;
  status: SubjectRequestStatus;
  channel: SubjectRequestChannel;
  subject: { fullName: string; phone: string | null; email: string | null; contactId: string | null };
  /** What the person asks, as written. */
  details: string;
  receivedAt: string;
  deadline: SubjectRequestDeadline;
  /** Null once the request is closed. */
  clock: SubjectRequestClock | null;
  identity: IdentityCheck | null;
  extensionNotice: { sentAt: string; reason: string } | null;
  closedAt: string | null;
  /** The answer or the reason for refusing, recorded on closing. */
  outcome: string | null;
  conversationId: string | null;
  forwarded: ForwardedFrom | null;
  /** Only on the request's own page. */
  events?: SubjectRequestEvent[];
}

export const STATUS_FILTERS = ['open', 'closed', 'all'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export interface NewSubjectRequest {
  kind: SubjectRequestKind;
  subject: { fullName: string; phone?: string; email?: string; contactId?: string };
  details: string;
  conversationId?: string;
  /** ISO 8601; now when left out, never in the future. */
  receivedAt?: string;
}

export type CloseOutcome = 'fulfilled' | 'refused';

/** Why the API refused to extend a period (422 `details.reason`). */
export const EXTENSION_REFUSALS = ['not-extendable', 'already-extended', 'notice-after-deadline'] as const;
export type ExtensionRefusal = (typeof EXTENSION_REFUSALS)[number];

/** The public form a business publishes: its name and the kinds a person may ask for. */
export interface PublicRequestForm {
  business: { name: string };
  kinds: Array<{ id: SubjectRequestKind; ru: string; article: string; period: SubjectRequestPeriod }>;
}

export interface PublicRequestSubmission {
  kind: SubjectRequestKind;
  fullName: string;
  phone?: string;
  email?: string;
  details: string;
}

export interface PublicRequestReceipt {
  number: string;
  receivedOn: LocalDate;
  due: LocalDate;
  article: string;
}

/** Why the API refused to erase a person's data (422/409 `details.reason`). */
export const ERASURE_REFUSALS = ['identity-not-verified', 'not-a-destruction-request', 'closed'] as const;
export type ErasureRefusal = (typeof ERASURE_REFUSALS)[number];

/** The kinds a request is fulfilled by destroying the person's data (152-FZ art. 21 parts 3–5). */
export const DESTRUCTION_KINDS: readonly SubjectRequestKind[] = ['deletion', 'consent-withdrawal'];

/** What the API answers on erasing: the act of destruction drawn up for it. */
export interface ErasureReceipt {
  actId: string;
  /** «АУ-2026-0001», numbered per business. */
  number: string;
}

/** What one module did with the person's data. */
export interface DestructionReport {
  source: string;
  method: 'destroy' | 'depersonalise';
  records: number;
  /** PD category ids, as in the register. */
  categories: string[];
}

/**
 * The act of destruction of personal data (Roskomnadzor order No. 179 of 28.10.2022), with the
 * extract from the log of what was done; kept for three years.
 */
export interface DestructionAct {
  id: string;
  number: string;
  requestId: string | null;
  reason: string;
  subjectName: string | null;
  categories: string[];
  reports: DestructionReport[];
  /** What a law requires to be kept, and which law. */
  kept: Array<{ what: string; why: string }>;
  log: Array<{ at: string; type: string; details: Record<string, unknown> }>;
  performedBy: string | null;
  performedAt: string;
  keepUntil: LocalDate;
}

/** One record a module holds on the person (GET /subject-requests/:id/data). */
export interface SubjectDataItem {
  source: string;
  category: string;
  recordId: string;
  fields: Record<string, unknown>;
  collectedAt?: string;
}
