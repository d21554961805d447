import { requestEmpty, requestJson } from '@/shared/api/client';
import type { NewTelegramLogin, TelegramLogin } from './connections.types';

const login = (id: string, action = '') => `/api/v1/telegram/logins/${encodeURIComponent(id)}${action}`;

/**
 * Signing a personal Telegram account in (QR code, or phone code and the 2FA password). The
 * login lives on the server as a small state machine with its own pending Telegram client until
 * it is done, expires or is cancelled; the SPA polls it while it is open.
 */
// until the OpenAPI document has the Telegram login routes: typed here by hand from the contract
// and sent through the client's untyped escape hatch (same credentials and ApiRequestError).
export const telegramLoginApi = {
  start: (body: NewTelegramLogin): Promise<TelegramLogin> => requestJson<TelegramLogin>('POST', '/api/v1/telegram/logins', body),
  get: (id: string): Promise<TelegramLogin> => requestJson<TelegramLogin>('GET', login(id)),
  submitCode: (id: string, code: string): Promise<TelegramLogin> => requestJson<TelegramLogin>('POST', login(id, '/code'), { code }),
  /** The 2FA password goes to Telegram and is neither stored nor echoed by the server. */
  submitPassword: (id: string, password: string): Promise<TelegramLogin> => requestJson<TelegramLogin>('POST', login(id, '/password'), { password }),
  /** Frees the pending client on the server. */
  cancel: (id: string): Promise<void> => requestEmpty('DELETE', login(id)),
};
