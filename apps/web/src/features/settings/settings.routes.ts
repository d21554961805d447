import type { RouteRecordRaw } from 'vue-router';

export const settingsRoutes: RouteRecordRaw[] = [
  {
    path: 'settings/organisation',
    name: 'organisation',
    component: () => import('./pages/OrganisationPage.vue'),
    meta: { titleKey: 'settings.organisation.title', permission: 'tenant.read' },
  },
];
