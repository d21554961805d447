import { requestJson } from '@/shared/api/client';
import type { HoldScope, LegalHold, RetentionPlanItem, RetentionRun } from './retention.types';

const id = encodeURIComponent;

export const retentionApi = {
  /** A dry run: what each module would destroy now under the register's periods. */
  plan: (): Promise<RetentionPlanItem[]> => requestJson('GET', '/api/v1/retention/plan'),
  run: (): Promise<RetentionRun> => requestJson('POST', '/api/v1/retention/run', {}),
  holds: (): Promise<LegalHold[]> => requestJson('GET', '/api/v1/legal-holds'),
  hold: (body: { scope: HoldScope; targetId?: string; reason: string }): Promise<LegalHold> => requestJson('POST', '/api/v1/legal-holds', body),
  release: (holdId: string): Promise<LegalHold> => requestJson('POST', `/api/v1/legal-holds/${id(holdId)}/release`, {}),
};
