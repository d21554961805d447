/**
 * The small port every module queues work through (STYLE.md §5). Bull on Redis in the
 * running product, a synchronous driver in unit tests. Redis only carries work: a job is
 * always rebuildable from Postgres (ARCHITECTURE.md rule 3), so a lost job is a delay, never
 * a loss.
 */
export interface QueueDefinition<TPayload> {
  readonly name: string;
  /** Phantom field: ties the payload type to the queue name at compile time. */
  readonly __payload?: TPayload;
}

export function defineQueue<TPayload>(name: string): QueueDefinition<TPayload> {
  if (!/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/.test(name)) {
    throw new Error(`Queue name "${name}" must look like "module.purpose"`);
  }
  return { name };
}

export interface EnqueueOptions {
  /** Idempotency: a second job with the same id while the first exists is dropped. */
  jobId?: string;
  delayMs?: number;
  /** Total attempts including the first; retried with exponential backoff. */
  attempts?: number;
  backoffMs?: number;
}

export interface JobContext {
  jobId: string;
  attempt: number;
}

export type JobHandler<TPayload> = (payload: TPayload, job: JobContext) => Promise<void>;

export interface ScheduleOptions {
  /** Run every so many milliseconds; one schedule per queue however many processes ask. */
  everyMs: number;
}

export interface ProcessOptions {
  concurrency?: number;
}

export abstract class QueuePort {
  abstract enqueue<T>(queue: QueueDefinition<T>, payload: T, options?: EnqueueOptions): Promise<void>;
  /** Runs the queue's job on a fixed interval (sweepers, purges). Idempotent across processes. */
  abstract schedule<T>(queue: QueueDefinition<T>, payload: T, options: ScheduleOptions): Promise<void>;
  /** Registers the consumer; a process whose role does not consume jobs ignores it. */
  abstract process<T>(queue: QueueDefinition<T>, handler: JobHandler<T>, options?: ProcessOptions): void;
  /** Stops taking new jobs, lets running ones finish, closes connections. */
  abstract close(): Promise<void>;
}

export const DEFAULT_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS = 1000;
