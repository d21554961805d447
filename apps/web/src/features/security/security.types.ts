import type { Schemas } from '@perepiska/api-client';

/** A pending two-factor secret: shown as a QR code and, for typing by hand, as text. */
export type TotpSetup = Schemas['TotpSetupDto'];

/** `JBSWY3DPEHPK3PXP` → `JBSW Y3DP EHPK 3PXP`: easier to read aloud and to type. */
export function groupSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}

/** A code as authenticator apps show it: six digits, often with a space in the middle. */
export function normaliseCode(input: string): string {
  return input.replace(/\D/g, '').slice(0, 6);
}
