export * from './consent.module';
export { LegalDocumentsService } from './services/legal-documents.service';
export { MessengerModuleService } from './services/messenger-module.service';
export { PLATFORM_DOCUMENT_KINDS, isPlatformDocumentKind, type PlatformDocumentKind } from './domain/document-kinds';
