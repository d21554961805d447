/** Where browsers connect: under the versioned API prefix, so one proxy rule covers both. */
export const REALTIME_PATH = '/api/v1/realtime';

/**
 * The Redis pub/sub channel of one business's inbox events. The publisher (any process) and
 * the API instances must agree on it, and deployments or test runs sharing a Redis must not:
 * hence the key prefix. One channel per business lets Redis hand an instance only the events of
 * the businesses whose employees have a socket open on it.
 */
export function realtimeTenantChannel(redisKeyPrefix: string, tenantId: string): string {
  return `${redisKeyPrefix}:realtime:${tenantId}`;
}

/**
 * What travels on a business's channel, as a JSON array in publishing order: events for the
 * sockets in any of the rooms (each socket gets an event once), and room changes for the
 * open sockets of the given memberships when the business changes who works where.
 */
export type RealtimeDispatch =
  | { kind: 'emit'; rooms: string[]; event: string; payload: object }
  | { kind: 'regroup'; room: string; joined: string[]; left: string[] };
