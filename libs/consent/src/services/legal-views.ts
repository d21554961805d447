import { type DocumentKind } from '../domain/document-kinds';
import { type AcceptanceRow } from '../persistence/acceptances.repository';
import { type VersionRow, type VersionWithText } from '../persistence/legal-documents.repository';

/** The API's shapes (the contract in notes/consent-design.md); services answer them, controllers pass them on. */
export interface VersionView {
  id: string;
  documentId: string;
  kind: DocumentKind;
  version: number;
  textSha256: string;
  material: boolean;
  summary: string | null;
  publishedAt: string;
  effectiveAt: string;
  text?: string;
}

export interface DocumentView {
  id: string;
  kind: DocumentKind;
  title: string;
  scope: 'platform' | 'tenant';
  current: VersionView | null;
  upcoming: VersionView | null;
}

export interface AcceptanceView {
  id: string;
  seq: number;
  documentVersionId: string;
  kind: DocumentKind;
  version: number;
  versionSha256: string;
  warranties: string[];
  method: string;
  acceptedAt: string;
  signatory: { userId: string | null; fullName: string | null; email: string | null; ip: string | null; userAgent: string | null } | null;
  prevHash: string;
  recordHash: string;
}

export function versionView(row: VersionRow | VersionWithText, withText = false): VersionView {
  const view: VersionView = {
    id: row.id,
    documentId: row.documentId,
    kind: row.kind,
    version: row.version,
    textSha256: row.textSha256,
    material: row.material,
    summary: row.summary,
    publishedAt: new Date(row.publishedAt).toISOString(),
    effectiveAt: new Date(row.effectiveAt).toISOString(),
  };
  if (withText && 'text' in row) view.text = row.text;
  return view;
}

export function acceptanceView(row: AcceptanceRow): AcceptanceView {
  return {
    id: row.id,
    seq: row.seq,
    documentVersionId: row.documentVersionId,
    kind: row.kind,
    version: row.version,
    versionSha256: row.versionSha256,
    warranties: row.warranties,
    method: row.method,
    acceptedAt: new Date(row.acceptedAt).toISOString(),
    signatory: row.signatory,
    prevHash: row.prevHash,
    recordHash: row.recordHash,
  };
}

/** The acceptance without the signatory's e-mail, IP and user agent (for readers outside the ledger). */
export function withoutSignatoryContacts<T extends { signatory: AcceptanceView['signatory'] }>(acceptance: T): T {
  return acceptance.signatory ? { ...acceptance, signatory: { ...acceptance.signatory, email: null, ip: null, userAgent: null } } : acceptance;
}
