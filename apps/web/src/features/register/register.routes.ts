import type { RouteRecordRaw } from 'vue-router';

export const registerRoutes: RouteRecordRaw[] = [
  { path: 'register', name: 'register', component: () => import('./pages/RegisterPage.vue'), meta: { titleKey: 'register.list.title', permission: 'register.read' } },
  {
    path: 'register/activities/new',
    name: 'register-activity-new',
    component: () => import('./pages/ActivityEditorPage.vue'),
    meta: { titleKey: 'register.editor.newTitle', permission: 'register.read', section: 'register' },
  },
  {
    path: 'register/activities/:activityId',
    name: 'register-activity',
    component: () => import('./pages/ActivityEditorPage.vue'),
    props: true,
    meta: { titleKey: 'register.editor.title', permission: 'register.read', section: 'register' },
  },
  {
    path: 'register/activities/:activityId/history',
    name: 'register-activity-history',
    component: () => import('./pages/ActivityHistoryPage.vue'),
    props: true,
    meta: { titleKey: 'register.history.title', permission: 'register.read', section: 'register' },
  },
  { path: 'register/findings', name: 'register-findings', component: () => import('./pages/RegisterFindingsPage.vue'), meta: { titleKey: 'register.findings.title', permission: 'register.read' } },
  { path: 'register/policy', name: 'register-policy', component: () => import('./pages/PrivacyPolicyPage.vue'), meta: { titleKey: 'register.policy.title', permission: 'register.read' } },
];
