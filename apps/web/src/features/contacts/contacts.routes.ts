import type { RouteRecordRaw } from 'vue-router';

export const contactsRoutes: RouteRecordRaw[] = [
  {
    path: 'clients',
    name: 'contacts',
    component: () => import('./pages/ContactsPage.vue'),
    meta: { titleKey: 'contacts.title', permission: 'contacts.read' },
  },
];
