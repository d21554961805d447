/** What the composition root tells consent (read once, ARCHITECTURE.md rule 7). */
export interface ConsentOptions {
  /** How often the messenger-module suspension sweep runs. */
  suspensionSweepEveryMs: number;
  /** Where the SPA is served: the signed consent links a business sends its clients point there. */
  publicUrl: string;
}

export const DEFAULT_CONSENT_OPTIONS: ConsentOptions = { suspensionSweepEveryMs: 10 * 60 * 1000, publicUrl: 'http://localhost:3000' };

export const CONSENT_OPTIONS = Symbol('CONSENT_OPTIONS');
