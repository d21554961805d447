import type { RouteRecordRaw } from 'vue-router';

/** The link a business sends its clients: no sign-in, outside the app's layout. */
export const publicConsentRoutes: RouteRecordRaw[] = [
  { path: '/consent/:tenantId', name: 'public-consent', component: () => import('./pages/PublicConsentPage.vue'), props: true, meta: { public: true } },
];
