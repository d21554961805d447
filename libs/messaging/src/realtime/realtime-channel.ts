/** Where browsers connect: under the versioned API prefix, so one proxy rule covers both. */
export const REALTIME_PATH = '/api/v1/realtime';

/**
 * The Redis pub/sub namespace shared by the socket.io adapter (API instances) and the emitter
 * (any process): both must agree on it, and deployments or test runs sharing a Redis must not.
 */
export function realtimeRedisKey(redisKeyPrefix: string): string {
  return `${redisKeyPrefix}:socket.io`;
}
