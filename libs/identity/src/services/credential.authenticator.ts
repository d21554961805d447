import { fastifyCookie } from '@fastify/cookie';
import { Injectable } from '@nestjs/common';
import { CredentialAuthenticator, type Principal, type RawCredentials } from '@perepiska/platform';
import { ACCESS_COOKIE } from '../http/cookies';
import { type RequestMeta } from './audit.service';
import { PrincipalResolver } from './principal.resolver';
import { API_TOKEN_PREFIX } from './secrets';

/**
 * The one place that reads a credential out of a request: a bearer in Authorization (an API
 * token or an access token) wins over the SPA's access cookie. The HTTP guard and the realtime
 * handshake both come through here.
 */
@Injectable()
export class IdentityCredentialAuthenticator extends CredentialAuthenticator {
  constructor(private readonly resolver: PrincipalResolver) {
    super();
  }

  async authenticate(raw: RawCredentials): Promise<Principal | null> {
    const credential = this.credentialIn(raw);
    return credential ? this.resolve(credential, { ip: raw.ip, userAgent: raw.userAgent }) : null;
  }

  /** The credential presented, unchecked; the guard tells "none" apart from "not valid". */
  credentialIn(raw: RawCredentials): string | undefined {
    const bearer = /^Bearer\s+(\S+)$/i.exec(raw.authorization ?? '')?.[1];
    // The same parser @fastify/cookie fills request.cookies with, so both transports agree.
    return bearer ?? (raw.cookie ? fastifyCookie.parse(raw.cookie)[ACCESS_COOKIE] : undefined);
  }

  resolve(credential: string, meta: RequestMeta): Promise<Principal | null> {
    return credential.startsWith(API_TOKEN_PREFIX) ? this.resolver.fromApiToken(credential, meta) : this.resolver.fromAccessToken(credential, meta);
  }
}
