import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { ClientLeases } from '../connectors/client-leases';
import { withinFence } from '../domain/client-lease';

/** Milliseconds on a clock that never jumps (NTP, a changed time zone): `performance.now()`. */
export type MonotonicClock = () => number;

/**
 * This process's side of the connection leases: the deadline up to which each held client may
 * run. The connection supervisor grants and revokes; exclusive connectors only ask `holds`.
 */
export class LeaseFence extends ClientLeases {
  readonly holder = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly deadlines = new Map<string, number>();
  private wakeListener: (() => void) | null = null;

  constructor(readonly now: MonotonicClock = () => performance.now()) {
    super();
  }

  holds(connectionId: string): boolean {
    return withinFence(this.deadlines.get(connectionId), this.now());
  }

  wake(): void {
    this.wakeListener?.();
  }

  onWake(listener: (() => void) | null): void {
    this.wakeListener = listener;
  }

  grant(connectionId: string, deadline: number): void {
    this.deadlines.set(connectionId, deadline);
  }

  revoke(connectionId: string): void {
    this.deadlines.delete(connectionId);
  }

  /** Held connections whose deadline has passed. */
  overdue(): string[] {
    const now = this.now();
    return [...this.deadlines].filter(([, deadline]) => !withinFence(deadline, now)).map(([connectionId]) => connectionId);
  }

  earliestDeadline(): number | null {
    let earliest: number | null = null;
    for (const deadline of this.deadlines.values()) if (earliest === null || deadline < earliest) earliest = deadline;
    return earliest;
  }
}
