import { requestBlob, requestJson } from '@/shared/api/client';
import type { CloseOutcome, DestructionAct, ErasureReceipt, IdentityCodeState, IdentityMethod, NewSubjectRequest, PublicRequestForm, PublicRequestReceipt, PublicRequestSubmission, StatusFilter, SubjectDataItem, SubjectRequest } from './subject-requests.types';

// until the OpenAPI document has the subject-request routes (notes/subject-requests-api.md)
const id = encodeURIComponent;

export const subjectRequestsApi = {
  /** Sorted by due date, earliest first; without events. */
  list: (status: StatusFilter = 'open'): Promise<SubjectRequest[]> => requestJson('GET', `/api/v1/subject-requests?status=${id(status)}`),
  create: (body: NewSubjectRequest): Promise<SubjectRequest> => requestJson('POST', '/api/v1/subject-requests', body),
  /** With its events. */
  get: (requestId: string): Promise<SubjectRequest> => requestJson('GET', `/api/v1/subject-requests/${id(requestId)}`),
  /**
   * 409 `already-verified` when the check is already recorded. For `one-time-code` the evidence is
   * the code: 422 `code-mismatch` (with `attemptsLeft`) | `code-expired` | `code-void` | `code-not-sent`.
   */
  verifyIdentity: (requestId: string, body: { method: IdentityMethod; evidence: string }): Promise<SubjectRequest> =>
    requestJson('POST', `/api/v1/subject-requests/${id(requestId)}/identity`, body),
  /** The person's known channels for a one-time code and where the latest code stands; never the code. */
  identityCode: (requestId: string): Promise<IdentityCodeState> => requestJson('GET', `/api/v1/subject-requests/${id(requestId)}/identity/code`),
  /**
   * Sends a new code into one of the person's conversations, replacing the one before; 422
   * `code-resend-too-soon` | `code-send-limit` (with `retryAfterSeconds`) or the channel's refusal
   * (`contact-blocked`…), 400 naming `channelId`. The code is checked with `verifyIdentity`, method `one-time-code`.
   */
  sendIdentityCode: (requestId: string, channelId: string): Promise<IdentityCodeState> =>
    requestJson('POST', `/api/v1/subject-requests/${id(requestId)}/identity/code`, { channelId }),
  /** 422 `not-extendable` | `already-extended` | `notice-after-deadline`. */
  extend: (requestId: string, reason: string): Promise<SubjectRequest> => requestJson('POST', `/api/v1/subject-requests/${id(requestId)}/extend`, { reason }),
  /** Everything the business holds on the person, as a zip; 422 until identity is verified; written to the access journal. */
  accessPackage: (requestId: string): Promise<Blob> => requestBlob(`/api/v1/subject-requests/${id(requestId)}/access-package`),
  /** 409 `closed` when already closed. */
  close: (requestId: string, body: { outcome: CloseOutcome; note: string }): Promise<SubjectRequest> =>
    requestJson('POST', `/api/v1/subject-requests/${id(requestId)}/close`, body),
  /**
   * Every module destroys the person's data in this business and the request is closed as
   * fulfilled; 422 `identity-not-verified` | `not-a-destruction-request`, 409 `closed`.
   */
  erase: (requestId: string): Promise<ErasureReceipt> => requestJson('POST', `/api/v1/subject-requests/${id(requestId)}/erase`, {}),
  subjectData: (requestId: string): Promise<SubjectDataItem[]> => requestJson('GET', `/api/v1/subject-requests/${id(requestId)}/data`),
  rectify: (requestId: string, corrections: Array<{ source: string; recordId: string; field: string; value: string }>): Promise<SubjectRequest> =>
    requestJson('POST', `/api/v1/subject-requests/${id(requestId)}/rectify`, { corrections }),
  /** Blocks (or lifts the blocking of) the person's data in every module; nothing is sent to a blocked client. */
  block: (requestId: string, reason: string, blocked: boolean): Promise<SubjectRequest> =>
    requestJson('POST', `/api/v1/subject-requests/${id(requestId)}/${blocked ? 'block' : 'unblock'}`, { reason }),
  /** Newest first. */
  destructionActs: (): Promise<DestructionAct[]> => requestJson('GET', '/api/v1/destruction-acts'),
  destructionAct: (actId: string): Promise<DestructionAct> => requestJson('GET', `/api/v1/destruction-acts/${id(actId)}`),
  destructionActPdf: (actId: string): Promise<Blob> => requestBlob(`/api/v1/destruction-acts/${id(actId)}/act.pdf`),
  publicForm: (tenantId: string): Promise<PublicRequestForm> => requestJson('GET', `/api/v1/public/subject-requests/${id(tenantId)}`),
  submitPublic: (tenantId: string, body: PublicRequestSubmission): Promise<PublicRequestReceipt> => requestJson('POST', `/api/v1/public/subject-requests/${id(tenantId)}`, body),
};
