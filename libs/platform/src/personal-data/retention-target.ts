import { type EntityManager } from 'typeorm';
import { type PdCategoryId } from './pd-categories';
import { type ErasureMethod } from './personal-data-source';

/** What a legal hold keeps out of every purge: the whole business, or some clients or conversations. */
export interface RetentionHolds {
  tenant: boolean;
  contactIds: string[];
  conversationIds: string[];
}

/** What legal holds keep out of the platform's own purges: the businesses under any active hold. */
export interface PlatformRetentionHolds {
  tenantIds: string[];
}

/**
 * The run's record of a batch, handed to `purgeBatch` by the retention engine: the target calls it
 * with its transaction's manager and the number of records the batch destroys, before it commits,
 * so what is destroyed and the record of it are committed together (order No. 179: a run that is
 * interrupted leaves no destroyed record out of its act). A target that destroys nothing does not call it.
 */
export type RetentionBatchRecorder = (manager: EntityManager, records: number) => Promise<void>;

/**
 * Whose register governs the data (REG-2): the business's, for its clients' data (the business is
 * the operator, the platform its processor), or the platform's own, for its users', employees'
 * and accounts' data and its logs (the platform is the operator).
 */
export type RetentionRegisterLayer = 'tenant' | 'platform';

/** What a register's retention period counts from; the ids of the register's triggers. */
export type RetentionTriggerId = 'collection' | 'last-activity' | 'account-deletion' | 'purpose-achieved' | 'consent-withdrawn';

interface RetentionTargetBase {
  /** e.g. "messaging.message-content". */
  readonly name: string;
  /** What one record is, in Russian, as the dry run and the act of destruction name it. */
  readonly description: string;
  /** The register categories the data is declared under; the shortest period among their rules applies. */
  readonly categories: PdCategoryId[];
  /** The event the period counts from: only the register's rules with this trigger govern the data. */
  readonly trigger: RetentionTriggerId;
  /**
   * The keys of the register's activities whose rules govern the data, where a category is
   * also declared for another purpose with another period (connection data is kept 12 months
   * for cookies and 3 years in the security logs). Without it, every activity of the register.
   */
  readonly activities?: string[];
  /** How the records go: destroyed, or depersonalised where the rows must stay. */
  readonly method: ErasureMethod;
}

/**
 * The business's clients' data, governed by its register. `before` is the cutoff of the
 * period counted from the target's trigger; records under the business's holds are left alone.
 */
export interface TenantRetentionTarget extends RetentionTargetBase {
  readonly register: 'tenant';
  /** What a purge would destroy: records whose period started before `before`, outside the holds. */
  count(tenantId: string, before: Date, holds: RetentionHolds): Promise<number>;
  /** Destroys at most `batchSize` such records in one transaction that `record`s them; answers how many (0 when nothing is left). */
  purgeBatch(tenantId: string, before: Date, holds: RetentionHolds, batchSize: number, record: RetentionBatchRecorder): Promise<number>;
}

/**
 * The platform's own data, governed by its register, across every business: the platform's run
 * passes `tenantId` null; a business's dry run passes its id to count only the records about it.
 */
export interface PlatformRetentionTarget extends RetentionTargetBase {
  readonly register: 'platform';
  count(tenantId: string | null, before: Date, holds: PlatformRetentionHolds): Promise<number>;
  purgeBatch(tenantId: string | null, before: Date, holds: PlatformRetentionHolds, batchSize: number, record: RetentionBatchRecorder): Promise<number>;
}

/**
 * Data a module destroys when the register's retention period for its categories has run out
 * (DSR-5): the retention engine of pd-registry reads the periods from the register the target
 * names, the module knows its tables. Purges go in batches, each its own short transaction, so
 * inbound traffic is never stalled.
 */
export type RetentionTarget = TenantRetentionTarget | PlatformRetentionTarget;

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

/**
 * When the register's period for a target's data runs out: a module tells the person (the owner
 * closing the business learns when its registration data goes) without knowing the period itself,
 * which lives once, in the register. Provided by the retention engine.
 */
export abstract class RetentionSchedule {
  /** The moment data whose period started at `from` may be destroyed; null when no rule of the register governs it. */
  abstract expiresAt(target: string, from: Date, tenantId?: string): Promise<Date | null>;
}
