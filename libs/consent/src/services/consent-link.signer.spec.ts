import { EnvelopeCipher, generateMasterKey, parseMasterKey } from '@perepiska/platform';
import { CONSENT_LINK_TTL_SECONDS, ConsentLinkSigner } from './consent-link.signer';

const k1 = parseMasterKey(generateMasterKey('k1'));
const k2 = parseMasterKey(generateMasterKey('k2'));
const TENANT = '5f0c2a57-6d0e-4c7a-9a51-2f7c1e0a9b11';
const CONTACT = '0b9d6c43-8f1e-4d2a-b6a7-71c3e5d2f400';

describe('ConsentLinkSigner', () => {
  const signer = new ConsentLinkSigner(new EnvelopeCipher(k1));
  const now = Date.UTC(2026, 11, 2, 12);

  it('names the business and the card until the link expires', () => {
    const { link, expiresAt } = signer.sign(TENANT, CONTACT, now);
    expect(expiresAt.getTime()).toBe(now + CONSENT_LINK_TTL_SECONDS * 1000);
    expect(signer.verify(link, now)).toEqual({ tenantId: TENANT, contactId: CONTACT, expiresAt });
    expect(signer.verify(link, expiresAt.getTime() - 1000)).not.toBeNull();
    expect(signer.verify(link, expiresAt.getTime())).toBeNull();
  });

  it('refuses a changed card, a changed expiry, another key\'s link and garbage', () => {
    const { link } = signer.sign(TENANT, CONTACT, now);
    const [payload, signature] = link.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forge = (changes: object) => `${Buffer.from(JSON.stringify({ ...claims, ...changes })).toString('base64url')}.${signature}`;
    expect(signer.verify(forge({ c: '11111111-1111-4111-8111-111111111111' }), now)).toBeNull();
    expect(signer.verify(forge({ e: Number(claims.e) + 86_400 }), now)).toBeNull();
    expect(signer.verify(`${payload}.${signature.slice(0, -2)}AA`, now)).toBeNull();
    expect(signer.verify(new ConsentLinkSigner(new EnvelopeCipher(k2)).sign(TENANT, CONTACT, now).link, now)).toBeNull();
    expect(signer.verify(`${payload}.${signature}.extra`, now)).toBeNull();
    expect(signer.verify('garbage', now)).toBeNull();
    // Signed, but not the claims a link carries.
    const internals = signer as unknown as { keys: Buffer[]; mac(key: Buffer, p: string): string };
    const junk = Buffer.from(JSON.stringify({ t: 1, c: CONTACT, e: 'soon' })).toString('base64url');
    const genuine = Buffer.from(JSON.stringify(claims)).toString('base64url');
    expect(signer.verify(`${genuine}.${internals.mac(internals.keys[0], genuine)}`, now)).not.toBeNull();
    expect(signer.verify(`${junk}.${internals.mac(internals.keys[0], junk)}`, now)).toBeNull();
  });

  it('keeps links sent before a master-key rotation working', () => {
    const { link } = signer.sign(TENANT, CONTACT, now);
    expect(new ConsentLinkSigner(new EnvelopeCipher(k2, [k1])).verify(link, now)).toMatchObject({ contactId: CONTACT });
  });
});
