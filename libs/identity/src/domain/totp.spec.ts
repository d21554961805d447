import {
  TOTP_DIGITS,
  TOTP_PERIOD_SECONDS,
  base32Decode,
  base32Encode,
  generateTotpSecret,
  hotpCode,
  totpCode,
  totpStepAt,
  totpUri,
  verifyTotp,
} from './totp';

// The shared secret of RFC 4226 Appendix D and RFC 6238 Appendix B (SHA-1): ASCII
// "12345678901234567890", base32 below (cross-checked with Python's base64.b32encode).
const RFC_KEY = Buffer.from('12345678901234567890', 'ascii');
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('base32 (RFC 4648 §10 test vectors)', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('encodes %p as %p without padding', (plain, encoded) => {
    expect(base32Encode(Buffer.from(plain, 'ascii'))).toBe(encoded);
  });

  it.each([
    ['MY', 'f'],
    ['MY======', 'f'],
    ['MZXQ====', 'fo'],
    ['MZXW6===', 'foo'],
    ['MZXW6YQ=', 'foob'],
    ['MZXW6YTB', 'fooba'],
    ['MZXW6YTBOI======', 'foobar'],
    ['mzxw6ytboi', 'foobar'],
    ['mzxw6ytboi======', 'foobar'],
    ['MzXw6YtBoI', 'foobar'],
  ])('decodes %p as %p', (encoded, plain) => {
    expect(base32Decode(encoded).toString('ascii')).toBe(plain);
  });

  it.each([
    ['MZXW6YTB1', 'unexpected character', "'1' is not in the alphabet"],
    ['MZXW 6YTB', 'unexpected character', 'a space'],
    ['MZXW6YTB8I', 'unexpected character', "'8' is not in the alphabet"],
    ['MY======MZXQ====', 'unexpected character', 'padding in the middle'],
    ['MY=', 'padding', 'padding that does not fill the block'],
    ['MZXW6YQ==', 'padding', 'too much padding'],
    ['MY==============', 'padding', 'a whole block of padding'],
    ['MZXW6YTBOı', 'unexpected character', 'a dotless i, which upper-cases to I'],
    ['M', 'impossible length', 'one character cannot carry a byte'],
    ['MZX', 'impossible length', 'three characters'],
    ['MZXW6Y', 'impossible length', 'six characters'],
  ])('refuses %p (%s: %s)', (encoded, message) => {
    expect(() => base32Decode(encoded)).toThrow(message);
  });

  it.each([0, 1, 2, 3, 4, 5, 10, 16, 20, 33])('round-trips %i random bytes', (length) => {
    const bytes = Buffer.from(Array.from({ length }, (_, i) => (i * 151 + length * 37) % 256));
    expect(base32Decode(base32Encode(bytes)).equals(bytes)).toBe(true);
  });
});

describe('hotpCode (RFC 4226 Appendix D)', () => {
  it.each([
    [0, '755224'],
    [1, '287082'],
    [2, '359152'],
    [3, '969429'],
    [4, '338314'],
    [5, '254676'],
    [6, '287922'],
    [7, '162583'],
    [8, '399871'],
    [9, '520489'],
  ])('counter %i gives %s', (counter, code) => {
    expect(hotpCode(RFC_KEY, counter, 6)).toBe(code);
  });

  it.each([
    ['a 15-byte key (RFC 4226 R6 wants 128 bits)', () => hotpCode(RFC_KEY.subarray(0, 15), 0, 6)],
    ['5 digits', () => hotpCode(RFC_KEY, 0, 5)],
    ['9 digits', () => hotpCode(RFC_KEY, 0, 9)],
    ['fractional digits', () => hotpCode(RFC_KEY, 0, 6.5)],
    ['a negative counter', () => hotpCode(RFC_KEY, -1, 6)],
    ['a fractional counter', () => hotpCode(RFC_KEY, 1.5, 6)],
    ['an unsafe counter', () => hotpCode(RFC_KEY, 2 ** 53, 6)],
  ])('refuses %s', (_name, call) => {
    expect(call).toThrow(RangeError);
  });
});

