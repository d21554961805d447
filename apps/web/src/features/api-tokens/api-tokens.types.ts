import type { Schemas } from '@perepiska/api-client';

export type ApiToken = Schemas['ApiTokenDto'];
/** The one answer that carries the secret itself. */
export type CreatedApiToken = Schemas['CreatedApiTokenDto'];
export type NewApiToken = Schemas['CreateApiTokenDto'];
export type TokenPermission = NewApiToken['permissions'][number];

/** The API accepts at most 366 days; the last day offered is a year ahead so its end fits. */
export const LONGEST_LIFETIME_DAYS = 365;
export const DEFAULT_LIFETIME_DAYS = 90;
export const LIFETIME_PRESETS_DAYS = [30, 90, 180, 365] as const;

export type TokenStatus = 'active' | 'expired' | 'revoked';

export function tokenStatus(token: Pick<ApiToken, 'expiresAt' | 'revokedAt'>, now = Date.now()): TokenStatus {
  if (token.revokedAt) return 'revoked';
  return new Date(token.expiresAt).getTime() <= now ? 'expired' : 'active';
}
