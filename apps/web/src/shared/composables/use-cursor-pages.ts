import { ref, shallowRef } from 'vue';

export interface PageRequest {
  /** Id of the last row of the previous page: the API answers rows older than it. */
  before?: string;
  limit: number;
}

/** A page of a list the API pages with an opaque cursor (`nextCursor`, as ConversationPageDto). */
export interface CursorPage<Row> {
  items: Row[];
  nextCursor?: string | null;
}

export interface NextCursorRequest {
  /** The previous page's `nextCursor`; absent for the first page. */
  cursor?: string;
  limit: number;
}

/**
 * Newer / older pages of a list the API pages forward only: the cursor of each visited page is
 * kept so "newer" goes back without the API supporting it. A reload started later wins over an
 * earlier one still in flight (quick filter changes). `fetchPage` answers a page's rows and the
 * cursor of the page after it, if there is one.
 */
function usePages<Row>(fetchPage: (cursor: string | undefined) => Promise<{ rows: Row[]; next: string | undefined }>) {
  const rows = shallowRef<Row[]>([]);
  const page = ref(1);
  const hasOlder = ref(false);
  const loading = ref(false);
  const error = ref<unknown>(null);
  let cursors: Array<string | undefined> = [undefined];
  let latest = 0;

  async function show(index: number): Promise<void> {
    const request = ++latest;
    loading.value = true;
    error.value = null;
    try {
      const result = await fetchPage(cursors[index]);
      if (request !== latest) return;
      rows.value = result.rows;
      hasOlder.value = result.next !== undefined;
      cursors = cursors.slice(0, index + 1);
      if (result.next !== undefined) cursors.push(result.next);
      page.value = index + 1;
    } catch (caught) {
      if (request === latest) error.value = caught;
    } finally {
      if (request === latest) loading.value = false;
    }
  }

  return {
    rows,
    page,
    hasOlder,
    loading,
    error,
    /** From the newest page again, e.g. after the filters changed. */
    first: (): Promise<void> => {
      cursors = [undefined];
      return show(0);
    },
    reload: () => show(page.value - 1),
    older: () => (hasOlder.value ? show(page.value) : Promise.resolve()),
    newer: () => (page.value > 1 ? show(page.value - 2) : Promise.resolve()),
  };
}

/**
 * Pages through a newest-first list that the API pages by `before` = the last id seen. One
 * extra row is asked for to know whether an older page exists.
 */
export function useCursorPages<Row extends { id: string }>(load: (page: PageRequest) => Promise<Row[]>, pageSize = 25) {
  return usePages<Row>(async (before) => {
    const result = await load({ before, limit: pageSize + 1 });
    const rows = result.slice(0, pageSize);
    return { rows, next: result.length > pageSize ? rows.at(-1)?.id : undefined };
  });
}

/** Pages through a list the API pages by an opaque `nextCursor` (the inbox's, the client base's). */
export function useNextCursorPages<Row>(load: (page: NextCursorRequest) => Promise<CursorPage<Row>>, pageSize = 25) {
  return usePages<Row>(async (cursor) => {
    const result = await load({ ...(cursor ? { cursor } : {}), limit: pageSize });
    return { rows: result.items, next: result.nextCursor ?? undefined };
  });
}