describe('TOTP (RFC 6238 Appendix B, SHA-1)', () => {
  it.each([
    [59, 1, '94287082'],
    [1111111109, 0x23523ec, '07081804'],
    [1111111111, 0x23523ed, '14050471'],
    [1234567890, 0x273ef07, '89005924'],
    [2000000000, 0x3f940aa, '69279037'],
    [20000000000, 0x27bc86aa, '65353130'],
  ])('at %i s (step %i) the 8-digit code is %s', (seconds, step, code) => {
    expect(totpStepAt(seconds * 1000)).toBe(step);
    expect(hotpCode(RFC_KEY, totpStepAt(seconds * 1000), 8)).toBe(code);
  });

  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
    [20000000000, '353130'],
  ])('the product code at %i s is the 6-digit truncation %s', (seconds, code) => {
    expect(totpCode(RFC_SECRET, seconds * 1000)).toBe(code);
  });

  it('uses 6 digits and 30-second steps', () => {
    expect([TOTP_DIGITS, TOTP_PERIOD_SECONDS]).toEqual([6, 30]);
  });

  it.each([
    [0, 0],
    [29_999, 0],
    [30_000, 1],
    [59_999, 1],
    [60_000, 2],
  ])('instant %i ms falls in step %i', (atMs, step) => {
    expect(totpStepAt(atMs)).toBe(step);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses the instant %p', (atMs) => {
    expect(() => totpCode(RFC_SECRET, atMs)).toThrow(RangeError);
  });

  it.each([
    ['', 'empty'],
    ['MZXW6YTBOI', 'a 6-byte secret, below 128 bits'],
    ['GEZDGNBVGY3TQOJQ1EZDGNBVGY3TQOJQ', "a '1' inside"],
    ['GEZDGNBVGY3TQOJQGEZDGNBVGY3TQO', 'an impossible length (30 characters)'],
  ])('refuses the secret %p (%s)', (secret) => {
    expect(() => totpCode(secret, 59_000)).toThrow();
  });

  it('accepts the secret in lowercase and with padding', () => {
    expect(totpCode(RFC_SECRET.toLowerCase(), 59_000)).toBe('287082');
    // ASCII "perepiska-secret", 16 bytes: its base32 form ends in six '=' when padded.
    expect(totpCode('obsxezlqnfzwwyjnonswg4tfoq======', 59_000)).toBe(totpCode('OBSXEZLQNFZWWYJNONSWG4TFOQ', 59_000));
    expect(totpCode('OBSXEZLQNFZWWYJNONSWG4TFOQ', 59_000)).toBe(
      hotpCode(Buffer.from('perepiska-secret', 'ascii'), 1, 6),
    );
  });
});

describe('verifyTotp', () => {
  // With the RFC key the 6-digit code of step n is the RFC 4226 HOTP value for counter n:
  // step 0 = 755224, 1 = 287082, 2 = 359152, 3 = 969429, 4 = 338314.
  it.each<[number, string, number, { valid: boolean; step?: number }, string]>([
    [59_999, '287082', 0, { valid: true, step: 1 }, 'the current step, no window'],
    [60_000, '287082', 0, { valid: false }, 'the previous step just ended, no window'],
    [60_000, '287082', 1, { valid: true, step: 1 }, 'the previous step, within the window'],
    [60_000, '359152', 1, { valid: true, step: 2 }, 'the current step'],
    [60_000, '969429', 1, { valid: true, step: 3 }, 'the next step (a phone clock running fast)'],
    [60_000, '755224', 1, { valid: false }, 'two steps back'],
    [60_000, '338314', 1, { valid: false }, 'two steps ahead'],
    [60_000, '755224', 2, { valid: true, step: 0 }, 'two steps back with a window of 2'],
    [89_999, '969429', 1, { valid: true, step: 3 }, 'the last millisecond before the next step'],
    [90_000, '287082', 1, { valid: false }, 'step 1 expired once step 3 began'],
    [0, '755224', 1, { valid: true, step: 0 }, 'the epoch: no step -1 to look at'],
    [0, '287082', 1, { valid: true, step: 1 }, 'the epoch, the next step'],
    [60_000, '000000', 1, { valid: false }, 'a wrong code'],
  ])('at %i ms, %s with window %i gives %p (%s)', (atMs, code, window, result) => {
    expect(verifyTotp(RFC_SECRET, code, atMs, { window })).toEqual(result);
  });

  it('uses a window of one step by default', () => {
    expect(verifyTotp(RFC_SECRET, '287082', 60_000)).toEqual({ valid: true, step: 1 });
    expect(verifyTotp(RFC_SECRET, '755224', 60_000)).toEqual({ valid: false });
  });

  it('verifies its own codes for a generated secret', () => {
    const secret = generateTotpSecret();
    const at = 1_750_000_000_000;
    expect(verifyTotp(secret, totpCode(secret, at), at)).toEqual({ valid: true, step: totpStepAt(at) });
  });

  it.each([
    ['', 'empty'],
    ['28708', 'five digits'],
    ['2870820', 'seven digits'],
    ['94287082', 'the 8-digit code of the same step'],
    ['28708a', 'a letter'],
    [' 287082', 'a leading space'],
    ['287082 ', 'a trailing space'],
    ['287 082', 'a space in the middle'],
    ['-28708', 'a sign'],
    ['２８７０８２', 'full-width digits'],
    ['287082\n', 'a trailing newline'],
  ])('rejects the code %p (%s)', (code) => {
    expect(verifyTotp(RFC_SECRET, code, 59_000)).toEqual({ valid: false });
  });

  it('rejects a code that is not a string at all', () => {
    expect(verifyTotp(RFC_SECRET, 287082 as unknown as string, 59_000)).toEqual({ valid: false });
  });

  it.each([-1, 1.5, 11, Number.NaN])('refuses the window %p', (window) => {
    expect(() => verifyTotp(RFC_SECRET, '287082', 59_000, { window })).toThrow(RangeError);
  });

  it.each([
    ['', 'empty'],
    ['MZXW6YTBOI', 'too short'],
    ['GEZDGNBVGY3TQOJQ!EZDGNBVGY3TQOJQ', 'a punctuation mark'],
  ])('throws on the malformed stored secret %p (%s) rather than reporting a wrong code', (secret) => {
    expect(() => verifyTotp(secret, '287082', 59_000)).toThrow();
  });
});

