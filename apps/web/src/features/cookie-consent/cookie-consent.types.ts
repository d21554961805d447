/*
 * Cookie consent (issue 6): strictly necessary cookies need none; analytics and functional
 * ones only after the visitor opts in. Declared by hand from the API contract
 * (notes/consent-design.md) until the OpenAPI document has the consent routes.
 */
export interface CookieChoice {
  analytics: boolean;
  functional: boolean;
}

export interface CookieConsentRecord extends CookieChoice {
  visitorId: string;
}

/** What this browser remembers: the choice, and whether the API has recorded it yet. */
export interface StoredCookieChoice extends CookieChoice {
  decidedAt: string;
  recorded: boolean;
}

export type CookieCategory = 'necessary' | keyof CookieChoice;
