import { EnvelopeCipher, generateMasterKey, parseMasterKey } from '@perepiska/platform';
import { ACCESS_TOKEN_TTL_SECONDS, AccessTokenSigner } from './access-token.signer';

const k1 = parseMasterKey(generateMasterKey('k1'));
const k2 = parseMasterKey(generateMasterKey('k2'));
const claims = { sub: 'user-1', sid: 'session-1', tid: 'tenant-1' };

describe('AccessTokenSigner', () => {
  const signer = new AccessTokenSigner(new EnvelopeCipher(k1));

  it('round-trips its claims until the token expires', () => {
    const now = Date.UTC(2026, 10, 22, 12);
    const token = signer.sign(claims, now);
    expect(signer.verify(token, now)).toMatchObject({ ...claims, exp: now / 1000 + ACCESS_TOKEN_TTL_SECONDS });
    expect(signer.verify(token, now + ACCESS_TOKEN_TTL_SECONDS * 1000)).toBeNull();
  });

  it('refuses tampered, foreign and malformed tokens', () => {
    const token = signer.sign(claims);
    const [h, p, s] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'admin', iat: 1, exp: 4102444800 })).toString('base64url');
    expect(signer.verify(`${h}.${forged}.${s}`)).toBeNull();
    expect(signer.verify(`${h}.${p}.${s.slice(0, -2)}xx`)).toBeNull();
    expect(signer.verify(new AccessTokenSigner(new EnvelopeCipher(k2)).sign(claims))).toBeNull();
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'k1' })).toString('base64url')}.${p}.`;
    expect(signer.verify(none)).toBeNull();
    expect(signer.verify('garbage')).toBeNull();
  });

  it('keeps accepting tokens signed before a master-key rotation', () => {
    const before = signer.sign(claims);
    const after = new AccessTokenSigner(new EnvelopeCipher(k2, [k1]));
    expect(after.verify(before)).toMatchObject(claims);
    expect(JSON.parse(Buffer.from(after.sign(claims).split('.')[0], 'base64url').toString())).toMatchObject({ kid: 'k2' });
  });
});
