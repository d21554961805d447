import { type SubjectLocator } from '@perepiska/platform';

/** How every module finds a request's subject: by the client card, phone or e-mail it names, within its business only. */
export function subjectLocatorOf(request: { tenantId: string; contactId: string | null; phone: string | null; email: string | null }): SubjectLocator {
  return {
    tenantId: request.tenantId,
    contactIds: request.contactId ? [request.contactId] : [],
    phones: request.phone ? [request.phone] : [],
    emails: request.email ? [request.email] : [],
  };
}
