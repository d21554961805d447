import type { RouteRecordRaw } from 'vue-router';

export const apiTokensRoutes: RouteRecordRaw[] = [
  {
    path: 'settings/api-tokens',
    name: 'api-tokens',
    component: () => import('./pages/ApiTokensPage.vue'),
    meta: { titleKey: 'api-tokens.title', permission: 'api-tokens.manage' },
  },
];
