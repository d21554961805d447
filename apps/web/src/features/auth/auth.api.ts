import { api, unwrap } from '@/shared/api/client';
import type { Credentials, Me, SessionTokens, SignupForm } from './auth.types';

export const authApi = {
  login: (body: Credentials): Promise<SessionTokens> => unwrap(api.POST('/api/v1/auth/login', { body })),
  signup: (body: SignupForm): Promise<SessionTokens> => unwrap(api.POST('/api/v1/auth/signup', { body })),
  /** Uses the httpOnly refresh cookie. */
  refresh: (): Promise<SessionTokens> => unwrap(api.POST('/api/v1/auth/refresh', { body: {} })),
  me: (): Promise<Me> => unwrap(api.GET('/api/v1/auth/me')),
  switchTenant: (tenantId: string): Promise<SessionTokens> => unwrap(api.POST('/api/v1/auth/switch-tenant', { body: { tenantId } })),
  logout: async (): Promise<void> => {
    await api.POST('/api/v1/auth/logout');
  },
};
