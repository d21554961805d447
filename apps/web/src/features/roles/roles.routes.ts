import type { RouteRecordRaw } from 'vue-router';

/** Whoever sees the team sees what its roles allow; changing them takes `roles.manage`. */
export const rolesRoutes: RouteRecordRaw[] = [
  { path: 'settings/roles', name: 'roles', component: () => import('./pages/RolesPage.vue'), meta: { titleKey: 'roles.title', permission: 'members.read' } },
];
