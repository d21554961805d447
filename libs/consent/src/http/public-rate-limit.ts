/** The public pages' own ceilings per client IP, below the API's general one: they write to ledgers. */
export const PUBLIC_LIMITS = {
  consentForm: { limit: 10, windowSeconds: 3600 },
  consentPage: { limit: 120, windowSeconds: 60 },
  legalPage: { limit: 120, windowSeconds: 60 },
  cookieChoice: { limit: 30, windowSeconds: 60 },
} as const;
