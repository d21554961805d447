/** The retention engine's plan for one module's data (GET /retention/plan). */
export interface RetentionPlanItem {
  target: string;
  categories: string[];
  period: string;
  cutoff: string;
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
