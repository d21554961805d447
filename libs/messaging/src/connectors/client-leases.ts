/**
 * What an exclusive connector asks before it talks to its messenger (ARCHITECTURE.md
 * "Telegram MTProto": exactly one live client per account across all processes). The
 * connection supervisor keeps it: a lease in Postgres, renewed on a heartbeat, and a local
 * deadline on this process's monotonic clock that ends a safety margin before the lease could
 * run out — so a process cut off from the database stops using a client before another worker
 * may start one.
 */
export abstract class ClientLeases {
  /** This process's name in `connection_leases.holder` (host:pid:random), for diagnostics. */
  abstract readonly holder: string;

  /**
   * True only while this process holds the connection's lease and its local deadline has not
   * passed. Check it before each network call: false means stop, another worker may take over.
   */
  abstract holds(connectionId: string): boolean;

  /** Looks at the leases soon instead of at the next heartbeat, e.g. after a login succeeded here. */
  abstract wake(): void;
}
