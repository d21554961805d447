import { type MessengerModuleState } from '@perepiska/platform';

/**
 * The messenger module's life (reference 001 §7.1, §7.2; 004 §11):
 * off → active when an owner or admin accepts the current agreement with every warranty;
 * active → suspended when a newer material version takes effect and this business has not
 * accepted it; suspended → active when it does; any → off on deactivation.
 */
export type MessengerModuleEvent =
  | { type: 'accept-current' }
  | { type: 'material-version-in-force-unaccepted' }
  | { type: 'deactivate' };

export type MessengerModuleReason = 'not-activated' | 'agreement-accepted' | 'new-material-version-unaccepted' | 'deactivated';

export interface MessengerModuleTransition {
  state: MessengerModuleState;
  reason: MessengerModuleReason;
}

/** null: the event does not change the state (e.g. suspending a module that is off). */
export function nextMessengerModuleState(current: MessengerModuleState, event: MessengerModuleEvent): MessengerModuleTransition | null {
  switch (event.type) {
    case 'accept-current':
      return current === 'active' ? null : { state: 'active', reason: 'agreement-accepted' };
    case 'material-version-in-force-unaccepted':
      return current === 'active' ? { state: 'suspended', reason: 'new-material-version-unaccepted' } : null;
    case 'deactivate':
      return current === 'off' ? null : { state: 'off', reason: 'deactivated' };
  }
}

/**
 * Whether a business that accepted `acceptedVersion` must be suspended: some material version
 * newer than it is in force. Versions are those of the agreement, each with its number, whether
 * it is material and when it takes effect.
 */
export function unacceptedMaterialInForce(
  versions: ReadonlyArray<{ version: number; material: boolean; effectiveAt: Date }>,
  acceptedVersions: ReadonlySet<number>,
  now: Date,
): boolean {
  const latestAccepted = Math.max(0, ...acceptedVersions);
  return versions.some((v) => v.material && v.version > latestAccepted && v.effectiveAt.getTime() <= now.getTime());
}
