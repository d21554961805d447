import type { RouteRecordRaw } from 'vue-router';

export const legalRoutes: RouteRecordRaw[] = [
  { path: 'legal/documents', name: 'legal-documents', component: () => import('./pages/LegalDocumentsPage.vue'), meta: { titleKey: 'legal.documents.title', permission: 'consent.read' } },
  {
    path: 'legal/documents/:documentId',
    name: 'legal-document',
    component: () => import('./pages/LegalDocumentPage.vue'),
    props: true,
    meta: { titleKey: 'legal.document.title', permission: 'consent.read', section: 'legal-documents' },
  },
  // Where the new-version notice leads: open to every signed-in user (each accepts for themselves).
  {
    path: 'legal/versions/:versionId',
    name: 'legal-version',
    component: () => import('./pages/LegalVersionPage.vue'),
    props: true,
    meta: { titleKey: 'legal.version.title', section: 'legal-documents' },
  },
  { path: 'legal/acceptances', name: 'legal-ledger', component: () => import('./pages/AcceptanceLedgerPage.vue'), meta: { titleKey: 'legal.ledger.title', permission: 'acceptances.read' } },
];
