import { computed, onBeforeUnmount, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRouter } from 'vue-router';
import { useAuthStore } from '@/features/auth/auth.store';
import { useInboxStore } from '../inbox.store';
import { useRealtimeStore } from '../realtime.store';
import { canNotify } from './use-notification-permission';

/**
 * The inbox's part of a signed-in session, started by the app's layout: the realtime socket
 * (only for users who may read conversations — the server refuses others), the unread badge,
 * and a browser notification of a new client message while the tab is hidden.
 */
export function useInboxSession() {
  const auth = useAuthStore();
  const realtime = useRealtimeStore();
  const inbox = useInboxStore();
  const router = useRouter();
  const { t } = useI18n();

  const enabled = computed(() => !!auth.me && !auth.me.twoFactorSetupRequired && auth.can('conversations.read'));

  // Another business is another set of rooms: a tenant switch opens a new socket.
  watch(
    [enabled, () => auth.me?.tenant.id],
    ([on]) => {
      realtime.stop();
      if (!on) return;
      realtime.start();
      void inbox.refreshSummary();
    },
    { immediate: true },
  );

  const off = realtime.on('message.created', ({ message }) => {
    if (message.direction !== 'in' || !document.hidden || !canNotify()) return;
    const conversation = inbox.conversations.find((c) => c.id === message.conversationId);
    const body = message.text ?? (message.attachments[0] ? t('inbox.notifications.attachment', { name: message.attachments[0].fileName }) : '');
    const notification = new Notification(conversation?.contactName ?? t('inbox.notifications.title'), { body, tag: message.conversationId });
    notification.onclick = () => {
      window.focus();
      notification.close();
      void router.push({ name: 'conversation', params: { conversationId: message.conversationId } });
    };
  });

  onBeforeUnmount(() => {
    off();
    realtime.stop();
  });

  return { unread: computed(() => inbox.unread) };
}
