import { anonymiseIp } from './anonymise-ip';

describe('anonymiseIp', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0'],
    ['10.1.2.3', '10.1.2.0'],
    ['::ffff:198.51.100.23', '198.51.100.0'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3::'],
    ['2001:db8:85a3::1', '2001:db8:85a3::'],
    ['::1', '0:0:0::'],
    ['fe80::1234:5678', 'fe80:0:0::'],
    ['2001:db8::1', '2001:db8:0::'],
    ['2001:0db8:0a0b:12f0::1', '2001:db8:a0b::'],
    ['fe80::1%eth0', 'fe80:0:0::'],
    ['1:2:3:4:5:6:7:8:9', undefined],
    ['1::2::3', undefined],
    ['12345::1', undefined],
    [undefined, undefined],
    ['', ''],
    ['not-an-ip', undefined],
    ['203.0.113', undefined],
  ])('%s → %s', (input, expected) => {
    expect(anonymiseIp(input)).toBe(expected);
  });

  it('never hands back the full address', () => {
    for (const ip of ['203.0.113.77', '2001:db8:85a3:8d3:1319:8a2e:370:7348', '::ffff:198.51.100.23']) {
      const shown = anonymiseIp(ip)!;
      expect(shown).not.toBe(ip);
      expect(shown).not.toContain(ip.split(/[.:]/).pop());
    }
  });
});
