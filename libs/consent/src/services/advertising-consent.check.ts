import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type OutboundCheck, type OutboundCheckInput, OutboundCheckRegistry, type OutboundPurpose, type OutboundVeto } from '@perepiska/platform';
import { SubjectConsentsService } from './subject-consents.service';

/** The outbound guard's own reason for advertising without consent: integrators and the SPA already know it. */
export const ADVERTISING_CONSENT_MISSING = 'consent-required';

/**
 * 38-FZ art. 18 part 1: advertising by electronic messages only with the recipient's prior
 * consent, and none once they withdraw it. Messaging asks this before every message marked
 * advertising; the client's latest advertising record must be a consent.
 */
@Injectable()
export class AdvertisingConsentCheck implements OutboundCheck, OnModuleInit {
  readonly name = 'consent.advertising';
  readonly purposes: readonly OutboundPurpose[] = ['advertising'];

  constructor(
    private readonly registry: OutboundCheckRegistry,
    private readonly consents: SubjectConsentsService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async check(input: OutboundCheckInput): Promise<OutboundVeto | null> {
    const state = await this.consents.stateOf(input.tenantId, input.contactId, 'advertising');
    if (state.given) return null;
    return {
      reason: ADVERTISING_CONSENT_MISSING,
      message: state.at ? 'The client withdrew their consent to advertising: send them service messages only' : 'Advertising needs the client\'s recorded consent to advertising',
    };
  }
}
