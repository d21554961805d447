export interface IdentityOptions {
  /** Cookies carry the Secure flag when the product is served over HTTPS. */
  secureCookies: boolean;
  rateLimitPerIpPerMinute: number;
  rateLimitPerTokenPerMinute: number;
  /** Namespace of this deployment's counters in Redis (the same prefix as its queues). */
  redisKeyPrefix: string;
  /** Where the SPA is served: links in e-mails (invitations, password resets) point here. */
  publicUrl: string;
}

export const IDENTITY_OPTIONS = Symbol('IDENTITY_OPTIONS');
