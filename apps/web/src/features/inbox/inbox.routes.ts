import type { RouteRecordRaw } from 'vue-router';

export const inboxRoutes: RouteRecordRaw[] = [
  {
    path: 'inbox',
    name: 'inbox',
    component: () => import('./pages/InboxPage.vue'),
    meta: { titleKey: 'inbox.title', permission: 'conversations.read', fullBleed: true },
    children: [
      {
        path: ':conversationId',
        name: 'conversation',
        component: () => import('./pages/ConversationPage.vue'),
        props: true,
        meta: { titleKey: 'inbox.title', permission: 'conversations.read', fullBleed: true },
      },
    ],
  },
];
