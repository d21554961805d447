import type { Acceptance, LegalVersion } from '@/features/legal/legal.types';

/*
 * The messenger module's activation (issue 6; reference 001 §3.1).
 * Declared by hand from the API contract (notes/consent-design.md) until the OpenAPI document
 * has the consent routes; then each becomes `Schemas['…Dto']` and nothing else in the SPA changes.
 */

/** off → active on accepting the current agreement; active → suspended when a newer material version takes effect unaccepted. */
export type ModuleState = 'off' | 'active' | 'suspended';

/** One of the five warranties of reference 001 §3.1, ticked one by one. */
export interface Warranty {
  id: string;
  text: string;
}

export interface MessengerModule {
  state: ModuleState;
  /** Why it is in that state: 'not-activated' | 'agreement-accepted' | 'new-material-version-unaccepted' | 'deactivated'. */
  reason: string;
  /** The agreement version in force (the one to accept while suspended), with its text; null before the platform published one. */
  currentAgreement: LegalVersion | null;
  warranties: Warranty[];
  acceptance: Acceptance | null;
}

export interface Activation {
  versionId: string;
  /** Every warranty id: a missing one is answered 400 naming it. */
  warranties: string[];
}

export interface ActivationResult {
  state: ModuleState;
  acceptance: Acceptance;
}

/** Who may turn the module on and off (owner, admin): not in the generated permission type yet. */
export const MODULE_MANAGE_PERMISSION = 'messenger-module.manage';
