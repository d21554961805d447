import { api, unwrap } from '@/shared/api/client';
import type { AuditActor, AuditEvent, AuditQuery } from './audit.types';

export const auditApi = {
  /** Newest first; `before` is the id of the last event of the previous page. */
  list: (query: AuditQuery): Promise<AuditEvent[]> => unwrap(api.GET('/api/v1/audit-events', { params: { query } })),
  /** Every event matching the filters (the API ignores paging here), as a UTF-8 CSV file. */
  exportCsv: (query: AuditQuery): Promise<Blob> => unwrap(api.GET('/api/v1/audit-events/export.csv', { params: { query }, parseAs: 'blob' })),
  /** The employees, to filter by who acted; needs `members.read`. */
  actors: async (): Promise<AuditActor[]> => (await unwrap(api.GET('/api/v1/members'))).map(({ userId, fullName }) => ({ userId, fullName })),
};
