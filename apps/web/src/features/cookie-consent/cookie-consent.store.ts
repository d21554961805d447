import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { cookieConsentApi } from './cookie-consent.api';
import type { CookieCategory, CookieChoice, StoredCookieChoice } from './cookie-consent.types';

export const VISITOR_KEY = 'perepiska.visitor-id';
export const CHOICE_KEY = 'perepiska.cookie-consent';

function read<T>(key: string, parse: (value: unknown) => T | null): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw === null ? null : parse(JSON.parse(raw));
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // No storage (private mode): the choice lasts until the page reloads.
  }
}

const asChoice = (value: unknown): StoredCookieChoice | null => {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  return typeof v.analytics === 'boolean' && typeof v.functional === 'boolean'
    ? { analytics: v.analytics, functional: v.functional, decidedAt: typeof v.decidedAt === 'string' ? v.decidedAt : '', recorded: v.recorded === true }
    : null;
};

/**
 * The visitor's cookie choice, asked once per browser. The visitor is a random id kept in
 * localStorage (no account needed: public pages ask too); the choice is kept beside it and
 * sent to the API, which records it as proof. A choice the API has not recorded yet (it was
 * unreachable) is sent again on the next visit.
 */
export const useCookieConsentStore = defineStore('cookie-consent', () => {
  const choice = ref<StoredCookieChoice | null>(read(CHOICE_KEY, asChoice));
  const asked = computed(() => choice.value === null);

  function visitorId(): string {
    const saved = read(VISITOR_KEY, (v) => (typeof v === 'string' && v.length >= 16 ? v : null));
    if (saved) return saved;
    // randomUUID exists only in secure contexts; 16 random bytes in hex serve as well elsewhere.
    const created =
      typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
    write(VISITOR_KEY, created);
    return created;
  }

  async function send(stored: StoredCookieChoice): Promise<void> {
    try {
      await cookieConsentApi.record({ visitorId: visitorId(), analytics: stored.analytics, functional: stored.functional });
      choice.value = { ...stored, recorded: true };
      write(CHOICE_KEY, choice.value);
    } catch {
      // Kept as not recorded: sent again on the next visit; the visitor is not asked again.
    }
  }

  async function decide(next: CookieChoice): Promise<void> {
    choice.value = { analytics: next.analytics, functional: next.functional, decidedAt: new Date().toISOString(), recorded: false };
    write(CHOICE_KEY, choice.value);
    await send(choice.value);
  }

  /** On start: a choice made while the API was unreachable is sent now. */
  function resume(): Promise<void> {
    return choice.value && !choice.value.recorded ? send(choice.value) : Promise.resolve();
  }

  /** Strictly necessary cookies are always allowed; the others only after an opt-in. */
  function allows(category: CookieCategory): boolean {
    return category === 'necessary' || choice.value?.[category] === true;
  }

  return { choice, asked, decide, resume, allows };
});
