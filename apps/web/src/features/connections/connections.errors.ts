import { ApiRequestError } from '@/shared/api/client';
import { describeError } from '@/shared/api/error-message';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** An action on a connection refused or failed, in the user's language. */
export function connectionActionError(error: unknown, t: Translate): string {
  if (error instanceof ApiRequestError && error.status === 403) return t('common.errors.forbidden');
  if (error instanceof ApiRequestError && error.status === 404) return t('connections.errors.gone');
  if (error instanceof ApiRequestError && (error.status === 409 || error.status === 422)) return error.message;
  return describeError(error, t);
}
