import { type Router, createRouter, createWebHistory } from 'vue-router';
import type { AuthStore } from '@/features/auth/auth.store';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean;
    titleKey?: string;
  }
}

export function createAppRouter(auth: AuthStore): Router {
  const router = createRouter({
    history: createWebHistory(),
    routes: [
      { path: '/login', name: 'login', component: () => import('@/features/auth/pages/LoginPage.vue'), meta: { public: true } },
      { path: '/signup', name: 'signup', component: () => import('@/features/auth/pages/SignupPage.vue'), meta: { public: true } },
      {
        path: '/',
        component: () => import('@/shared/layout/AppLayout.vue'),
        children: [
          { path: '', name: 'overview', component: () => import('@/features/system/pages/OverviewPage.vue'), meta: { titleKey: 'system.overview.title' } },
        ],
      },
      // Unknown paths ask an anonymous visitor to sign in first: a bookmark may be to a page
      // that exists for signed-in users only.
      { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/shared/layout/NotFoundPage.vue') },
    ],
  });

  router.beforeEach(async (to) => {
    await auth.restore();
    if (auth.isAuthenticated && (to.name === 'login' || to.name === 'signup')) return { name: 'overview' };
    if (to.meta.public || auth.isAuthenticated) return true;
    return { name: 'login', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
  });

  return router;
}
