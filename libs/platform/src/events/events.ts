import { defineEvent } from './domain-events';

/**
 * The events modules publish to each other, named here so a subscriber needs no import from
 * the publisher (ARCHITECTURE.md rule 1).
 */

/**
 * A business account was closed by its owner. Subscribers end what must end at once (e.g.
 * messenger session strings are deleted, reference 000 §6.3); identity purges the
 * registration data within 7 days.
 */
export const TenantDeleted = defineEvent<{ tenantId: string; closedAt: string; purgeAfter: string }>('identity.TenantDeleted');
