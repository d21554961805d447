import { randomUUID } from 'node:crypto';
import {
  DEFAULT_ATTEMPTS,
  type EnqueueOptions,
  type JobHandler,
  QueuePort,
  type QueueDefinition,
  type ScheduleOptions,
} from './queue.port';

interface RecordedJob {
  queue: string;
  payload: unknown;
  options: EnqueueOptions;
}

/**
 * Runs each job in the caller's await, with the same attempt semantics as Bull, so a unit test
 * sees the job's effects as soon as `enqueue` resolves. Jobs for queues with no handler are
 * kept and can be run later with `drain`.
 */
export class SyncQueueDriver extends QueuePort {
  private readonly handlers = new Map<string, JobHandler<unknown>>();
  private readonly seenJobIds = new Set<string>();
  readonly pending: RecordedJob[] = [];
  readonly completed: RecordedJob[] = [];
  readonly schedules = new Map<string, { payload: unknown; everyMs: number }>();

  async enqueue<T>(queue: QueueDefinition<T>, payload: T, options: EnqueueOptions = {}): Promise<void> {
    const jobId = options.jobId ?? randomUUID();
    const key = `${queue.name}:${jobId}`;
    if (this.seenJobIds.has(key)) return;
    this.seenJobIds.add(key);
    const job = { queue: queue.name, payload, options: { ...options, jobId } };
    if (!this.handlers.has(queue.name)) {
      this.pending.push(job);
      return;
    }
    await this.run(job);
  }

  async schedule<T>(queue: QueueDefinition<T>, payload: T, options: ScheduleOptions): Promise<void> {
    this.schedules.set(queue.name, { payload, everyMs: options.everyMs });
  }

  /** Runs one tick of a scheduled queue, as the interval would. */
  async tick(queueName: string): Promise<void> {
    const schedule = this.schedules.get(queueName);
    if (!schedule) throw new Error(`Nothing is scheduled on ${queueName}`);
    await this.run({ queue: queueName, payload: schedule.payload, options: { jobId: randomUUID(), attempts: 1 } });
  }

  process<T>(queue: QueueDefinition<T>, handler: JobHandler<T>): void {
    this.handlers.set(queue.name, handler as JobHandler<unknown>);
  }

  async drain(): Promise<void> {
    const runnable = this.pending.filter((job) => this.handlers.has(job.queue));
    this.pending.splice(0, this.pending.length, ...this.pending.filter((job) => !this.handlers.has(job.queue)));
    for (const job of runnable) await this.run(job);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }

  private async run(job: RecordedJob): Promise<void> {
    const handler = this.handlers.get(job.queue)!;
    const attempts = job.options.attempts ?? DEFAULT_ATTEMPTS;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await handler(job.payload, { jobId: job.options.jobId!, attempt });
        this.completed.push(job);
        return;
      } catch (error) {
        if (attempt >= attempts) throw error;
      }
    }
  }
}
