import { type DynamicModule, Global, Module } from '@nestjs/common';
import { CONSENT_OPTIONS, type ConsentOptions, DEFAULT_CONSENT_OPTIONS } from './consent.options';
import { ConsentPersonalColumns } from './persistence/personal-columns';
import { LEGAL_CONTROLLERS, LEGAL_EXPORTS, LEGAL_PROVIDERS } from './legal-documents.providers';
import { SUBJECT_CONSENT_CONTROLLERS, SUBJECT_CONSENT_PROVIDERS } from './subject-consents.providers';

/**
 * Legal documents and their versions, the acceptance ledger, data-subject and cookie consents, the suppression list (PRODUCT.md CON-1..5).
 * Imports only @perepiska/platform; apps/api wires it into the product.
 */
// Global: the platform's MessengerModuleGate is consulted by messaging, which must not import consent.
@Global()
@Module({
  controllers: [...LEGAL_CONTROLLERS, ...SUBJECT_CONSENT_CONTROLLERS],
  providers: [...LEGAL_PROVIDERS, ...SUBJECT_CONSENT_PROVIDERS, ConsentPersonalColumns],
  exports: [...LEGAL_EXPORTS],
})
export class ConsentModule {
  static forRoot(options: Partial<ConsentOptions> = {}): DynamicModule {
    return { module: ConsentModule, providers: [{ provide: CONSENT_OPTIONS, useValue: { ...DEFAULT_CONSENT_OPTIONS, ...options } }] };
  }
}
