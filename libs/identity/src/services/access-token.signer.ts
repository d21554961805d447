import { Injectable } from '@nestjs/common';
import { EnvelopeCipher } from '@perepiska/platform';
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived access tokens: JWT with HS256, signed with a key derived from the current
 * master key (its id in `kid`), verified with any key still configured, so a master-key
 * rotation needs no second secret and no forced sign-out.
 */
export interface AccessClaims {
  /** user id */
  sub: string;
  /** session id: the guard checks the session is still live on every request */
  sid: string;
  /** tenant id */
  tid: string;
  iat: number;
  exp: number;
}

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

@Injectable()
export class AccessTokenSigner {
  private readonly keys: Map<string, Buffer>;
  private readonly currentKeyId: string;

  constructor(cipher: EnvelopeCipher) {
    const derived = cipher.deriveKeys('access-token');
    this.keys = new Map(derived.map((k) => [k.id, k.key]));
    this.currentKeyId = derived[0].id;
  }

  sign(claims: Pick<AccessClaims, 'sub' | 'sid' | 'tid'>, now = Date.now()): string {
    const iat = Math.floor(now / 1000);
    const head = `${encode({ alg: 'HS256', typ: 'JWT', kid: this.currentKeyId })}.${encode({ ...claims, iat, exp: iat + ACCESS_TOKEN_TTL_SECONDS })}`;
    return `${head}.${this.mac(this.keys.get(this.currentKeyId)!, head)}`;
  }

  /** The claims of a genuine, unexpired token; null for anything else. */
  verify(token: string, now = Date.now()): AccessClaims | null {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const [header, payload, signature] = parts as [string, string, string];
    try {
      const { alg, kid } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: unknown; kid?: unknown };
      const key = typeof kid === 'string' ? this.keys.get(kid) : undefined;
      if (alg !== 'HS256' || !key) return null;
      const expected = Buffer.from(this.mac(key, `${header}.${payload}`));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as AccessClaims;
      if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) return null;
      if (![claims.sub, claims.sid, claims.tid].every((v) => typeof v === 'string')) return null;
      return claims;
    } catch {
      return null;
    }
  }

  private mac(key: Buffer, data: string): string {
    return createHmac('sha256', key).update(data).digest('base64url');
  }
}
