import { requestBlob, requestJson } from '@/shared/api/client';
import type { ConsentLink, ConsentProof, ConsentRecord, ContactConsents, NewConsentRecord, PublicConsentForm, PublicConsentReceipt, PublicConsentSubmission } from './consents.types';

// until the OpenAPI document has the consent routes (notes/consent-design.md)
const id = encodeURIComponent;

export const consentsApi = {
  ofContact: (contactId: string): Promise<ContactConsents> => requestJson('GET', `/api/v1/contacts/${id(contactId)}/consents`),
  record: (contactId: string, body: NewConsentRecord): Promise<ConsentRecord> => requestJson('POST', `/api/v1/contacts/${id(contactId)}/consents`, body),
  /** The proof file an employee attached; written to the access journal by the API. */
  proof: (recordId: string): Promise<Blob> => requestBlob(`/api/v1/consents/${id(recordId)}/proof`),
  /** A personal link for one client: a consent given through it goes to this card. */
  consentLink: (contactId: string): Promise<ConsentLink> => requestJson('POST', `/api/v1/contacts/${id(contactId)}/consent-link`),
  publicForm: (tenant: string, link?: string): Promise<PublicConsentForm> =>
    requestJson('GET', `/api/v1/public/consent/${id(tenant)}${link ? `?link=${encodeURIComponent(link)}` : ''}`),
  submitPublic: (tenant: string, body: PublicConsentSubmission): Promise<PublicConsentReceipt> => requestJson('POST', `/api/v1/public/consent/${id(tenant)}`, body),
};

/** A proof file as the API takes it: base64 of its bytes, with its name and type. */
export async function proofOf(file: File): Promise<ConsentProof> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  // In slices: String.fromCharCode(...bytes) overflows the call stack on a large file.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { fileName: file.name, contentBase64: btoa(binary) };
}
