import { defineEvent } from './domain-events';

/**
 * The events modules publish to each other, named here so a subscriber needs no import from
 * the publisher (ARCHITECTURE.md rule 1).
 */

/**
 * A business account was closed by its owner. Subscribers end what must end at once (e.g.
 * messenger session strings are deleted, reference 000 §6.3); the retention engine destroys the
 * registration data at `purgeAfter`, when the platform register's period since the closing runs
 * out (null when the register sets none).
 */
export const TenantDeleted = defineEvent<{ tenantId: string; closedAt: string; purgeAfter: string | null }>('identity.TenantDeleted');
/**
 * A client wrote an opt-out keyword ("стоп") in a private chat (MSG-8) and messaging put them on
 * the suppression list in the same transaction. Consent records the advertising and distribution
 * withdrawals (38-FZ art. 18 part 1; 152-FZ art. 9 part 2) with source 'chat-keyword'.
 */
export const ContactOptedOut = defineEvent<{ tenantId: string; contactId: string; conversationId: string; connectionId: string; channel: string; keyword: string; at: string }>(
  'messaging.ContactOptedOut',
);
/**
 * An owner or admin turned the messenger module off (reference 001 §7: deactivation ends the
 * messenger-module agreement). Messaging disconnects every messenger of the business: their
 * credentials are deleted at once, the history stays.
 */
/**
 * A business turned the messenger module on (or back on after turning it off). The register adds
 * the activity "processing of clients' messages on the tenant's instruction" with the platform as
 * its processor (152-FZ art. 6 part 3; reference 001 §5.3).
 */
export const MessengerModuleActivated = defineEvent<{ tenantId: string; tenantName: string; acceptanceId: string; at: string }>('consent.MessengerModuleActivated');
export const MessengerModuleDeactivated = defineEvent<{ tenantId: string; acceptanceId: string | null; at: string }>('consent.MessengerModuleDeactivated');
