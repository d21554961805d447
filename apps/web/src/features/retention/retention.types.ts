export type RetentionRegister = 'tenant' | 'platform';
export type RetentionUnit = 'days' | 'months' | 'years';

/** One of the register's rules covering a target's data. */
export interface RetentionPlanRule {
  /** The register's activity (purpose) it belongs to. */
  activity: string;
  categories: string[];
  /** The period in the register's Russian wording. */
  period: string;
  amount: number;
  unit: RetentionUnit;
  /** The shortest of the rules: the one the data goes by. */
  applied: boolean;
}

/** The retention engine's plan for one module's data (GET /retention/plan). */
export interface RetentionPlanItem {
  target: string;
  description: string;
  /** Whose register governs the data: the business's (its run destroys it) or the platform's own. */
  register: RetentionRegister;
  /** What the period counts from: 'collection', 'account-deletion', … */
  trigger: string;
  categories: string[];
  method: 'destroy' | 'depersonalise';
  rules: RetentionPlanRule[];
  rule: { categories: string[]; period: { amount: number; unit: RetentionUnit }; trigger: string } | null;
  period: string | null;
  cutoff: string | null;
  count: number;
}

export interface RetentionRun {
  records: number;
  act: string | null;
  actId: string | null;
}

export type HoldScope = 'tenant' | 'contact' | 'conversation';

export interface LegalHold {
  id: string;
  scope: HoldScope;
  targetId: string | null;
  reason: string;
  createdBy: string | null;
  createdAt: string;
  releasedAt: string | null;
}
