/**
 * IPv4 to /24, IPv6 to /48: enough for abuse analysis, no longer one person's address
 * (reference 004 §6). Logs and the consent records (cookie choices, public consent forms) keep
 * only this form. Anything that is not an IP address answers undefined, never the input.
 */
export function anonymiseIp(ip: string | undefined): string | undefined {
  if (!ip) return ip;
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/i.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0`;
  const groups = ipv6Groups(ip);
  if (!groups) return undefined;
  return `${groups.slice(0, 3).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::`;
}

/**
 * The eight groups of an IPv6 address, "::" expanded: the first three groups are the /48 only
 * once the elision is undone ("fe80::1234" must not keep "1234", which is the last group).
 */
function ipv6Groups(ip: string): string[] | null {
  const address = ip.split('%')[0].toLowerCase();
  if (!/^[0-9a-f:]+$/.test(address) || !address.includes(':')) return null;
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  return groups.every((g) => /^[0-9a-f]{1,4}$/.test(g)) ? groups : null;
}
