import type { HealthReport } from '@perepiska/api-client';
import { api, unwrap } from '@/shared/api/client';

export const systemApi = {
  /** 503 still carries the report, naming what is down. */
  health(): Promise<HealthReport> {
    return unwrap(api.GET('/api/v1/health'), [503]);
  },
};
