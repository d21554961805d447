import { createHash } from 'node:crypto';
import { type ConnectionState } from './channel-types';

/**
 * The rules of a connection's lease (ARCHITECTURE.md "Telegram MTProto"): a worker runs an
 * exclusive client only while it holds the lease, because Telegram ends both sessions with
 * AUTH_KEY_DUPLICATED when one auth key is used by two clients at once.
 *
 * The database sets a lease's end from its own clock when the renewal arrives, which is after
 * the holder sent it; so "sent + ttl" on the holder's monotonic clock never comes after the
 * lease's end. The holder stops a margin earlier still: the margin covers clocks running at
 * slightly different rates, a late timer in a busy process and the time a client takes to
 * close, so it is down before another worker can even acquire the lease.
 */
export const MIN_LEASE_TTL_SECONDS = 3;

/** An account is live in these states; in the others (login, relogin, ban, disconnected) no client runs. */
export const CLIENT_STATES: readonly ConnectionState[] = ['active', 'flood-wait'];

/** A takeover is spread over ticks: a worker does not open hundreds of sessions at once, and the others get a share. */
export const MAX_STARTS_PER_TICK = 20;

/** A client that keeps failing to start is retried at most this far apart. */
export const MAX_RETRY_DELAY_MS = 5 * 60_000;

export interface LeaseTiming {
  ttlMs: number;
  /** A third of the lease: a renewal may fail twice (the database away for a moment) before the deadline passes. */
  renewEveryMs: number;
  /** How long before the lease's end this process stops using the client. */
  marginMs: number;
}

export function leaseTiming(ttlSeconds: number): LeaseTiming {
  if (!Number.isFinite(ttlSeconds) || ttlSeconds < MIN_LEASE_TTL_SECONDS) {
    throw new RangeError(`A connection lease lasts at least ${MIN_LEASE_TTL_SECONDS} s, got ${ttlSeconds}`);
  }
  const ttlMs = Math.round(ttlSeconds * 1000);
  return { ttlMs, renewEveryMs: Math.max(1000, Math.floor(ttlMs / 3)), marginMs: Math.max(500, Math.floor(ttlMs / 5)) };
}

/** Until when the client may run after a renewal (or acquisition) sent at `sentAtMs` succeeded. */
export function fenceDeadline(sentAtMs: number, timing: LeaseTiming): number {
  return sentAtMs + timing.ttlMs - timing.marginMs;
}

export function withinFence(deadline: number | undefined, nowMs: number): boolean {
  return deadline !== undefined && nowMs < deadline;
}

/** How long to wait before the `failures`-th failed start is tried again: doubling from one heartbeat. */
export function retryDelayMs(failures: number, timing: LeaseTiming): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  return Math.min(timing.renewEveryMs * 2 ** exponent, MAX_RETRY_DELAY_MS);
}

/** What the supervisor knows of a connection it runs, read again on every heartbeat. */
export interface ClientFacts {
  state: ConnectionState;
  suspended: boolean;
  hasCredentials: boolean;
  /** A digest of the sealed credentials: a re-login replaces them, and the client must restart on the new ones. */
  credentialsDigest?: string | null;
}

export type ClientStopReason = 'lease-lost' | 'gone' | 'not-active' | 'suspended' | 'credentials-gone' | 'credentials-changed';

/** Why no client may run for the connection, or null when one may. */
export function whyNotRunnable(facts: ClientFacts | undefined): Exclude<ClientStopReason, 'lease-lost'> | null {
  if (!facts) return 'gone';
  if (!CLIENT_STATES.includes(facts.state)) return 'not-active';
  if (facts.suspended) return 'suspended';
  if (!facts.hasCredentials) return 'credentials-gone';
  return null;
}

/** The clients to stop after a heartbeat: those whose lease was not renewed, and those no longer runnable. */
export function clientsToStop(
  held: readonly string[],
  renewed: ReadonlySet<string>,
  facts: ReadonlyMap<string, ClientFacts>,
  /** The credentials digest each held client started with. */
  startedWith: ReadonlyMap<string, string | null> = new Map(),
): Array<{ connectionId: string; reason: ClientStopReason }> {
  const stops: Array<{ connectionId: string; reason: ClientStopReason }> = [];
  for (const connectionId of held) {
    const fact = facts.get(connectionId);
    const changed = fact?.credentialsDigest !== undefined && startedWith.has(connectionId) && startedWith.get(connectionId) !== fact.credentialsDigest;
    const reason = renewed.has(connectionId) ? (whyNotRunnable(fact) ?? (changed ? 'credentials-changed' : null)) : 'lease-lost';
    if (reason) stops.push({ connectionId, reason });
  }
  return stops;
}

/** What `credentialsDigest` compares: the sealed value's digest (never the secret itself). */
export function credentialsDigestOf(sealed: string | null): string | null {
  return sealed === null ? null : createHash('sha256').update(sealed).digest('hex');
}

/** Connections whose last failed start is still inside its back-off at `nowMs`. */
export function backingOff(retries: ReadonlyMap<string, { failures: number; notBefore: number }>, nowMs: number): string[] {
  return [...retries].filter(([, retry]) => nowMs < retry.notBefore).map(([connectionId]) => connectionId);
}
