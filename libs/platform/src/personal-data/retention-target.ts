import { type PdCategoryId } from './pd-categories';

/** What a legal hold keeps out of every purge: the whole business, or some clients or conversations. */
export interface RetentionHolds {
  tenant: boolean;
  contactIds: string[];
  conversationIds: string[];
}

/**
 * Data a module destroys when the register's retention period for its categories has run out
 * (DSR-5): the retention engine of pd-registry reads the periods, the module knows its tables.
 * Purges go in batches, each its own short transaction, so inbound traffic is never stalled.
 */
export interface RetentionTarget {
  /** e.g. "messaging.message-content". */
  readonly name: string;
  /** The register categories the data is declared under; the shortest period among them applies. */
  readonly categories: PdCategoryId[];
  /** What a purge would destroy: records collected before `before`, outside the holds. */
  count(tenantId: string, before: Date, holds: RetentionHolds): Promise<number>;
  /** Destroys at most `batchSize` such records; answers how many (0 when nothing is left). */
  purgeBatch(tenantId: string, before: Date, holds: RetentionHolds, batchSize: number): Promise<number>;
}

/** Collects the targets modules register at start-up. */
export class RetentionTargetRegistry {
  private readonly targets = new Map<string, RetentionTarget>();

  register(target: RetentionTarget): void {
    if (this.targets.has(target.name)) throw new Error(`Retention target "${target.name}" is registered twice`);
    this.targets.set(target.name, target);
  }

  list(): RetentionTarget[] {
    return [...this.targets.values()];
  }
}
