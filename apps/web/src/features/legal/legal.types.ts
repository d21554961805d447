/*
 * Legal documents, versions, notices and the acceptance ledger (issue 6).
 * Declared by hand from the API contract (notes/consent-design.md) until the OpenAPI document
 * has the consent routes; then each becomes `Schemas['…Dto']` and nothing else in the SPA changes.
 */

/** The business's own consent texts for its clients, one document per purpose. */
export const TENANT_DOCUMENT_KINDS = ['consent-processing', 'consent-advertising', 'consent-distribution', 'client-privacy-policy'] as const;
export type TenantDocumentKind = (typeof TENANT_DOCUMENT_KINDS)[number];
/** The platform's documents; a kind this build does not know is shown by its title. */
export type DocumentKind = 'user-agreement' | 'messenger-module-agreement' | 'privacy-policy' | 'cookie-policy' | TenantDocumentKind | (string & {});

/** A document a new account accepts at sign-up, in the version in force. */
export interface SignupAgreement {
  kind: DocumentKind;
  title: string;
  versionId: string;
  version: number;
  textSha256: string;
}

export interface LegalVersion {
  id: string;
  documentId: string;
  kind: DocumentKind;
  version: number;
  /** SHA-256 of the canonical text, hex. */
  textSha256: string;
  /** A material change: takes effect no sooner than 14 days after publication (reference 004 §11). */
  material: boolean;
  summary: string | null;
  publishedAt: string;
  effectiveAt: string;
  /** Markdown; only GET /legal/versions/:id and the messenger-module agreement carry it. */
  text?: string;
}

export interface LegalDocument {
  id: string;
  kind: DocumentKind;
  title: string;
  scope: 'platform' | 'tenant';
  current: LegalVersion | null;
  upcoming: LegalVersion | null;
}

export interface NewLegalDocument {
  kind: TenantDocumentKind;
  title: string;
}

export interface NewLegalVersion {
  text: string;
  material: boolean;
  /** ISO 8601; omitted: effective at once (only for a change that is not material). */
  effectiveAt?: string;
  summary?: string;
}

export type DiffOp = 'same' | 'added' | 'removed';

export interface VersionDiff {
  from: LegalVersion;
  to: LegalVersion;
  lines: Array<{ op: DiffOp; text: string }>;
}

/** An upcoming version the signed-in user has not accepted (reference 004 §11). */
export interface LegalNotice {
  version: LegalVersion;
  document: { id: string; kind: DocumentKind; title: string };
  acceptedByMe: boolean;
}

/** Each field null once erased. */
export interface Signatory {
  userId: string | null;
  fullName: string | null;
  email: string | null;
  ip: string | null;
  userAgent: string | null;
}

export interface Acceptance {
  id: string;
  /** Position in the business's hash chain. */
  seq: number;
  documentVersionId: string;
  kind: DocumentKind;
  version: number;
  versionSha256: string;
  warranties: string[];
  method: string;
  acceptedAt: string;
  /** Null once the person was erased: the record, its hash and time stay (152-FZ art. 21). */
  signatory: Signatory | null;
  prevHash: string;
  recordHash: string;
}

/** The house page shape (as WebhookDeliveryPageDto): newest first, `nextCursor` to older ones. */
export interface AcceptancePage {
  items: Acceptance[];
  nextCursor?: string | null;
}

export interface LedgerVerification {
  ok: boolean;
  /** Rows checked, up to and including the first broken one. */
  checked: number;
  firstBroken: { id: string; seq: number; reason: string } | null;
}

/** 004 §11: a material version takes effect no sooner than this after publication. */
export const MATERIAL_NOTICE_DAYS = 14;
