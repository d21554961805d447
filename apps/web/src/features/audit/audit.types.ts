import type { Schemas, operations } from '@perepiska/api-client';
import { startOfLocalDay, startOfNextLocalDay } from '@/shared/format/date';

export type AuditEvent = Schemas['AuditEventDto'];
export type AuditQuery = NonNullable<operations['AuditController_list']['parameters']['query']>;
export type AuditActor = Pick<Schemas['MemberDto'], 'userId' | 'fullName'>;
/** The API's enum of recorded events. */
export type AuditAction = AuditEvent['action'];

/**
 * The events the filter offers, grouped by area, in the API's enum (IAM-3). A failed sign-in
 * belongs to no business yet, so it never appears in a business's log.
 */
export const KNOWN_AUDIT_ACTIONS = [
  'auth.signed-up',
  'auth.login-succeeded',
  'auth.logged-out',
  'auth.logged-out-everywhere',
  'auth.tenant-switched',
  'auth.refresh-reused',
  'auth.two-factor-enabled',
  'auth.two-factor-disabled',
  'auth.password-reset-requested',
  'auth.password-reset',
  'tenant.created',
  'tenant.updated',
  'tenant.deleted',
  'tenant.purged',
  'member.role-changed',
  'member.deactivated',
  'member.reactivated',
  'member.removed',
  'member.blocked',
  'member.unblocked',
  'member.rectified',
  'member.erased',
  'invitation.created',
  'invitation.revoked',
  'invitation.accepted',
  'role.created',
  'role.updated',
  'role.deleted',
  'api-token.created',
  'api-token.revoked',
  'contacts.exported',
] as const satisfies readonly AuditAction[];

export function isAuditAction(value: string): value is AuditAction {
  return (KNOWN_AUDIT_ACTIONS as readonly string[]).includes(value);
}

/** What the filter bar holds: '' for "any", days as `YYYY-MM-DD` in the user's time zone. */
export type AuditFilters = {
  action: string;
  actor: string;
  from: string;
  to: string;
};

export const NO_FILTERS: AuditFilters = { action: '', actor: '', from: '', to: '' };

/** The API's query: `to` is exclusive, so "to 5 May" asks for events before 6 May 00:00. */
export function auditQuery(filters: AuditFilters): Omit<AuditQuery, 'before' | 'limit'> {
  return {
    // The address may carry anything: only a known action is sent (the API refuses others).
    ...(isAuditAction(filters.action) ? { action: filters.action } : {}),
    ...(filters.actor ? { actorUserId: filters.actor } : {}),
    ...(filters.from ? { from: startOfLocalDay(filters.from) } : {}),
    ...(filters.to ? { to: startOfNextLocalDay(filters.to) } : {}),
  };
}
