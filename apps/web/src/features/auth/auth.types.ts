import type { Schemas } from '@perepiska/api-client';

export type Credentials = Schemas['LoginDto'];
export type SignupForm = Schemas['SignupDto'];
export type SessionTokens = Schemas['SessionTokensDto'];
export type Me = Schemas['MeDto'];
export type TenantSummary = Schemas['MeTenantDto'];
