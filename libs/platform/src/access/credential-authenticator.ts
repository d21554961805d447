import { type Principal } from './principal';

/**
 * What a client presented, before anyone has parsed it: the raw Authorization header and
 * Cookie header of an HTTP request or a realtime handshake, plus where it came from (kept on
 * the principal for the journals).
 */
export interface RawCredentials {
  authorization?: string;
  cookie?: string;
  ip?: string;
  userAgent?: string;
}

/**
 * Turns a request's raw Authorization header or cookies into a Principal (or null). Identity
 * implements it; transports other than identity's HTTP guard (the realtime handshake) use it
 * so there is one way to authenticate, and it checks every time that the session, membership,
 * token and tenant are still live.
 */
export abstract class CredentialAuthenticator {
  abstract authenticate(raw: RawCredentials): Promise<Principal | null>;
}
