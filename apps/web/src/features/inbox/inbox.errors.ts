import { ApiRequestError } from '@/shared/api/client';
import { describeError } from '@/shared/api/error-message';
import { isRefusalReason } from './inbox.types';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** The reason code of a refused send (422 `details.reason`), if the API gave one. */
export function refusalReasonOf(error: unknown): string | null {
  if (!(error instanceof ApiRequestError) || error.status !== 422) return null;
  const details = error.body?.details;
  const reason = typeof details === 'object' && details !== null && 'reason' in details ? details.reason : null;
  return typeof reason === 'string' ? reason : null;
}

/** Why a message was not sent, in the operator's language: the refusal explained, not its code. */
export function sendError(error: unknown, t: Translate): string {
  const reason = refusalReasonOf(error);
  if (isRefusalReason(reason)) return t(`inbox.refusals.${reason}`);
  if (error instanceof ApiRequestError && error.status === 422) return error.message;
  if (error instanceof ApiRequestError && error.status === 429) return t('inbox.refusals.chat-rate-limited');
  return actionError(error, t);
}

/** Any other action on a conversation or contact. */
export function actionError(error: unknown, t: Translate): string {
  if (error instanceof ApiRequestError && error.status === 403) return t('common.errors.forbidden');
  if (error instanceof ApiRequestError && error.status === 404) return t('inbox.errors.gone');
  if (error instanceof ApiRequestError && (error.status === 400 || error.status === 413) && error.status < 500) return error.status === 413 ? t('inbox.composer.tooLarge') : error.message;
  return describeError(error, t);
}