describe('generateTotpSecret', () => {
  it('gives 160 random bits as 32 base32 characters', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(secret)).toHaveLength(20);
  });

  it('does not repeat itself', () => {
    const secrets = new Set(Array.from({ length: 20 }, () => generateTotpSecret()));
    expect(secrets.size).toBe(20);
  });
});

describe('totpUri (Key Uri Format)', () => {
  const TAIL = 'algorithm=SHA1&digits=6&period=30';

  it.each([
    [
      'an e-mail account',
      { secretBase32: RFC_SECRET, accountName: 'anna@example.ru', issuer: 'Perepiska' },
      `otpauth://totp/Perepiska:anna%40example.ru?secret=${RFC_SECRET}&issuer=Perepiska&${TAIL}`,
    ],
    [
      'a Cyrillic account name with a space (%20, never +)',
      { secretBase32: RFC_SECRET, accountName: 'Анна Петрова', issuer: 'Perepiska' },
      `otpauth://totp/Perepiska:%D0%90%D0%BD%D0%BD%D0%B0%20%D0%9F%D0%B5%D1%82%D1%80%D0%BE%D0%B2%D0%B0?secret=${RFC_SECRET}&issuer=Perepiska&${TAIL}`,
    ],
    [
      'a plus and an ampersand that must not break the query',
      { secretBase32: RFC_SECRET, accountName: 'anna+crm@example.ru', issuer: 'Perepiska & Co' },
      `otpauth://totp/Perepiska%20%26%20Co:anna%2Bcrm%40example.ru?secret=${RFC_SECRET}&issuer=Perepiska%20%26%20Co&${TAIL}`,
    ],
    [
      'a lowercase padded secret, normalised',
      { secretBase32: 'obsxezlqnfzwwyjnonswg4tfoq======', accountName: 'anna@example.ru', issuer: 'Perepiska' },
      `otpauth://totp/Perepiska:anna%40example.ru?secret=OBSXEZLQNFZWWYJNONSWG4TFOQ&issuer=Perepiska&${TAIL}`,
    ],
  ])('builds the URI for %s', (_name, input, uri) => {
    expect(totpUri(input)).toBe(uri);
  });

  it('round-trips through a URL parser', () => {
    const url = new URL(totpUri({ secretBase32: RFC_SECRET, accountName: 'Анна & Co', issuer: 'Perepiska' }));
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe('/Perepiska:Анна & Co');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      secret: RFC_SECRET,
      issuer: 'Perepiska',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });

  it.each([
    ['an empty issuer', { secretBase32: RFC_SECRET, accountName: 'anna@example.ru', issuer: '' }],
    ['an empty account name', { secretBase32: RFC_SECRET, accountName: '', issuer: 'Perepiska' }],
    ['a colon in the issuer', { secretBase32: RFC_SECRET, accountName: 'anna@example.ru', issuer: 'Pere:piska' }],
    ['a colon in the account name', { secretBase32: RFC_SECRET, accountName: 'anna:x@example.ru', issuer: 'Perepiska' }],
  ])('refuses %s', (_name, input) => {
    expect(() => totpUri(input)).toThrow(RangeError);
  });

  it.each([
    ['MZXW6YTBOI', 'too short'],
    ['GEZDGNBVGY3TQOJQ0EZDGNBVGY3TQOJQ', "a '0' inside"],
  ])('refuses the secret %p (%s)', (secretBase32) => {
    expect(() => totpUri({ secretBase32, accountName: 'anna@example.ru', issuer: 'Perepiska' })).toThrow();
  });
});
