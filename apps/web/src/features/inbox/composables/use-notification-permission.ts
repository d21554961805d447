import { ref } from 'vue';

const DISMISSED_KEY = 'perepiska.notifications.dismissed';

const supported = () => typeof window !== 'undefined' && 'Notification' in window;

/** Whether a browser notification may be shown now: supported and allowed by the user. */
export function canNotify(): boolean {
  return supported() && Notification.permission === 'granted';
}

/**
 * The small in-app prompt that asks to allow notifications. The browser's own question is asked
 * only when the user presses "Включить" — never on page load, which browsers penalise and
 * users deny by reflex; "Не сейчас" is remembered on this device.
 */
export function useNotificationPermission() {
  const permission = ref<NotificationPermission | 'unsupported'>(supported() ? Notification.permission : 'unsupported');
  const dismissed = ref(window.localStorage.getItem(DISMISSED_KEY) === '1');

  async function enable(): Promise<void> {
    if (!supported()) return;
    permission.value = await Notification.requestPermission();
  }

  function dismiss(): void {
    dismissed.value = true;
    window.localStorage.setItem(DISMISSED_KEY, '1');
  }

  return { permission, dismissed, enable, dismiss };
}
