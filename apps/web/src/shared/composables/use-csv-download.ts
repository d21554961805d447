import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { describeError } from '@/shared/api/error-message';
import { saveBlob } from '@/shared/browser/save-blob';
import { toDateInput } from '@/shared/format/date';

/**
 * A journal's "Download CSV" button: fetches the export with the current filters and saves it
 * as `<name>-<today>.csv`; `exporting` disables the button, `error` says what went wrong.
 */
export function useCsvDownload(name: string, fetchCsv: () => Promise<Blob>) {
  const { t } = useI18n();
  const exporting = ref(false);
  const error = ref<string | null>(null);

  async function download(): Promise<void> {
    exporting.value = true;
    error.value = null;
    try {
      saveBlob(await fetchCsv(), `${name}-${toDateInput(new Date())}.csv`);
    } catch (caught) {
      error.value = describeError(caught, t);
    } finally {
      exporting.value = false;
    }
  }

  return { exporting, error, download };
}
