import type { Schemas, operations } from '@perepiska/api-client';
import { startOfLocalDay, startOfNextLocalDay } from '@/shared/format/date';

export type AccessEntry = Schemas['AccessJournalEntryDto'];
export type AccessJournalQuery = NonNullable<operations['AccessJournalController_list']['parameters']['query']>;
export type AccessActor = Pick<Schemas['MemberDto'], 'userId' | 'fullName'>;

/**
 * What the product records reads of (PRODUCT.md DSR-6): the API offers no list, so the filter
 * offers these; an entry of another kind still shows, under its raw name.
 */
export const KNOWN_RESOURCE_TYPES = ['employees', 'contacts', 'contact', 'conversation', 'register-export', 'audit-log', 'access-journal'] as const;

/** What the filter bar holds: '' for "any", days as `YYYY-MM-DD` in the user's time zone. */
export type AccessJournalFilters = {
  actor: string;
  resourceType: string;
  resourceId: string;
  from: string;
  to: string;
};

export const NO_FILTERS: AccessJournalFilters = { actor: '', resourceType: '', resourceId: '', from: '', to: '' };

/** The API's query: `to` is exclusive, so "to 5 May" asks for entries before 6 May 00:00. */
export function accessJournalQuery(filters: AccessJournalFilters): Omit<AccessJournalQuery, 'before' | 'limit'> {
  return {
    ...(filters.actor ? { actorUserId: filters.actor } : {}),
    ...(filters.resourceType ? { resourceType: filters.resourceType } : {}),
    ...(filters.resourceId ? { resourceId: filters.resourceId } : {}),
    ...(filters.from ? { from: startOfLocalDay(filters.from) } : {}),
    ...(filters.to ? { to: startOfNextLocalDay(filters.to) } : {}),
  };
}
