import type { Schemas } from '@perepiska/api-client';

export type Credentials = Schemas['LoginDto'];
export type SignupForm = Schemas['SignupDto'];
export type SessionTokens = Schemas['SessionTokensDto'];
export type Me = Schemas['MeDto'];
export type TenantSummary = Schemas['MeTenantDto'];
export type InvitationPreview = Schemas['InvitationPreviewDto'];
export type InvitationAcceptance = Schemas['AcceptInvitationDto'];

/** The API's bounds for a password (sign-up, invitation, reset). */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

export type NewPasswordProblem = 'tooShort' | 'tooLong' | 'mismatch';

/** What is wrong with a new password and its confirmation, before asking the API. */
export function newPasswordProblem(password: string, confirmation: string): NewPasswordProblem | null {
  if (password.length < PASSWORD_MIN_LENGTH) return 'tooShort';
  if (password.length > PASSWORD_MAX_LENGTH) return 'tooLong';
  return password === confirmation ? null : 'mismatch';
}

/**
 * The secret of an invitation or a reset link travels in the URL fragment (`#<token>`), which
 * the browser never sends to a server or in a Referer header.
 */
export function tokenFromHash(hash: string): string {
  return decodeURIComponent(hash.replace(/^#/, '')).trim();
}
