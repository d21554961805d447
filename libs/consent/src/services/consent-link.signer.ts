import { Injectable } from '@nestjs/common';
import { EnvelopeCipher } from '@perepiska/platform';
import { createHmac, timingSafeEqual } from 'node:crypto';

export const CONSENT_LINK_TTL_SECONDS = 30 * 24 * 60 * 60;

export interface ConsentLinkClaims {
  tenantId: string;
  contactId: string;
  expiresAt: Date;
}

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * The signed link a business sends one client (issue 6): it names the tenant and the client
 * card, so a consent given through it is attached to that card and to no other. Typed phones
 * or handles prove nothing (anyone can type someone else's number); the signature does.
 *
 * Token: base64url(JSON {t, c, e}) "." base64url(HMAC-SHA256). The key is derived from the
 * encryption master keys; every key still decrypting still verifies, so a rotation does not
 * break links already sent.
 */
@Injectable()
export class ConsentLinkSigner {
  private readonly keys: Buffer[];

  constructor(cipher: EnvelopeCipher) {
    this.keys = cipher.deriveKeys('consent-link').map((k) => k.key);
  }

  sign(tenantId: string, contactId: string, now = Date.now()): { link: string; expiresAt: Date } {
    const e = Math.floor(now / 1000) + CONSENT_LINK_TTL_SECONDS;
    const payload = encode({ t: tenantId, c: contactId, e });
    return { link: `${payload}.${this.mac(this.keys[0], payload)}`, expiresAt: new Date(e * 1000) };
  }

  /** The claims of a genuine, unexpired link; null for anything else. */
  verify(link: string, now = Date.now()): ConsentLinkClaims | null {
    const parts = link.split('.');
    if (parts.length !== 2) return null;
    const [payload, signature] = parts as [string, string];
    const given = Buffer.from(signature, 'base64url');
    const genuine = this.keys.some((key) => {
      const expected = Buffer.from(this.mac(key, payload), 'base64url');
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
    if (!genuine) return null;
    try {
      const { t, c, e } = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { t?: unknown; c?: unknown; e?: unknown };
      if (typeof t !== 'string' || typeof c !== 'string' || typeof e !== 'number') return null;
      if (e * 1000 <= now) return null;
      return { tenantId: t, contactId: c, expiresAt: new Date(e * 1000) };
    } catch {
      return null;
    }
  }

  private mac(key: Buffer, payload: string): string {
    return createHmac('sha256', key).update(payload).digest('base64url');
  }
}
