import { type Provider, type Type } from '@nestjs/common';
import { CookieConsentController } from './http/cookie-consent.controller';
import { PublicConsentController } from './http/public-consent.controller';
import { SubjectConsentsController } from './http/subject-consents.controller';
import { AcceptanceSignatoriesRepository } from './persistence/acceptance-signatories.repository';
import { ConsentDirectoryRepository } from './persistence/consent-directory.repository';
import { ConsentTextsRepository } from './persistence/consent-texts.repository';
import { CookieConsentsRepository } from './persistence/cookie-consents.repository';
import { SubjectConsentsRepository } from './persistence/subject-consents.repository';
import { AdvertisingConsentCheck } from './services/advertising-consent.check';
import { ConsentLinkSigner } from './services/consent-link.signer';
import { ConsentDataSource } from './services/consent-data.source';
import { CookieConsentsService } from './services/cookie-consents.service';
import { KeywordWithdrawalSubscriber } from './services/keyword-withdrawal.subscriber';
import { PublicConsentService } from './services/public-consent.service';
import { SubjectConsentsService } from './services/subject-consents.service';

/**
 * Data-subject consents, the public consent page, cookie choices, the advertising check, the
 * keyword withdrawal and the personal-data source of consents and acceptances; ConsentModule
 * mounts them beside the documents and the acceptance ledger.
 */
export const SUBJECT_CONSENT_CONTROLLERS: Type[] = [SubjectConsentsController, PublicConsentController, CookieConsentController];

export const SUBJECT_CONSENT_PROVIDERS: Provider[] = [
  SubjectConsentsRepository,
  ConsentTextsRepository,
  ConsentDirectoryRepository,
  CookieConsentsRepository,
  AcceptanceSignatoriesRepository,
  SubjectConsentsService,
  PublicConsentService,
  ConsentLinkSigner,
  CookieConsentsService,
  AdvertisingConsentCheck,
  KeywordWithdrawalSubscriber,
  ConsentDataSource,
];
