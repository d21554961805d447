import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  Clock,
  ConflictError,
  type ErasureMethod,
  type ErasureReport,
  InvalidInputError,
  NotFoundError,
  type PdCategoryId,
  type PlatformRetentionHolds,
  type Principal,
  QueuePort,
  type RetentionBatchRecorder,
  type RetentionHolds,
  type RetentionRegisterLayer,
  RetentionSchedule,
  type RetentionTarget,
  RetentionTargetRegistry,
  defineQueue,
} from '@perepiska/platform';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { type RegisterSnapshot, type RetentionRule, type RetentionTrigger } from '../domain/processing-activity';
import { keptByRun, type RetentionOutcome, retentionReason, subjectCategoriesText } from '../domain/retention-act';
import { retentionExpiry, type RuleSelection, selectRetentionRules } from '../domain/retention-rules';
import { DestructionActsRepository } from '../persistence/destruction-acts.repository';
import { type LegalHoldRow, LegalHoldsRepository } from '../persistence/legal-holds.repository';
import { type RetentionLogEntry, RetentionRunsRepository } from '../persistence/retention-runs.repository';
import { type RegisterScope, RegisterService } from './register.service';

export { retentionCutoff, retentionExpiry } from '../domain/retention-rules';

export const RETENTION_QUEUE = defineQueue<Record<string, never>>('pd-registry.retention');
/** How often the scheduled runs go: daily. */
const RUN_EVERY_MS = 24 * 3600_000;
const BATCH = 1_000;
/**
 * Inbound traffic comes first: after each batch the purge rests as long as the batch took, so
 * it holds the database at most half the time and the acknowledgements of incoming messages do
 * not queue behind it (bench/retention-purge.bench.mjs measures the effect).
 */
const PAUSE_PER_BATCH_TIME = 1;
const MAX_PAUSE_MS = 2_000;
const SCHEDULED = 'Плановое уничтожение (система «Переписка»)';
const INTERRUPTED = 'Прогон уничтожения прерван; акт составлен по журналу прогона на уничтоженные до прерывания записи';
const NO_HOLDS: RetentionHolds = { tenant: false, contactIds: [], conversationIds: [] };
/** The platform's register is nobody's business: its scope has no tenant. */
const PLATFORM_REGISTER_SCOPE: RegisterScope = { tenantId: '' };

/** One of the register's rules that covers the target's data. */
export interface RetentionPlanRule {
  /** The register's activity (purpose) the rule belongs to. */
  activity: string;
  categories: PdCategoryId[];
  /** "3 года с момента сбора". */
  period: string;
  amount: number;
  unit: RetentionRule['period']['unit'];
  /** The shortest: the one the data goes by. */
  applied: boolean;
}

export interface RetentionPlanItem {
  target: string;
  /** What one record is, in Russian. */
  description: string;
  /** Whose register governs it: the business's (its run destroys it) or the platform's (the platform's run does). */
  register: RetentionRegisterLayer;
  /** What the period counts from. */
  trigger: RetentionTrigger;
  categories: string[];
  method: ErasureMethod;
  /** Every rule of that register covering the data with that trigger, shortest first. */
  rules: RetentionPlanRule[];
  /** The applied rule; null when the register sets no period for the data (nothing goes). */
  rule: RetentionRule | null;
  period: string | null;
  cutoff: string | null;
  /** What a run now would destroy (for the platform's data in a business's plan: the records about this business). */
  count: number;
}

export interface RetentionRunResult {
  records: number;
  act: string | null;
  actId: string | null;
}

type RunScope = { layer: 'tenant'; tenantId: string } | { layer: 'platform' };

/** A target bound to one run's scope and holds: what the engine calls, whichever register it is under. */
interface BoundTarget {
  target: RetentionTarget;
  count(before: Date, options?: { ignoreHolds: boolean }): Promise<number>;
  purgeBatch(before: Date, batchSize: number, record: RetentionBatchRecorder): Promise<number>;
}

interface Planned {
  bound: BoundTarget;
  item: RetentionPlanItem;
  subjectCategories: string[];
}

