import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { legalApi } from './legal.api';
import type { LegalNotice } from './legal.types';

const DISMISSED_KEY = 'perepiska.legal-notices.dismissed';

function readDismissed(): string[] {
  try {
    const saved: unknown = JSON.parse(sessionStorage.getItem(DISMISSED_KEY) ?? '[]');
    return Array.isArray(saved) ? saved.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Upcoming versions the signed-in user has not accepted (reference 004 §11: shown from
 * publication until accepted or in effect). A dismissal hides a version for the browser
 * session; accepting it removes it for good.
 */
export const useLegalNoticesStore = defineStore('legal-notices', () => {
  const notices = ref<LegalNotice[]>([]);
  const dismissed = ref<string[]>(readDismissed());

  const visible = computed(() => notices.value.filter((n) => !n.acceptedByMe && !dismissed.value.includes(n.version.id)));

  async function load(): Promise<void> {
    // A hint above the page: if the list cannot be read, the documents page says why.
    notices.value = await legalApi.notices().catch(() => []);
  }

  function dismiss(versionId: string): void {
    dismissed.value = [...new Set([...dismissed.value, versionId])];
    try {
      sessionStorage.setItem(DISMISSED_KEY, JSON.stringify(dismissed.value));
    } catch {
      // No storage (private mode): the dismissal lasts until the page reloads.
    }
  }

  function accepted(versionId: string): void {
    notices.value = notices.value.map((n) => (n.version.id === versionId ? { ...n, acceptedByMe: true } : n));
  }

  function clear(): void {
    notices.value = [];
  }

  return { notices, visible, load, dismiss, accepted, clear };
});

export type LegalNoticesStore = ReturnType<typeof useLegalNoticesStore>;
