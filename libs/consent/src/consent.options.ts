/** What the composition root tells consent (read once, ARCHITECTURE.md rule 7). */
export interface ConsentOptions {
  /** How often the messenger-module suspension sweep runs. */
  suspensionSweepEveryMs: number;
}

export const DEFAULT_CONSENT_OPTIONS: ConsentOptions = { suspensionSweepEveryMs: 10 * 60 * 1000 };

export const CONSENT_OPTIONS = Symbol('CONSENT_OPTIONS');
