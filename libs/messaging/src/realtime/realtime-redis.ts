import Redis from 'ioredis';

/**
 * The realtime channel's own Redis connections. Redis only carries events (rule 3): an outage
 * costs freshness, so nothing here may throw into a caller or reject unhandled (which ends a
 * Node 20 process).
 */

/** For publishing: a command fails fast (one retry, two seconds) instead of piling up in memory. */
export function publisherConnection(url: string): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 2000 });
  client.on('error', () => undefined); // surfaced by the failing command, and by health
  return client;
}

type SubscriptionCommand = (...args: unknown[]) => Promise<unknown>;
const SUBSCRIPTION_COMMANDS = ['psubscribe', 'subscribe', 'punsubscribe', 'unsubscribe'] as const;

/**
 * For the socket.io adapter's subscriptions. A (p)subscribe sent while Redis is down waits for it
 * (no retry limit): ioredis re-subscribes after a reconnect only to what Redis once confirmed, so
 * a dropped one would leave this instance deaf for good. The adapter fires these commands and
 * drops their promises; they can still fail (the client is closed first), and that is reported
 * here instead of as an unhandled rejection.
 */
export function subscriberConnection(url: string, onFailure: (error: Error) => void): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: null });
  client.on('error', () => undefined); // reported by health; the subscriptions resume on reconnect
  const commands = client as unknown as Record<(typeof SUBSCRIPTION_COMMANDS)[number], SubscriptionCommand>;
  for (const name of SUBSCRIPTION_COMMANDS) {
    const send = commands[name].bind(client);
    commands[name] = (...args) => send(...args).catch(onFailure);
  }
  return client;
}

/** Lets pending replies arrive when Redis is up; drops the connection at once when it is not. */
export async function closeConnection(client: Redis): Promise<void> {
  if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
  else client.disconnect();
}
