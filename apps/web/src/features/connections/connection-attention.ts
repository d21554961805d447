import type { Connection } from './connections.types';

/** What the app-wide banner says about a connection that needs someone (MSG-10). */
export type AttentionKind = 'needs-relogin' | 'banned' | 'flood-wait';

type Health = Pick<Connection, 'state' | 'floodWaitUntil' | 'suspendedReason'>;

/**
 * A new sign-in and a banned account wait for a person; a flood wait is shown until it ends
 * (it ends by itself). A messenger the platform suspended is the platform's to lift, shown on
 * the connections page only.
 */
export function attentionOf(connection: Health, now: number): AttentionKind | null {
  if (connection.suspendedReason) return null;
  if (connection.state === 'needs-relogin' || connection.state === 'banned') return connection.state;
  if (connection.state === 'flood-wait' && connection.floodWaitUntil && Date.parse(connection.floodWaitUntil) > now) return 'flood-wait';
  return null;
}

/** A dismissal covers one episode: the same state and, for a wait, the same end. A new one shows again. */
export function dismissalKey(connection: Pick<Connection, 'id' | 'state' | 'floodWaitUntil'>): string {
  return `${connection.id}:${connection.state}:${connection.floodWaitUntil ?? ''}`;
}

/** The soonest future flood-wait end, when the banner must look again (null: none ahead). */
export function nextWaitEnd(connections: Health[], now: number): number | null {
  const ends = connections
    .filter((c) => c.state === 'flood-wait' && c.floodWaitUntil)
    .map((c) => Date.parse(c.floodWaitUntil!))
    .filter((end) => end > now);
  return ends.length ? Math.min(...ends) : null;
}

/** "14:30" today; with the date when the wait ends on another day. */
export function formatWaitEnd(iso: string, locale: string, now: number): string {
  const end = new Date(iso);
  const sameDay = end.toDateString() === new Date(now).toDateString();
  return new Intl.DateTimeFormat(locale, sameDay ? { hour: '2-digit', minute: '2-digit' } : { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' }).format(end);
}
