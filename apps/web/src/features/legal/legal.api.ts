import { requestBlob, requestJson } from '@/shared/api/client';
import type { Acceptance, AcceptancePage, LedgerVerification, LegalDocument, LegalNotice, LegalVersion, NewLegalDocument, NewLegalVersion, SignupAgreement, VersionDiff } from './legal.types';

// until the OpenAPI document has the consent routes (notes/consent-design.md)
const id = encodeURIComponent;

export const legalApi = {
  /** Public: the documents a new account accepts, in the versions in force. */
  signupAgreements: (): Promise<SignupAgreement[]> => requestJson('GET', '/api/v1/public/legal/signup'),
  /** Public: a version of one of the platform's documents, with its text. */
  publicVersion: (versionId: string): Promise<LegalVersion> => requestJson('GET', `/api/v1/public/legal/versions/${id(versionId)}`),
  /** Public: the version of a platform document in force now. */
  publicInForce: (kind: string): Promise<LegalVersion> => requestJson('GET', `/api/v1/public/legal/documents/${id(kind)}`),
  /** The platform's documents and the business's own, each with its current and upcoming version. */
  documents: (): Promise<LegalDocument[]> => requestJson('GET', '/api/v1/legal/documents'),
  /** Newest first. */
  versions: (documentId: string): Promise<LegalVersion[]> => requestJson('GET', `/api/v1/legal/documents/${id(documentId)}/versions`),
  /** 409 when the business already has a document of that kind. */
  createDocument: (body: NewLegalDocument): Promise<LegalDocument> => requestJson('POST', '/api/v1/legal/documents', body),
  /** 400 on `effectiveAt` when a material version would take effect within 14 days. */
  publish: (documentId: string, body: NewLegalVersion): Promise<LegalVersion> => requestJson('POST', `/api/v1/legal/documents/${id(documentId)}/versions`, body),
  /** With its text. */
  version: (versionId: string): Promise<LegalVersion> => requestJson('GET', `/api/v1/legal/versions/${id(versionId)}`),
  /** Lines of `against` (from) turned into those of `versionId` (to). */
  diff: (versionId: string, against: string): Promise<VersionDiff> => requestJson('GET', `/api/v1/legal/versions/${id(versionId)}/diff?against=${id(against)}`),
  accept: (versionId: string, warranties?: string[]): Promise<Acceptance> =>
    requestJson('POST', `/api/v1/legal/versions/${id(versionId)}/accept`, warranties ? { warranties } : {}),
  /** Viewing them is recorded by the API (notice_views): the notice was shown. */
  notices: (): Promise<LegalNotice[]> => requestJson('GET', '/api/v1/legal/notices'),
  acceptances: (cursor?: string, limit = 50): Promise<AcceptancePage> =>
    requestJson('GET', `/api/v1/legal/acceptances?${new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) }).toString()}`),
  verify: (): Promise<LedgerVerification> => requestJson('GET', '/api/v1/legal/acceptances/verify'),
  /** Written to the access journal by the API. */
  certificate: (acceptanceId: string): Promise<Blob> => requestBlob(`/api/v1/legal/acceptances/${id(acceptanceId)}/certificate.pdf`),
};
