import { ApiRequestError } from '@/shared/api/client';
import { describeError } from '@/shared/api/error-message';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** An action on a connection refused or failed, in the user's language. */
export function connectionActionError(error: unknown, t: Translate): string {
  // Refused because the business has not accepted the messenger-module agreement (issue 6), not for lack of rights.
  const moduleState = error instanceof ApiRequestError && error.status === 403 ? moduleRefusal(error) : null;
  if (moduleState) return t(`messenger-module.connectRefused.${moduleState}`);
  if (error instanceof ApiRequestError && error.status === 403) return t('common.errors.forbidden');
  if (error instanceof ApiRequestError && error.status === 404) return t('connections.errors.gone');
  if (error instanceof ApiRequestError && (error.status === 409 || error.status === 422)) return error.message;
  return describeError(error, t);
}

function moduleRefusal(error: ApiRequestError): 'off' | 'suspended' | null {
  const details = error.body?.details;
  const reason = typeof details === 'object' && details !== null && 'reason' in details ? details.reason : null;
  return reason === 'messenger-module-off' ? 'off' : reason === 'messenger-module-suspended' ? 'suspended' : null;
}
