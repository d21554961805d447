import { ApiRequestError, NetworkError } from './client';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** One wording for failures the user cannot fix by editing the form. */
export function describeError(error: unknown, t: Translate): string {
  if (error instanceof NetworkError) return t('common.errors.network');
  if (error instanceof ApiRequestError && error.status >= 500) return t('common.errors.server');
  return t('common.errors.generic', { message: error instanceof Error ? error.message : String(error) });
}
