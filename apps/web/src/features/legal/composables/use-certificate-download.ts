import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { describeError } from '@/shared/api/error-message';
import { saveBlob } from '@/shared/browser/save-blob';
import { legalApi } from '../legal.api';
import type { Acceptance } from '../legal.types';

/**
 * An acceptance certificate (reference 001 §7.5: evidence of a simple electronic signature),
 * fetched as a PDF and saved as `acceptance-<seq>-<kind>-v<version>.pdf`. `downloading` holds
 * the acceptance being fetched, so only its button waits.
 */
export function useCertificateDownload() {
  const { t } = useI18n();
  const downloading = ref<string | null>(null);
  const error = ref<string | null>(null);

  async function download(acceptance: Pick<Acceptance, 'id' | 'seq' | 'kind' | 'version'>): Promise<void> {
    downloading.value = acceptance.id;
    error.value = null;
    try {
      saveBlob(await legalApi.certificate(acceptance.id), `acceptance-${acceptance.seq}-${acceptance.kind}-v${acceptance.version}.pdf`);
    } catch (caught) {
      error.value = describeError(caught, t);
    } finally {
      downloading.value = null;
    }
  }

  return { downloading, error, download };
}
