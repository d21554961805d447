import type { HealthReport } from '@perepiska/api-client';
import { onBeforeUnmount, onMounted, ref } from 'vue';
import { systemApi } from '../system.api';

const REFRESH_MS = 30_000;

/** The API's health, refreshed while the component using it is mounted. */
export function useSystemStatus() {
  const report = ref<HealthReport | null>(null);
  const reachable = ref(true);
  let timer: ReturnType<typeof setInterval> | undefined;

  async function refresh(): Promise<void> {
    try {
      report.value = await systemApi.health();
      reachable.value = true;
    } catch {
      reachable.value = false;
    }
  }

  onMounted(() => {
    void refresh();
    timer = setInterval(() => void refresh(), REFRESH_MS);
  });
  onBeforeUnmount(() => clearInterval(timer));

  return { report, reachable, refresh };
}
