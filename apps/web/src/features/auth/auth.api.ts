import { requestJson } from '@/shared/api/client';
import type { Credentials, LoginResult } from './auth.types';

export const authApi = {
  login(credentials: Credentials): Promise<LoginResult> {
    return requestJson<LoginResult>('POST', '/api/v1/auth/login', credentials);
  },
};
