import { ref, shallowRef } from 'vue';

export interface PageRequest {
  /** Id of the last row of the previous page: the API answers rows older than it. */
  before?: string;
  limit: number;
}

/**
 * Pages through a newest-first list that the API pages by cursor (`before` = the last id seen).
 * One extra row is asked for to know whether an older page exists; the cursors of visited
 * pages are kept so "newer" goes back without the API supporting it. A reload started later
 * wins over an earlier one still in flight (quick filter changes).
 */
export function useCursorPages<Row extends { id: string }>(load: (page: PageRequest) => Promise<Row[]>, pageSize = 25) {
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
      const result = await load({ before: cursors[index], limit: pageSize + 1 });
      if (request !== latest) return;
      hasOlder.value = result.length > pageSize;
      rows.value = result.slice(0, pageSize);
      cursors = cursors.slice(0, index + 1);
      if (hasOlder.value) cursors.push(rows.value.at(-1)?.id);
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
