import { SetMetadata } from '@nestjs/common';
import { type Principal } from './principal';

/**
 * The access journal (PRODUCT.md DSR-6, IAM-3): every read of personal data — opening a
 * conversation or a contact, downloading an export — who, what, when. Identity keeps it;
 * modules write to it through this port.
 */
export interface AccessRecord {
  /** What kind of record was read, e.g. "contact", "conversation", "register-export". */
  resourceType: string;
  /** Its id; "*" for a list. */
  resourceId: string;
  /** "read", "list", "export", "download". */
  action: string;
}

export abstract class AccessJournal {
  abstract record(principal: Principal, entry: AccessRecord): Promise<void>;
}

export const RECORDS_ACCESS = 'perepiska:records-access';

export interface RecordsAccessOptions {
  /** The route parameter holding the record's id; absent for lists and exports. */
  idParam?: string;
  action?: string;
}

export interface RecordsAccessMetadata {
  resourceType: string;
  idParam?: string;
  action: string;
}

/**
 * Declares that a route reads personal data: each successful call is written to the access
 * journal. `@RecordsAccess('contact', { idParam: 'id' })`.
 */
export const RecordsAccess = (resourceType: string, options: RecordsAccessOptions = {}) =>
  SetMetadata(RECORDS_ACCESS, { resourceType, idParam: options.idParam, action: options.action ?? (options.idParam ? 'read' : 'list') } satisfies RecordsAccessMetadata);
