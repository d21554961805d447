/*
 * Data-subject consents (issue 6; 152-FZ art. 9 and 10.1, 38-FZ art. 18) and the public consent form.
 * Declared by hand from the API contract (notes/consent-design.md) until the OpenAPI document
 * has the consent routes; then each becomes `Schemas['…Dto']` and nothing else in the SPA changes.
 */

/** Processing (152-FZ art. 9), advertising (38-FZ art. 18), distribution (152-FZ art. 10.1). */
export const PURPOSES = ['processing', 'advertising', 'distribution'] as const;
export type Purpose = (typeof PURPOSES)[number];
export type ConsentAction = 'given' | 'withdrawn';
/** Where a record came from; an employee attaches the proof, the form and a chat keyword carry their own. */
export type ConsentSource = 'public-form' | 'chat-keyword' | 'import' | 'employee' | (string & {});
/** The sources an employee may record by hand. */
export const MANUAL_SOURCES = ['employee', 'import'] as const;
export type ManualSource = (typeof MANUAL_SOURCES)[number];

export interface ConsentState {
  given: boolean;
  at: string | null;
  source: ConsentSource | null;
  versionSha256: string | null;
}

export interface ConsentProofFile {
  fileName: string;
  contentType: string;
  sizeBytes: number;
  /** Stays after the file itself is erased. */
  sha256: string;
  available: boolean;
}

export interface ConsentRecord {
  id: string;
  contactId: string | null;
  purpose: Purpose;
  action: ConsentAction;
  source: ConsentSource;
  /** The consent text version the record names. */
  documentVersionId: string | null;
  versionSha256: string | null;
  channel: string | null;
  note: string | null;
  proofFile: ConsentProofFile | null;
  /** The employee's user id, when an employee recorded it. */
  recordedBy: string | null;
  at: string;
  /** What the person typed into the public form; null once erased. */
  submitter: { fullName: string | null; phone: string | null; email: string | null } | null;
  erasedAt: string | null;
}

export interface ContactConsents {
  current: Record<Purpose, ConsentState>;
  history: ConsentRecord[];
}

/**
 * The proof travels base64-encoded inside the JSON body (the API's choice): one request, the
 * same client as every other call; the API detects the file's type from its bytes.
 */
export interface ConsentProof {
  fileName: string;
  contentBase64: string;
}

export interface NewConsentRecord {
  purpose: Purpose;
  action: ConsentAction;
  source: ManualSource;
  channel?: string;
  note?: string;
  versionId?: string;
  proof?: ConsentProof;
}

/** Larger proofs are refused by the form before they are read (the API has its own body limit). */
export const MAX_PROOF_BYTES = 5 * 1024 * 1024;

export interface PublicConsentForm {
  business: { name: string };
  texts: Array<{ purpose: Purpose; versionId: string; text: string; textSha256: string }>;
  /** Opened by a genuine personal link: the consent goes to that client's card. */
  personal: boolean;
}

/** A signed personal link to the public consent page for one client card. */
export interface ConsentLink {
  link: string;
  url: string;
  expiresAt: string;
}

export interface PublicConsentSubmission {
  fullName: string;
  phone?: string;
  email?: string;
  purposes: Purpose[];
  versionIds: string[];
  /** The personal link the page was opened by. */
  link?: string;
}

export interface PublicConsentReceipt {
  receiptId: string;
}
