import type { RouteRecordRaw } from 'vue-router';

export const accessJournalRoutes: RouteRecordRaw[] = [
  {
    path: 'settings/access-journal',
    name: 'access-journal',
    component: () => import('./pages/AccessJournalPage.vue'),
    meta: { titleKey: 'access-journal.title', permission: 'access-journal.read' },
  },
];
