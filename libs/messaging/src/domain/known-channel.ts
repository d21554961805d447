import { type ChannelType, MESSENGER_NAMES } from './channel-types';

/**
 * «+7 *** ***-45-67»: the last four digits (and +7 for a Russian number), enough for the person
 * and the employee to recognise a number, too little to dial it or to find the person by it.
 */
export function maskPhone(phone: string): string | null {
  let digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return null;
  if (digits.length === 11 && digits.startsWith('8')) digits = `7${digits.slice(1)}`;
  // Other countries' codes run from one to three digits: without a table, none is shown.
  const country = digits.length === 11 && digits.startsWith('7') ? '+7 ' : '';
  const last = digits.slice(-4);
  return `${country}*** ***-${last.slice(0, 2)}-${last.slice(2)}`;
}

/** «@iv***»: the first two characters of a messenger username. */
export function maskUsername(username: string): string | null {
  const name = username.trim().replace(/^@/, '');
  return name ? `@${name.slice(0, 2)}***` : null;
}

/**
 * How a known channel of a client is shown when the business picks where a one-time code goes:
 * the messenger, the client's masked number (or username), the business's account it runs on.
 * «Telegram · +7 *** ***-45-67 · Продажи».
 */
export function knownChannelLabel(channel: { type: ChannelType; connectionName: string; phone: string | null; username: string | null }): string {
  const contact = (channel.phone ? maskPhone(channel.phone) : null) ?? (channel.username ? maskUsername(channel.username) : null);
  return [MESSENGER_NAMES[channel.type], contact, channel.connectionName.trim() || null].filter(Boolean).join(' · ');
}
