import type { RouteRecordRaw } from 'vue-router';

export const messengerModuleRoutes: RouteRecordRaw[] = [
  {
    path: 'messenger-module',
    name: 'messenger-module',
    component: () => import('./pages/MessengerModulePage.vue'),
    meta: { titleKey: 'messenger-module.title', permission: 'consent.read' },
  },
];
