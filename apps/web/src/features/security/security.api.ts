import { api, unwrap, unwrapEmpty } from '@/shared/api/client';
import type { TotpSetup } from './security.types';

export const securityApi = {
  /** A new secret, pending until a code from it is confirmed. */
  startTwoFactorSetup: (): Promise<TotpSetup> => unwrap(api.POST('/api/v1/auth/totp/setup')),
  enableTwoFactor: (code: string): Promise<void> => unwrapEmpty(api.POST('/api/v1/auth/totp/enable', { body: { code } })),
  /** Needs a current code, so a stolen session alone cannot remove the second factor. */
  disableTwoFactor: (code: string): Promise<void> => unwrapEmpty(api.POST('/api/v1/auth/totp/disable', { body: { code } })),
  /** Ends every session of the user, in every business, this one included. */
  signOutEverywhere: (): Promise<void> => unwrapEmpty(api.POST('/api/v1/auth/logout-all')),
};
