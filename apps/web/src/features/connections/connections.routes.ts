import type { RouteRecordRaw } from 'vue-router';

export const connectionsRoutes: RouteRecordRaw[] = [
  { path: 'connections', name: 'connections', component: () => import('./pages/ConnectionsPage.vue'), meta: { titleKey: 'connections.title', permission: 'connections.read' } },
  {
    path: 'connections/:connectionId',
    name: 'connection',
    component: () => import('./pages/ConnectionPage.vue'),
    props: true,
    meta: { titleKey: 'connections.detail.title', permission: 'connections.read', section: 'connections' },
  },
];
