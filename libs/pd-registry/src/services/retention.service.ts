import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, type ErasureReport, InvalidInputError, NotFoundError, type Principal, QueuePort, RetentionTargetRegistry, defineQueue } from '@perepiska/platform';
import { DataSource } from 'typeorm';
import { type RetentionRule } from '../domain/processing-activity';
import { categoryLabel, retentionPeriodText } from '../domain/register-view';
import { DestructionActsRepository } from '../persistence/destruction-acts.repository';
import { type LegalHoldRow, LegalHoldsRepository } from '../persistence/legal-holds.repository';
import { RegisterService } from './register.service';

export const RETENTION_QUEUE = defineQueue<Record<string, never>>('pd-registry.retention');
const DAY_MS = 24 * 3600_000;
const BATCH = 1_000;

export interface RetentionPlanItem {
  target: string;
  categories: string[];
  rule: RetentionRule;
  period: string;
  cutoff: string;
  count: number;
}

/** `now` minus a register period, in calendar terms (a month back is the same day of the previous month). */
export function retentionCutoff(now: Date, rule: RetentionRule): Date {
  const cutoff = new Date(now);
  const { amount, unit } = rule.period;
  if (unit === 'days') return new Date(now.getTime() - amount * DAY_MS);
  if (unit === 'months') cutoff.setUTCMonth(cutoff.getUTCMonth() - amount);
  else cutoff.setUTCFullYear(cutoff.getUTCFullYear() - amount);
  return cutoff;
}

/**
 * The retention engine (DSR-5): it reads the business's register — the shortest period counted
 * from collection among the rules covering a target's categories — and has each module destroy
 * what is older, in batches, skipping what a legal hold keeps; every run that destroys something
 * writes an act of destruction with the extract of its log (order No. 179). Daily on a schedule;
 * a dry run lists what would go.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Retention');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly targets: RetentionTargetRegistry,
    private readonly register: RegisterService,
    private readonly holds: LegalHoldsRepository,
    private readonly acts: DestructionActsRepository,
    private readonly queue: QueuePort,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.queue.process(RETENTION_QUEUE, async () => {
      for (const tenantId of await this.holds.tenantsWithRegister()) {
        const result = await this.run(tenantId, null);
        if (result.records) this.logger.log(`Destroyed ${result.records} expired record(s) of a business (act ${result.act})`);
      }
    });
    await this.queue.schedule(RETENTION_QUEUE, {}, { everyMs: DAY_MS });
  }

  async plan(tenantId: string): Promise<RetentionPlanItem[]> {
    const now = this.clock.now();
    const snapshot = await this.register.snapshot({ tenantId }, 'tenant');
    const rules = snapshot.activities.flatMap((activity) => activity.data.retention).filter((rule) => rule.trigger === 'collection');
    const holds = await this.holds.active(tenantId);
    const plan: RetentionPlanItem[] = [];
    for (const target of this.targets.list()) {
      const covering = rules.filter((rule) => rule.categories.some((c) => target.categories.includes(c)));
      if (!covering.length) continue;
      const shortest = covering.reduce((a, b) => (retentionCutoff(now, a) > retentionCutoff(now, b) ? a : b));
      const cutoff = retentionCutoff(now, shortest);
      plan.push({
        target: target.name,
        categories: target.categories,
        rule: shortest,
        period: retentionPeriodText(shortest),
        cutoff: cutoff.toISOString(),
        count: await target.count(tenantId, cutoff, holds),
      });
    }
    return plan;
  }

  /** One run for one business; the act names what went, by which rule, and the run's log. */
  async run(tenantId: string, principal: Principal | null): Promise<{ records: number; act: string | null; actId: string | null }> {
    const started = this.clock.now();
    const holds = await this.holds.active(tenantId);
    const log: Array<{ at: string; type: string; details: Record<string, unknown> }> = [{ at: started.toISOString(), type: 'retention-started', details: { holds: holds.tenant ? 'tenant' : holds.contactIds.length + holds.conversationIds.length } }];
    const reports: ErasureReport[] = [];
    for (const item of await this.plan(tenantId)) {
      const target = this.targets.list().find((t) => t.name === item.target)!;
      let records = 0;
      for (let batch = await target.purgeBatch(tenantId, new Date(item.cutoff), holds, BATCH); batch > 0; batch = await target.purgeBatch(tenantId, new Date(item.cutoff), holds, BATCH)) {
        records += batch;
        log.push({ at: this.clock.now().toISOString(), type: 'retention-batch', details: { target: item.target, records: batch } });
      }
      if (records) reports.push({ source: item.target, method: 'destroy', records, categories: item.categories });
      log.push({ at: this.clock.now().toISOString(), type: 'retention-target-done', details: { target: item.target, cutoff: item.cutoff, period: item.period, records } });
    }
    const total = reports.reduce((n, r) => n + r.records, 0);
    if (!total) return { records: 0, act: null, actId: null };
    const performer = principal?.userId ? { id: principal.userId, name: (await this.dataSource.query<Array<{ name: string }>>(`SELECT full_name AS name FROM users WHERE id = $1`, [principal.userId]))[0]?.name ?? '' } : null;
    const act = await this.dataSource.transaction((manager) =>
      this.acts.insert(manager, {
        tenantId,
        requestId: null,
        reason: `Истечение срока хранения, установленного реестром процессов обработки: ${reports.map((r) => r.categories.map((c) => categoryLabel(c as never)).join(', ')).join('; ')}`,
        subjectName: null,
        categories: [...new Set(reports.flatMap((r) => r.categories))],
        reports,
        kept: [{ what: 'Сведения о сообщениях без их содержания: время, направление, статус', why: 'срок хранения метаданных по реестру процессов обработки не истёк' }],
        log,
        performedBy: performer ?? { id: null, name: 'Плановое уничтожение (система «Переписка»)' },
      }),
    );
    return { records: total, act: act.number, actId: act.id };
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
