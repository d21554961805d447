import { randomUUID } from 'node:crypto';
import { BullQueueDriver } from './bull-queue.driver';
import { defineQueue } from './queue.port';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const jobs = defineQueue<{ n: number }>('test.numbers');

function driver(consume: boolean, prefix: string): BullQueueDriver {
  return new BullQueueDriver({ redisUrl: REDIS_URL, prefix, consume });
}

function waitFor(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (predicate()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

describe('BullQueueDriver on a real Redis', () => {
  const drivers: BullQueueDriver[] = [];
  const make = (consume: boolean, prefix: string) => {
    const d = driver(consume, prefix);
    drivers.push(d);
    return d;
  };
  afterEach(async () => {
    await Promise.all(drivers.splice(0).map((d) => d.close()));
  });

  it('delivers jobs from a producer-only process to a consuming one, retrying failures', async () => {
    const prefix = `${process.env.PEREPISKA_TEST_QUEUE_PREFIX ?? 'test'}-${randomUUID()}`;
    const api = make(false, prefix);
    const worker = make(true, prefix);
    const seen: Array<[number, number]> = [];
    worker.process(jobs, async ({ n }, job) => {
      if (n === 2 && job.attempt === 1) throw new Error('transient');
      seen.push([n, job.attempt]);
    }, { concurrency: 2 });
    // The api role registers no consumer even when asked to.
    api.process(jobs, async () => {
      throw new Error('the api role must not consume');
    });
    for (const n of [1, 2, 3]) await api.enqueue(jobs, { n }, { backoffMs: 10 });
    await waitFor(() => seen.length === 3, 'three jobs');
    expect(seen.sort()).toEqual([[1, 1], [2, 2], [3, 1]]);
  });

  it('drops a duplicate job id while the first is queued', async () => {
    const prefix = `${process.env.PEREPISKA_TEST_QUEUE_PREFIX ?? 'test'}-${randomUUID()}`;
    const producer = make(false, prefix);
    await producer.enqueue(jobs, { n: 1 }, { jobId: 'inbound-42' });
    await producer.enqueue(jobs, { n: 2 }, { jobId: 'inbound-42' });
    const worker = make(true, prefix);
    const seen: number[] = [];
    worker.process(jobs, async ({ n }) => void seen.push(n));
    await producer.enqueue(jobs, { n: 3 }, { jobId: 'marker' });
    await waitFor(() => seen.includes(3), 'the marker job');
    expect(seen.sort()).toEqual([1, 3]);
  });
});
