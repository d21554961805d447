import { api, unwrap } from '@/shared/api/client';
import type { ClientPage, ClientQuery } from './contacts.types';

export const contactsApi = {
  /** The clients the caller sees, the latest activity first; `cursor` is the previous page's `nextCursor`. */
  list: (query: ClientQuery): Promise<ClientPage> => unwrap(api.GET('/api/v1/contacts', { params: { query } })),
  /** The whole base as a UTF-8 CSV file; needs `contacts.export`, and the download is journalled. */
  exportCsv: (): Promise<Blob> => unwrap(api.GET('/api/v1/contacts/export.csv', { parseAs: 'blob' })),
};
