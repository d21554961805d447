import type { RouteRecordRaw } from 'vue-router';

export const teamRoutes: RouteRecordRaw[] = [
  { path: 'settings/team', name: 'team', component: () => import('./pages/TeamPage.vue'), meta: { titleKey: 'team.title', permission: 'members.read' } },
];