/**
 * The retention engine (DSR-5). Each module's target names the register that governs its data —
 * the business's for its clients' data, the platform's own for its users' accounts and logs — and
 * what the period counts from; the engine applies the shortest period among that register's rules
 * for the data (`selectRetentionRules`) and has the module destroy what is older, in batches,
 * skipping what a legal hold keeps. A business's run destroys its clients' data, the platform's
 * run its own across every business; each run that destroys something writes an act of
 * destruction with the extract of its log (order No. 179), the business's or the platform's.
 * The log is durable as the run goes: each batch's entry is committed with the batch, so a run
 * that dies midway (a crash, a deploy) has its act written by the next run of the same scope.
 * Daily on a schedule; a dry run lists every target with its rules and what would go.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, RetentionSchedule {
  private readonly logger = new Logger('Retention');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly targets: RetentionTargetRegistry,
    private readonly register: RegisterService,
    private readonly holds: LegalHoldsRepository,
    private readonly acts: DestructionActsRepository,
    private readonly runs: RetentionRunsRepository,
    private readonly queue: QueuePort,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.queue.process(RETENTION_QUEUE, async () => {
      const failures: Error[] = [];
      const attempt = async (what: string, run: () => Promise<RetentionRunResult>) => {
        try {
          const result = await run();
          if (result.records) this.logger.log(`Destroyed ${result.records} expired record(s) of ${what} (act ${result.act})`);
        } catch (error) {
          // One scope failing leaves the others to run; the job still fails (its error goes to the queue's handler) and is retried.
          this.logger.error(`Retention run of ${what} failed`);
          failures.push(error instanceof Error ? error : new Error(String(error)));
        }
      };
      await attempt('the platform', () => this.runPlatform());
      for (const tenantId of await this.holds.tenantsWithRegister()) await attempt('a business', () => this.run(tenantId, null));
      if (failures.length) throw failures[0];
    });
    await this.queue.schedule(RETENTION_QUEUE, {}, { everyMs: RUN_EVERY_MS });
  }

  /**
   * The business's dry run: every target, with its register, trigger and rules. Its clients'
   * data counted under its holds; the platform's data counted for the records about the business.
   */
  async plan(tenantId: string): Promise<RetentionPlanItem[]> {
    const holds = await this.holds.active(tenantId);
    const held = holds.tenant || holds.contactIds.length > 0 || holds.conversationIds.length > 0;
    const registers = { tenant: await this.register.snapshot({ tenantId }, 'tenant'), platform: await this.register.snapshot(PLATFORM_REGISTER_SCOPE, 'platform') };
    const targets = [...this.targets.list()].sort((a, b) => (a.register === b.register ? 0 : a.register === 'tenant' ? -1 : 1));
    const planned = await this.planned(
      targets.map((target) => this.bind(target, tenantId, target.register === 'tenant' ? holds : { tenantIds: held ? [tenantId] : [] })),
      registers,
    );
    return planned.map((p) => p.item);
  }

  /** The platform's dry run: its own data across every business. */
  async platformPlan(): Promise<RetentionPlanItem[]> {
    const scope: RunScope = { layer: 'platform' };
    return (await this.planScope(scope, await this.holdsOf(scope))).map((p) => p.item);
  }

  /** One run for one business: its clients' data; the act names what went, by which rule, what stayed, and the run's log. */
  run(tenantId: string, principal: Principal | null): Promise<RetentionRunResult> {
    return this.execute({ layer: 'tenant', tenantId }, principal);
  }

  /** The platform's run over its own register's data (accounts, journals), in every business; the platform is the operator of its act. */
  runPlatform(): Promise<RetentionRunResult> {
    return this.execute({ layer: 'platform' }, null);
  }

  /** RetentionSchedule: when data of a target whose period starts at `from` goes by the register's shortest rule. */
  async expiresAt(targetName: string, from: Date, tenantId?: string): Promise<Date | null> {
    const target = this.targets.list().find((t) => t.name === targetName);
    if (!target || (target.register === 'tenant' && !tenantId)) return null;
    const register = target.register === 'tenant' ? await this.register.snapshot({ tenantId: tenantId! }, 'tenant') : await this.register.snapshot(PLATFORM_REGISTER_SCOPE, 'platform');
    const { rules } = selectRetentionRules({ [target.register]: register }, target, this.clock.now());
    const expiries = rules.map((r) => retentionExpiry(from, r.rule).getTime());
    return expiries.length ? new Date(Math.min(...expiries)) : null;
  }

  private async execute(scope: RunScope, principal: Principal | null): Promise<RetentionRunResult> {
    const tenantId = scope.layer === 'tenant' ? scope.tenantId : null;
    const lock = await this.runs.lock(tenantId);
    if (!lock) throw new ConflictError('A retention run of this register is already in progress');
    try {
      await this.closeInterrupted(tenantId);
      return await this.destroy(scope, principal);
    } finally {
      await this.runs.unlock(lock, tenantId);
    }
  }

  private async destroy(scope: RunScope, principal: Principal | null): Promise<RetentionRunResult> {
    const tenantId = scope.layer === 'tenant' ? scope.tenantId : null;
    const started = this.clock.now();
    const holds = await this.holdsOf(scope);
    const anyHold = 'tenantIds' in holds ? holds.tenantIds.length > 0 : holds.tenant || holds.contactIds.length > 0 || holds.conversationIds.length > 0;
    const log: RetentionLogEntry[] = [
      {
        at: started.toISOString(),
        type: 'retention-started',
        details: 'tenantIds' in holds ? { register: 'platform', holds: holds.tenantIds.length } : { register: 'tenant', holds: holds.tenant ? 'tenant' : holds.contactIds.length + holds.conversationIds.length },
      },
    ];
    const performer = principal?.userId ? { id: principal.userId, name: (await this.dataSource.query<Array<{ name: string }>>(`SELECT full_name AS name FROM users WHERE id = $1`, [principal.userId]))[0]?.name ?? '' } : null;
    const performedBy = performer ?? { id: null, name: SCHEDULED };
    const runId = await this.runs.start(tenantId, started, performedBy, log[0]);
    const outcomes: RetentionOutcome[] = [];
    const reports: ErasureReport[] = [];
    const subjects: string[] = [];
    for (const { bound, item, subjectCategories } of await this.planScope(scope, holds, { counts: false })) {
      let destroyed = 0;
      let held = 0;
      // Counted when its turn comes: a message whose content has just gone is metadata now.
      const expired = item.cutoff ? await bound.count(new Date(item.cutoff)) : 0;
      if (item.cutoff && expired > 0) {
        const cutoff = new Date(item.cutoff);
        await this.runs.addTarget(runId, { target: item.target, description: item.description, period: item.period, method: item.method, categories: item.categories, subjectCategories, expired });
        // The batch's entry goes into the run's durable log in the transaction that destroys the batch.
        const record: RetentionBatchRecorder = async (manager, records) => {
          const entry = { at: this.clock.now().toISOString(), type: 'retention-batch', details: { target: item.target, records } };
          await this.runs.append(manager, runId, entry);
          log.push(entry);
        };
        for (;;) {
          const batchStarted = performance.now();
          const batch = await bound.purgeBatch(cutoff, BATCH, record);
          if (!batch) break;
          destroyed += batch;
          await sleep(Math.min(MAX_PAUSE_MS, (performance.now() - batchStarted) * PAUSE_PER_BATCH_TIME));
        }
        const done = { at: this.clock.now().toISOString(), type: 'retention-target-done', details: { target: item.target, cutoff: item.cutoff, period: item.period, records: destroyed } };
        await this.runs.append(this.dataSource, runId, done);
        log.push(done);
      }
      if (item.cutoff && anyHold) {
        const cutoff = new Date(item.cutoff);
        held = Math.max(0, (await bound.count(cutoff, { ignoreHolds: true })) - (await bound.count(cutoff)));
      }
      outcomes.push({ description: item.description, period: item.period, expired, destroyed, held });
      if (destroyed) {
        reports.push({ source: item.target, method: item.method, records: destroyed, categories: item.categories });
        subjects.push(...subjectCategories);
      }
    }
    const total = reports.reduce((n, r) => n + r.records, 0);
    if (!total) {
      await this.runs.finish(this.dataSource, runId);
      return { records: 0, act: null, actId: null };
    }
    const act = await this.writeAct(runId, {
      tenantId,
      requestId: null,
      reason: retentionReason(outcomes),
      subjectName: subjectCategoriesText(subjects),
      categories: [...new Set(reports.flatMap((r) => r.categories))],
      reports,
      kept: keptByRun(outcomes),
      log,
      performedBy,
    });
    return { records: total, act: act.number, actId: act.id };
  }

  /**
   * The act of each run of the scope that died before writing its own: what its committed batches
   * destroyed, by its durable log, which the act names as interrupted; the rest of that data is
   * still there and goes in this run. A run that died before destroying anything leaves no act.
   */
  private async closeInterrupted(tenantId: string | null): Promise<void> {
    for (const run of await this.runs.unfinished(tenantId)) {
      const destroyedBy = new Map<string, number>();
      for (const entry of run.log) {
        if (entry.type !== 'retention-batch') continue;
        const target = String(entry.details.target);
        destroyedBy.set(target, (destroyedBy.get(target) ?? 0) + Number(entry.details.records));
      }
      const targets = run.targets.map((t) => ({ ...t, destroyed: destroyedBy.get(t.target) ?? 0 })).filter((t) => t.destroyed > 0);
      if (!targets.length) {
        await this.runs.finish(this.dataSource, run.id);
        continue;
      }
      const outcomes: RetentionOutcome[] = targets.map((t) => ({ description: t.description, period: t.period, expired: t.expired, destroyed: t.destroyed, held: 0 }));
      const records = targets.reduce((n, t) => n + t.destroyed, 0);
      const log = [...run.log, { at: this.clock.now().toISOString(), type: 'retention-interrupted', details: { startedAt: run.startedAt.toISOString(), records } }];
      const act = await this.writeAct(run.id, {
        tenantId,
        requestId: null,
        reason: `${retentionReason(outcomes)}. ${INTERRUPTED}`,
        subjectName: subjectCategoriesText(targets.flatMap((t) => t.subjectCategories)),
        categories: [...new Set(targets.flatMap((t) => t.categories))],
        reports: targets.map((t) => ({ source: t.target, method: t.method, records: t.destroyed, categories: t.categories })),
        kept: targets
          .filter((t) => t.destroyed < t.expired)
          .map((t) => ({ what: `${t.description}: ${t.expired - t.destroyed} из ${t.expired} с истёкшим сроком хранения`, why: 'прогон прерван до их уничтожения; их уничтожает следующий прогон' })),
        log,
        performedBy: run.performedBy,
      });
      this.logger.warn(`Wrote act ${act.number} for an interrupted retention run (${records} record(s) destroyed before it stopped)`);
    }
  }

  /** The run's act, and the run's durable rows gone with it, in one transaction: an act is written once. */
  private writeAct(runId: string, act: Parameters<DestructionActsRepository['insert']>[1]): Promise<{ id: string; number: string }> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = await this.acts.insert(manager, act);
      await this.runs.finish(manager, runId);
      return inserted;
    });
  }

  /** A business's run honours its own holds; the platform's, every business's that holds anything. */
  private async holdsOf(scope: RunScope): Promise<RetentionHolds | PlatformRetentionHolds> {
    return scope.layer === 'tenant' ? this.holds.active(scope.tenantId) : { tenantIds: await this.holds.tenantsUnderHold() };
  }

  /** The targets of one register, bound to the run's scope and holds, with their plan. */
  private async planScope(scope: RunScope, holds: RetentionHolds | PlatformRetentionHolds, options = { counts: true }): Promise<Planned[]> {
    const targets = this.targets.list().filter((t) => t.register === scope.layer);
    if (scope.layer === 'tenant') {
      return this.planned(
        targets.map((t) => this.bind(t, scope.tenantId, holds)),
        { tenant: await this.register.snapshot({ tenantId: scope.tenantId }, 'tenant') },
        options,
      );
    }
    return this.planned(
      targets.map((t) => this.bind(t, null, holds)),
      { platform: await this.register.snapshot(PLATFORM_REGISTER_SCOPE, 'platform') },
      options,
    );
  }

  private async planned(bound: BoundTarget[], registers: Partial<Record<RetentionRegisterLayer, RegisterSnapshot>>, options = { counts: true }): Promise<Planned[]> {
    const now = this.clock.now();
    const planned: Planned[] = [];
    for (const b of bound) {
      // A period counted from a deletion is a deadline: «удаление в течение 7 дней» (reference 004
      // §8). The run is daily, so what would pass its deadline before the next run goes now.
      const asOf = b.target.trigger === 'account-deletion' ? new Date(now.getTime() + RUN_EVERY_MS) : now;
      const selection = selectRetentionRules(registers, b.target, asOf);
      const cutoff = selection.applied?.cutoff ?? null;
      planned.push({
        bound: b,
        item: this.item(b.target, selection, cutoff && options.counts ? await b.count(cutoff) : 0),
        subjectCategories: selection.applied ? (registers[b.target.register]?.activities.find((a) => a.id === selection.applied!.activityId)?.data.subjectCategories ?? []) : [],
      });
    }
    return planned;
  }

  private item(target: RetentionTarget, selection: RuleSelection, count: number): RetentionPlanItem {
    return {
      target: target.name,
      description: target.description,
      register: target.register,
      trigger: target.trigger,
      categories: target.categories,
      method: target.method,
      rules: selection.rules.map((r) => ({ activity: r.activityName, categories: r.rule.categories, period: r.period, amount: r.rule.period.amount, unit: r.rule.period.unit, applied: r === selection.applied })),
      rule: selection.applied?.rule ?? null,
      period: selection.applied?.period ?? null,
      cutoff: selection.applied?.cutoff.toISOString() ?? null,
      count,
    };
  }

  private bind(target: RetentionTarget, tenantId: string | null, holds: RetentionHolds | PlatformRetentionHolds): BoundTarget {
    if (target.register === 'tenant') {
      const tenant = tenantId!;
      const tenantHolds = holds as RetentionHolds;
      return {
        target,
        count: (before, options) => target.count(tenant, before, options?.ignoreHolds ? NO_HOLDS : tenantHolds),
        purgeBatch: (before, size, record) => target.purgeBatch(tenant, before, tenantHolds, size, record),
      };
    }
    const platformHolds = holds as PlatformRetentionHolds;
    return {
      target,
      count: (before, options) => target.count(tenantId, before, options?.ignoreHolds ? { tenantIds: [] } : platformHolds),
      purgeBatch: (before, size, record) => target.purgeBatch(tenantId, before, platformHolds, size, record),
    };
  }

  listHolds(principal: Principal): Promise<LegalHoldRow[]> {
    return this.holds.list(principal.tenantId);
  }

  async hold(principal: Principal, input: { scope: LegalHoldRow['scope']; targetId?: string; reason: string }): Promise<LegalHoldRow> {
    if (input.scope !== 'tenant') {
      if (!input.targetId) throw new InvalidInputError('Validation failed: targetId', [{ field: 'targetId', messages: ['is required for a client or a conversation'] }]);
      if (!(await this.holds.targetExists(principal.tenantId, input.scope, input.targetId))) throw new NotFoundError(`${input.scope === 'contact' ? 'Contact' : 'Conversation'} not found`);
    }
    const id = await this.holds.insert(principal.tenantId, input.scope, input.scope === 'tenant' ? null : input.targetId!, input.reason.trim(), principal.userId ?? null);
    return (await this.holds.find(principal.tenantId, id))!;
  }

  async release(principal: Principal, id: string): Promise<LegalHoldRow> {
    if (!(await this.holds.release(principal.tenantId, id, principal.userId ?? null))) throw new NotFoundError('Active hold not found');
    return (await this.holds.find(principal.tenantId, id))!;
  }
}
