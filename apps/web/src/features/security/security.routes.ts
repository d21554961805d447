import type { RouteRecordRaw } from 'vue-router';

/** Every signed-in user manages their own sign-in: no permission. */
export const securityRoutes: RouteRecordRaw[] = [
  { path: 'account/security', name: 'security', component: () => import('./pages/SecurityPage.vue'), meta: { titleKey: 'security.title' } },
];
