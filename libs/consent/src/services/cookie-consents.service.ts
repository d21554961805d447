import { Injectable } from '@nestjs/common';
import { NotFoundError, anonymiseIp } from '@perepiska/platform';
import { ConsentTextsRepository } from '../persistence/consent-texts.repository';
import { type CookieConsentRow, CookieConsentsRepository } from '../persistence/cookie-consents.repository';

export interface CookieChoiceView {
  id: string;
  visitorId: string;
  /** Strictly necessary cookies need no consent and are always on. */
  necessary: true;
  analytics: boolean;
  functional: boolean;
  policyVersionId: string | null;
  ipAnonymised: string | null;
  at: Date;
}

const view = (row: CookieConsentRow): CookieChoiceView => ({
  id: row.id,
  visitorId: row.visitorId,
  necessary: true,
  analytics: row.analytics,
  functional: row.functional,
  policyVersionId: row.policyVersionId,
  ipAnonymised: row.ipAnonymised,
  at: row.at,
});

/**
 * A visitor's choice of cookie categories for the SPA and the public pages: analytics and
 * functional cookies only after opt-in; each choice is recorded against the cookie policy in
 * effect, with an anonymised IP (reference 004 §6), and the latest one is in force.
 */
@Injectable()
export class CookieConsentsService {
  constructor(
    private readonly cookies: CookieConsentsRepository,
    private readonly texts: ConsentTextsRepository,
  ) {}

  async record(choice: { visitorId: string; analytics: boolean; functional: boolean }, meta: { ip?: string; userAgent?: string }): Promise<CookieChoiceView> {
    const row = await this.cookies.insert({
      visitorId: choice.visitorId,
      tenantId: null,
      analytics: choice.analytics,
      functional: choice.functional,
      policyVersionId: await this.texts.currentCookiePolicy(),
      ipAnonymised: anonymiseIp(meta.ip) ?? null,
      userAgent: meta.userAgent?.slice(0, 500) ?? null,
    });
    return view(row);
  }

  async latest(visitorId: string): Promise<CookieChoiceView> {
    const row = await this.cookies.latest(visitorId);
    if (!row) throw new NotFoundError('No cookie choice recorded for this visitor');
    return view(row);
  }
}
