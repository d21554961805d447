import Bull from 'bull';
import {
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF_MS,
  type EnqueueOptions,
  type JobHandler,
  type ProcessOptions,
  QueuePort,
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

  process<T>(queue: QueueDefinition<T>, handler: JobHandler<T>, options: ProcessOptions = {}): void {
    if (!this.options.consume) return;
    void this.queue(queue.name).process(options.concurrency ?? 1, async (job: Bull.Job<T>) => {
      await handler(job.data, { jobId: String(job.id), attempt: job.attemptsMade + 1 });
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
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
