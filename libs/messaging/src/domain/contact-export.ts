import { CSV_BOM, csvLine } from '@perepiska/platform';

/** A messenger identity of a client as the client base shows it: the channel type and the username there, if any. */
export interface ClientChannel {
  type: string;
  username: string | null;
}

/** One client of the base: what the list and the export show, and nothing else. */
export interface ClientRecord {
  id: string;
  displayName: string;
  phone: string | null;
  channels: ClientChannel[];
  firstSeenAt: Date;
  lastMessageAt: Date;
  conversations: number;
}

/**
 * The columns of the client base export. Identifiers a messenger uses internally, session
 * strings and tokens are not among them: the file is what an employee sees in the list.
 */
export const CLIENT_EXPORT_COLUMNS = ['id', 'display_name', 'phone', 'channels', 'first_seen_at', 'last_message_at', 'conversations'] as const;

/** The first bytes of the file: the BOM and the header line. */
export function clientExportHeader(): string {
  return `${CSV_BOM}${csvLine(CLIENT_EXPORT_COLUMNS)}`;
}

/** «telegram @ivan_p; api»: each identity's type, with its username where the messenger has one. */
export function channelsCell(channels: readonly ClientChannel[]): string {
  return channels.map(({ type, username }) => (username ? `${type} @${username.replace(/^@/, '')}` : type)).join('; ');
}

export function clientExportLine(client: ClientRecord): string {
  return csvLine([
    client.id,
    client.displayName,
    client.phone,
    channelsCell(client.channels),
    new Date(client.firstSeenAt).toISOString(),
    new Date(client.lastMessageAt).toISOString(),
    client.conversations,
  ]);
}
