import { type Api } from 'telegram';

/**
 * What a Telegram connection keeps, sealed in `connections.credentials` (MSG-2): the GramJS
 * session string (auth key and DC) — never returned by the API, never logged, never exported —
 * and the account's own user id, to recognise our outgoing messages.
 */
export interface TelegramCredentials {
  session: string;
  userId: string | null;
  dcId: number;
}

export function readTelegramCredentials(credentials: Record<string, unknown> | null): TelegramCredentials | null {
  if (!credentials || typeof credentials.session !== 'string' || !credentials.session) return null;
  return { session: credentials.session, userId: typeof credentials.userId === 'string' ? credentials.userId : null, dcId: Number(credentials.dcId) || 0 };
}

/** "Анна Петрова (@anna_shop)": how the connection is named when the business gave no name. */
export function accountLabel(user: Api.User): string {
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ').trim() || 'Telegram';
  return user.username ? `${name} (@${user.username})` : name;
}
