import { defineQueue } from './queue.port';
import { SyncQueueDriver } from './sync-queue.driver';

const greetings = defineQueue<{ name: string }>('test.greetings');

describe('SyncQueueDriver', () => {
  it('runs the handler before enqueue resolves', async () => {
    const driver = new SyncQueueDriver();
    const seen: string[] = [];
    driver.process(greetings, async ({ name }) => void seen.push(name));
    await driver.enqueue(greetings, { name: 'Анна' });
    expect(seen).toEqual(['Анна']);
  });

  it('retries up to the attempt limit, then surfaces the error', async () => {
    const driver = new SyncQueueDriver();
    const attempts: number[] = [];
    driver.process(greetings, async (_payload, job) => {
      attempts.push(job.attempt);
      if (job.attempt < 3) throw new Error('transient');
    });
    await driver.enqueue(greetings, { name: 'x' }, { attempts: 3 });
    expect(attempts).toEqual([1, 2, 3]);

    driver.process(greetings, async () => {
      throw new Error('permanent');
    });
    await expect(driver.enqueue(greetings, { name: 'y' }, { attempts: 2 })).rejects.toThrow('permanent');
  });

  it('drops a second job with the same id and keeps jobs without a consumer until drained', async () => {
    const driver = new SyncQueueDriver();
    await driver.enqueue(greetings, { name: 'a' }, { jobId: 'same' });
    await driver.enqueue(greetings, { name: 'b' }, { jobId: 'same' });
    expect(driver.pending).toHaveLength(1);
    const seen: string[] = [];
    driver.process(greetings, async ({ name }) => void seen.push(name));
    await driver.drain();
    expect(seen).toEqual(['a']);
    expect(driver.pending).toHaveLength(0);
  });

  it('keeps schedules and runs one tick on demand', async () => {
    const driver = new SyncQueueDriver();
    const seen: string[] = [];
    driver.process(greetings, async ({ name }) => void seen.push(name));
    await driver.schedule(greetings, { name: 'tick' }, { everyMs: 60_000 });
    expect(driver.schedules.get(greetings.name)).toEqual({ payload: { name: 'tick' }, everyMs: 60_000 });
    await driver.tick(greetings.name);
    await driver.tick(greetings.name);
    expect(seen).toEqual(['tick', 'tick']);
    await expect(driver.tick('nothing.scheduled')).rejects.toThrow(/Nothing is scheduled/);
  });

  it('refuses queue names that do not say module and purpose', () => {
    expect(() => defineQueue('inbound')).toThrow(/module.purpose/);
  });
});
