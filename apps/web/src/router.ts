import { type Router, createRouter, createWebHistory } from 'vue-router';
import { accessJournalRoutes } from '@/features/access-journal/access-journal.routes';
import { apiTokensRoutes } from '@/features/api-tokens/api-tokens.routes';
import { auditRoutes } from '@/features/audit/audit.routes';
import { connectionsRoutes } from '@/features/connections/connections.routes';
import { contactsRoutes } from '@/features/contacts/contacts.routes';
import type { AuthStore } from '@/features/auth/auth.store';
import { inboxRoutes } from '@/features/inbox/inbox.routes';
import { publicConsentRoutes } from '@/features/consents/consents.routes';
import { legalRoutes } from '@/features/legal/legal.routes';
import { messengerModuleRoutes } from '@/features/messenger-module/messenger-module.routes';
import { registerRoutes } from '@/features/register/register.routes';
import { retentionRoutes } from '@/features/retention/retention.routes';
import { rolesRoutes } from '@/features/roles/roles.routes';
import { securityRoutes } from '@/features/security/security.routes';
import { settingsRoutes } from '@/features/settings/settings.routes';
import { publicSubjectRequestRoutes, subjectRequestsRoutes } from '@/features/subject-requests/subject-requests.routes';
import { teamRoutes } from '@/features/team/team.routes';
import type { Permission } from '@/shared/access/permission';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean;
    titleKey?: string;
    /** Needed in the current business; without it the user is sent to the overview. */
    permission?: Permission;
    /** The page fills the window below the top bar and scrolls its own panes (the inbox). */
    fullBleed?: boolean;
    /** The sidebar item to highlight when the page is not itself in the sidebar (a detail page). */
    section?: string;
  }
}

export function createAppRouter(auth: AuthStore): Router {
  const router = createRouter({
    history: createWebHistory(),
    routes: [
      { path: '/login', name: 'login', component: () => import('@/features/auth/pages/LoginPage.vue'), meta: { public: true } },
      { path: '/signup', name: 'signup', component: () => import('@/features/auth/pages/SignupPage.vue'), meta: { public: true } },
      // The links of invitation and reset e-mails: the secret is in the fragment (`#<token>`).
      // Shown to a signed-in user too: the link may be for another account, or for this one.
      { path: '/invitation', name: 'invitation', component: () => import('@/features/auth/pages/AcceptInvitationPage.vue'), meta: { public: true } },
      { path: '/forgot-password', name: 'forgot-password', component: () => import('@/features/auth/pages/ForgotPasswordPage.vue'), meta: { public: true } },
      { path: '/reset-password', name: 'reset-password', component: () => import('@/features/auth/pages/ResetPasswordPage.vue'), meta: { public: true } },
      // The consent form a business sends its clients: no sign-in, not the app's layout.
      ...publicConsentRoutes,
      // The request form a business publishes for requests about personal data: the same.
      ...publicSubjectRequestRoutes,
      // The platform's documents, which a person reads before having an account.
      { path: '/documents/:versionId', name: 'public-document', component: () => import('@/features/legal/pages/PublicDocumentPage.vue'), props: true, meta: { public: true } },
      // The version in force of one: what the cookie banner links to.
      { path: '/policies/:kind', name: 'public-policy', component: () => import('@/features/legal/pages/PublicDocumentPage.vue'), props: true, meta: { public: true } },
      {
        path: '/',
        component: () => import('@/shared/layout/AppLayout.vue'),
        children: [
          { path: '', name: 'overview', component: () => import('@/features/system/pages/OverviewPage.vue'), meta: { titleKey: 'system.overview.title' } },
          ...inboxRoutes,
          ...contactsRoutes,
          ...connectionsRoutes,
          ...messengerModuleRoutes,
          ...legalRoutes,
          ...registerRoutes,
          ...subjectRequestsRoutes,
          ...retentionRoutes,
          ...teamRoutes,
          ...rolesRoutes,
          ...settingsRoutes,
          ...apiTokensRoutes,
          ...auditRoutes,
          ...accessJournalRoutes,
          ...securityRoutes,
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
    if (!to.meta.public && !auth.isAuthenticated) return { name: 'login', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
    // A business that requires two-factor lets a user without it only set it up or sign out
    // (the API refuses everything else), so that is where they go. Public pages (an invitation
    // or a reset link opened in the same browser) stay reachable.
    if (!to.meta.public && auth.me?.twoFactorSetupRequired && to.name !== 'security') return { name: 'security' };
    // The API refuses the calls anyway; this spares the user a screen of errors.
    if (to.meta.permission && !auth.can(to.meta.permission)) return { name: 'overview' };
    return true;
  });

  return router;
}
