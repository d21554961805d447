/**
 * The messengers a business can connect (PRODUCT.md MSG-1, MSG-4) and the generic API channel.
 * `memory` is the in-process connector the test suites drive; it is never offered to users.
 */
export const CHANNEL_TYPES = ['telegram', 'telegram-bot', 'whatsapp', 'vk', 'avito', 'max', 'api', 'memory'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** The messenger's name as a Russian sentence uses it (all of these stay undeclined). */
export const MESSENGER_NAMES: Record<ChannelType, string> = {
  telegram: 'Telegram',
  'telegram-bot': 'Telegram',
  whatsapp: 'WhatsApp',
  vk: 'ВКонтакте',
  avito: 'Авито',
  max: 'MAX',
  api: 'Интеграция',
  memory: 'Мессенджер',
};

export function isChannelType(value: string): value is ChannelType {
  return (CHANNEL_TYPES as readonly string[]).includes(value);
}

/** A connection's health as the inbox shows it (MSG-10). */
export const CONNECTION_STATES = ['pending-login', 'active', 'needs-relogin', 'flood-wait', 'banned', 'disconnected'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

/**
 * Where a person's messenger id is unique. A Telegram or WhatsApp id names the same person
 * whichever of the business's accounts they write to, so one contact gathers them; an
 * integrator's ids mean something only inside that integration.
 */
export function identityChannel(type: ChannelType, connectionId: string): string {
  return type === 'api' || type === 'memory' ? `${type}:${connectionId}` : type;
}
