import type { RouteRecordRaw } from 'vue-router';

/** The link a business sends its clients: no sign-in, outside the app's layout. */
export const publicConsentRoutes: RouteRecordRaw[] = [
  {
    path: '/consent/:tenantId',
    name: 'public-consent',
    component: () => import('./pages/PublicConsentPage.vue'),
    // `?link=` is the signed personal link a business sends one client.
    props: (route) => ({ tenantId: String(route.params.tenantId), link: typeof route.query.link === 'string' && route.query.link ? route.query.link : undefined }),
    meta: { public: true },
  },
];
