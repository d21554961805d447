import { ApiRequestError } from '@/shared/api/client';
import { describeError } from '@/shared/api/error-message';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/**
 * The API's refusals (422) of an action on an employee, in the user's language. The API
 * answers them in English prose without a code, so they are recognised by their wording;
 * one not recognised is shown as the API worded it.
 */
const REFUSALS: Array<[RegExp, string]> = [
  [/yourself/i, 'team.refusals.self'],
  [/holds permissions you do not/i, 'team.refusals.beyondOwn'],
  [/at least one active owner/i, 'team.refusals.lastOwner'],
  [/already an employee/i, 'team.refusals.alreadyEmployee'],
  [/has been accepted/i, 'team.refusals.invitationAccepted'],
];

export function teamActionError(error: unknown, t: Translate): string {
  if (error instanceof ApiRequestError && (error.status === 422 || error.status === 409)) {
    const known = REFUSALS.find(([pattern]) => pattern.test(error.message));
    return known ? t(known[1]) : error.message;
  }
  if (error instanceof ApiRequestError && error.status === 400 && error.fieldErrors.role) return t('team.refusals.roleBeyondOwn');
  if (error instanceof ApiRequestError && error.status === 403) return t('common.errors.forbidden');
  if (error instanceof ApiRequestError && error.status === 404) return t('team.refusals.gone');
  return describeError(error, t);
}
