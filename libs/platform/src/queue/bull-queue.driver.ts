import Bull from 'bull';
import {
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF_MS,
  type EnqueueOptions,
  type JobHandler,
  type ProcessOptions,
  QueuePort,
  type ScheduleOptions,
  type QueueDefinition,
} from './queue.port';

export interface BullQueueDriverOptions {
  redisUrl: string;
  /** Key prefix in Redis; separate prefixes keep test runs and deployments apart. */
  prefix: string;
  /** False in the `api` process role: it produces jobs and never consumes them. */
  consume: boolean;
  onError?: (queue: string, error: Error) => void;
}

export class BullQueueDriver extends QueuePort {
  private readonly queues = new Map<string, Bull.Queue>();
  private closing = false;
  private readonly consumers = new Set<Bull.Queue>();
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(private readonly options: BullQueueDriverOptions) {
    super();
  }

  async enqueue<T>(queue: QueueDefinition<T>, payload: T, options: EnqueueOptions = {}): Promise<void> {
    await this.queue(queue.name).add(payload, {
      jobId: options.jobId,
      delay: options.delayMs,
      attempts: options.attempts ?? DEFAULT_ATTEMPTS,
      backoff: { type: 'exponential', delay: options.backoffMs ?? DEFAULT_BACKOFF_MS },
      removeOnComplete: true,
      removeOnFail: 1000,
    });
  }

  /**
   * Each consuming process ticks on the interval and adds the tick's job under an id made of
   * the interval slot, so however many workers run, a slot's job runs once. (Bull's own
   * repeatable jobs race with closing the queue; a plain timer closes cleanly.)
   */
  async schedule<T>(queue: QueueDefinition<T>, payload: T, options: ScheduleOptions): Promise<void> {
    if (!this.options.consume) return;
    const tick = () => {
      const slot = Math.floor(Date.now() / options.everyMs);
      this.queue(queue.name)
        .add(payload, { jobId: `tick-${slot}`, attempts: 1, removeOnComplete: 50, removeOnFail: 50 })
        .catch((error: Error) => {
          if (!this.closing) this.options.onError?.(queue.name, error);
        });
    };
    const timer = setInterval(tick, options.everyMs);
    timer.unref();
    this.timers.push(timer);
    tick();
  }

  process<T>(queue: QueueDefinition<T>, handler: JobHandler<T>, options: ProcessOptions = {}): void {
    if (!this.options.consume) return;
    const bull = this.queue(queue.name);
    this.consumers.add(bull);
    bull
      .process(options.concurrency ?? 1, async (job: Bull.Job<T>) => {
        await handler(job.data, { jobId: String(job.id), attempt: job.attemptsMade + 1 });
      })
      // The promise settles only when the consumer stops; closing the queue ends it on purpose.
      .catch((error: Error) => {
        if (!this.closing) this.options.onError?.(queue.name, error);
      });
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    // Bull closes cleanly only once a consumer's loop is running: a queue closed while its
    // consumer is still starting leaves a connection open and rejects commands unhandled.
    await Promise.all([...this.consumers].map((queue) => consumerStarted(queue)));
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.consumers.clear();
    this.queues.clear();
  }

  private queue(name: string): Bull.Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Bull(name, this.options.redisUrl, { prefix: this.options.prefix });
      queue.on('error', (error: Error) => this.options.onError?.(name, error));
      this.queues.set(name, queue);
    }
    return queue;
  }
}

/**
 * Resolves when the consumer polls for jobs (Bull keeps a promise per slot in `processing`), at
 * once when Redis does not answer (nothing was started), and after 2 s at most.
 */
async function consumerStarted(queue: Bull.Queue): Promise<void> {
  const internals = queue as unknown as { processing?: Record<string, unknown> };
  for (let waited = 0; waited < 2000 && !Object.keys(internals.processing ?? {}).length; waited += 20) {
    if (queue.client.status !== 'ready') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
