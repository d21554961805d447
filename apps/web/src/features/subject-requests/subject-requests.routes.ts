import type { RouteRecordRaw } from 'vue-router';

export const subjectRequestsRoutes: RouteRecordRaw[] = [
  {
    path: 'subject-requests',
    name: 'subject-requests',
    component: () => import('./pages/SubjectRequestsPage.vue'),
    meta: { titleKey: 'subject-requests.queue.title', permission: 'subject-requests.read' },
  },
  {
    path: 'subject-requests/:requestId',
    name: 'subject-request',
    component: () => import('./pages/SubjectRequestPage.vue'),
    props: true,
    meta: { titleKey: 'subject-requests.request.title', permission: 'subject-requests.read', section: 'subject-requests' },
  },
  {
    path: 'destruction-acts',
    name: 'destruction-acts',
    component: () => import('./pages/DestructionActsPage.vue'),
    meta: { titleKey: 'subject-requests.acts.title', permission: 'subject-requests.read' },
  },
  {
    path: 'destruction-acts/:actId',
    name: 'destruction-act',
    component: () => import('./pages/DestructionActPage.vue'),
    props: true,
    meta: { titleKey: 'subject-requests.acts.title', permission: 'subject-requests.read', section: 'destruction-acts' },
  },
];

/** The link a business publishes for requests about personal data: no sign-in, outside the app's layout. */
export const publicSubjectRequestRoutes: RouteRecordRaw[] = [
  {
    path: '/requests/:tenantId',
    name: 'public-subject-request',
    component: () => import('./pages/PublicSubjectRequestPage.vue'),
    props: true,
    meta: { public: true },
  },
];
