import { api, unwrap, unwrapEmpty } from '@/shared/api/client';
import type { ApiToken, CreatedApiToken, NewApiToken } from './api-tokens.types';

export const apiTokensApi = {
  /** Every token of the business, newest first; never their secrets. */
  list: (): Promise<ApiToken[]> => unwrap(api.GET('/api/v1/api-tokens')),
  /** Answers the secret once: afterwards only its hash exists. */
  create: (body: NewApiToken): Promise<CreatedApiToken> => unwrap(api.POST('/api/v1/api-tokens', { body })),
  /** Refused from the token's very next request. */
  revoke: (id: string): Promise<void> => unwrapEmpty(api.DELETE('/api/v1/api-tokens/{id}', { params: { path: { id } } })),
};
