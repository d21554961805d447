import { type Provider, type Type } from '@nestjs/common';
import { MessengerModuleGate, PolicyPublisher, SignupAgreements } from '@perepiska/platform';
import { AcceptancesController } from './http/acceptances.controller';
import { LegalDocumentsController } from './http/legal-documents.controller';
import { MessengerModuleController } from './http/messenger-module.controller';
import { PublicLegalController } from './http/public-legal.controller';
import { ConsentProcessors } from './jobs/messenger-module-suspension.processor';
import { AcceptancesRepository } from './persistence/acceptances.repository';
import { LegalDocumentsRepository } from './persistence/legal-documents.repository';
import { MessengerModuleStatesRepository } from './persistence/messenger-module-states.repository';
import { AcceptanceCertificateService } from './services/acceptance-certificate.service';
import { AcceptanceLedger } from './services/acceptance-ledger.service';
import { ClientPolicyPublisher } from './services/client-policy-publisher.service';
import { AcceptancesService } from './services/acceptances.service';
import { LegalDocumentsService } from './services/legal-documents.service';
import { ConsentMessengerModuleGate } from './services/messenger-module-gate.service';
import { MessengerModuleService } from './services/messenger-module.service';
import { ConsentSignupAgreements } from './services/signup-agreements.service';

/** Legal documents and versions, the acceptance ledger and its certificate, the messenger module's state (issue 6, engineer A's part). */
export const LEGAL_CONTROLLERS: Type[] = [LegalDocumentsController, AcceptancesController, MessengerModuleController, PublicLegalController];

export const LEGAL_PROVIDERS: Provider[] = [
  LegalDocumentsRepository,
  AcceptancesRepository,
  MessengerModuleStatesRepository,
  LegalDocumentsService,
  AcceptanceLedger,
  AcceptancesService,
  AcceptanceCertificateService,
  MessengerModuleService,
  { provide: MessengerModuleGate, useClass: ConsentMessengerModuleGate },
  { provide: SignupAgreements, useClass: ConsentSignupAgreements },
  { provide: PolicyPublisher, useClass: ClientPolicyPublisher },
  ConsentProcessors,
];

/** What other modules may consult: the platform port, and the service the operator's command uses. */
export const LEGAL_EXPORTS = [MessengerModuleGate, SignupAgreements, PolicyPublisher, LegalDocumentsService, MessengerModuleService];
