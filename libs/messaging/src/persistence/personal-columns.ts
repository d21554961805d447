import { type PersonalTableAnnotation, personalColumnsProvider } from '@perepiska/platform';

/**
 * Which messaging columns hold personal data (REG-5). Clients and their correspondence are the
 * tenant's data: the tenant is the operator and the platform processes on its instruction.
 */
export const MESSAGING_PERSONAL_COLUMNS: PersonalTableAnnotation[] = [
  {
    table: 'connections',
    layer: 'tenant',
    columns: { display_name: { notPersonal: 'label the tenant gave the connection' }, account_key: { notPersonal: "a bot's id, or an HMAC of a person's Telegram account id under a key derived from the master key (ConnectionHandles.accountKeys): without the key no one can tell whose" } },
  },
  { table: 'teams', layer: 'tenant', columns: { name: { notPersonal: 'name of a team of employees' } } },
  { table: 'contacts', layer: 'tenant', columns: { display_name: 'full-name', phone: 'contact-details', email: 'contact-details' } },
  { table: 'contact_identities', layer: 'tenant', columns: { external_id: 'messenger-identity', username: 'messenger-identity' } },
  { table: 'suppressions', layer: 'tenant', columns: { reason: 'consents', keyword: 'consents' } },
  {
    table: 'conversations',
    layer: 'tenant',
    columns: { external_chat_id: 'messenger-identity', title: 'full-name', last_message_preview: 'correspondence', last_message_direction: 'message-metadata' },
  },
  // sealed_text: what the messenger gets instead of text (a one-time code), only until it is sent.
  // What is left once the content has gone is the message's metadata, kept by its own period.
  {
    table: 'messages',
    layer: 'tenant',
    columns: { text: 'correspondence', sealed_text: 'correspondence', direction: 'message-metadata', status: 'message-metadata', external_id: 'message-metadata', created_at: 'message-metadata' },
  },
  { table: 'attachments', layer: 'tenant', columns: { file_name: 'attachments', storage_key: 'attachments' } },
  // Raw updates of the messenger: sender, text and files before they are parsed.
  { table: 'inbound_events', layer: 'tenant', columns: { payload: 'correspondence' } },
  { table: 'webhook_deliveries', layer: 'tenant', columns: { payload: 'correspondence' } },
  { table: 'telegram_peers', layer: 'tenant', columns: { peer_id: 'messenger-identity', access_hash: 'messenger-identity' } },
];

export const MessagingPersonalColumns = personalColumnsProvider('messaging', MESSAGING_PERSONAL_COLUMNS);
