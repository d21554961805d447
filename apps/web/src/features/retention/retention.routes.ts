import type { RouteRecordRaw } from 'vue-router';

export const retentionRoutes: RouteRecordRaw[] = [
  { path: 'retention', name: 'retention', component: () => import('./pages/RetentionPage.vue'), meta: { titleKey: 'retention.title', permission: 'register.read' } },
];
