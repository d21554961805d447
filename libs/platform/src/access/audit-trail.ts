import { type Principal } from './principal';

/**
 * Events other modules write to the security audit log (IAM-3), which identity keeps. Named
 * `area.event` like identity's own; each is listed here so the log's filter knows it.
 */
export const MODULE_AUDIT_ACTIONS = [
  // A bulk disclosure of clients' personal data: who downloaded the client base, and how many rows.
  'contacts.exported',
] as const;

export type ModuleAuditAction = (typeof MODULE_AUDIT_ACTIONS)[number];

export interface ModuleAuditEntry {
  action: ModuleAuditAction;
  target?: { type: string; id: string };
  /** Counts and names of things, never the personal data itself. */
  details?: Record<string, unknown>;
}

/** The audit log's port: an event attributed to the caller in the caller's business. */
export abstract class AuditTrail {
  abstract record(principal: Principal, entry: ModuleAuditEntry): Promise<void>;
}
