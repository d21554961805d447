import { api, unwrap } from '@/shared/api/client';
import type { AccessActor, AccessEntry, AccessJournalQuery } from './access-journal.types';

export const accessJournalApi = {
  /** Newest first; `before` is the id of the last entry of the previous page. */
  list: (query: AccessJournalQuery): Promise<AccessEntry[]> => unwrap(api.GET('/api/v1/access-journal', { params: { query } })),
  /** Every entry matching the filters, as a UTF-8 CSV file; the download is journalled too. */
  exportCsv: (query: AccessJournalQuery): Promise<Blob> => unwrap(api.GET('/api/v1/access-journal/export.csv', { params: { query }, parseAs: 'blob' })),
  /** The employees, to filter by who read; needs `members.read`. */
  actors: async (): Promise<AccessActor[]> => (await unwrap(api.GET('/api/v1/members'))).map(({ userId, fullName }) => ({ userId, fullName })),
};
