import { type EntityManager } from 'typeorm';

/** A platform document a new account accepts, in the version in force. */
export interface AgreementToAccept {
  kind: string;
  title: string;
  versionId: string;
  version: number;
  textSha256: string;
}

/** Who accepts: the person whose account is being created, in the business they join. */
export interface NewAccountSignatory {
  tenantId: string;
  userId: string;
  fullName: string;
  email: string;
  ip: string | null;
  userAgent: string | null;
}

/**
 * The documents a person accepts by creating an account (the user agreement, and the privacy
 * policy they acknowledge): consent provides it; identity asks for the versions to show and
 * records the acceptance inside the sign-up transaction, so no account exists without it.
 */
export abstract class SignupAgreements {
  abstract toAccept(): Promise<AgreementToAccept[]>;
  /**
   * Appends one ledger record per document; refuses (400 on `acceptedVersionIds`) unless the
   * ids are exactly the versions in force, so a stale page cannot accept a replaced text.
   */
  abstract record(manager: EntityManager, signatory: NewAccountSignatory, acceptedVersionIds: string[]): Promise<void>;
}
