import type { RouteRecordRaw } from 'vue-router';

export const auditRoutes: RouteRecordRaw[] = [
  { path: 'settings/audit', name: 'audit', component: () => import('./pages/AuditPage.vue'), meta: { titleKey: 'audit.title', permission: 'audit.read' } },
];
