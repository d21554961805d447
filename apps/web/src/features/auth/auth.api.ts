import { api, unwrap, unwrapEmpty } from '@/shared/api/client';
import type { Credentials, InvitationAcceptance, InvitationPreview, Me, SessionTokens, SignupForm } from './auth.types';

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
  /** Whom the link invites, where and as whom; 404 once it is used, revoked or expired. */
  previewInvitation: (token: string): Promise<InvitationPreview> => unwrap(api.POST('/api/v1/auth/invitation/preview', { body: { token } })),
  /** Joins the business and opens a session there, like signing in. */
  acceptInvitation: (body: InvitationAcceptance): Promise<SessionTokens> => unwrap(api.POST('/api/v1/auth/invitation/accept', { body })),
  /** Always 202: the answer never tells whether the address has an account. */
  requestPasswordReset: (email: string): Promise<void> => unwrapEmpty(api.POST('/api/v1/auth/password-reset', { body: { email } })),
  /** Ends every session of the account; 404 when the link is used or expired. */
  confirmPasswordReset: (token: string, password: string): Promise<void> =>
    unwrapEmpty(api.POST('/api/v1/auth/password-reset/confirm', { body: { token, password } })),
};
