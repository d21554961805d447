import { requestEmpty } from '@/shared/api/client';
import type { CookieConsentRecord } from './cookie-consent.types';

// until the OpenAPI document has the consent routes (notes/consent-design.md)
export const cookieConsentApi = {
  /** Recorded with an anonymised IP by the API. */
  record: (body: CookieConsentRecord): Promise<void> => requestEmpty('POST', '/api/v1/public/cookie-consent', body),
};
