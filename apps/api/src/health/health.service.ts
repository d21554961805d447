import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RedisProbe } from './redis-probe';

export type DependencyStatus = { status: 'up'; latencyMs: number } | { status: 'down'; error: string };

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: { postgres: DependencyStatus; redis: DependencyStatus };
}

const CHECK_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly redis: RedisProbe,
  ) {}

  async report(): Promise<HealthReport> {
    const [postgres, redis] = await Promise.all([
      this.check(async () => {
        if (!this.dataSource.isInitialized) throw new Error('not connected');
        await this.dataSource.query('SELECT 1');
      }),
      this.check(() => this.redis.ping()),
    ]);
    return { status: postgres.status === 'up' && redis.status === 'up' ? 'ok' : 'unavailable', checks: { postgres, redis } };
  }

  private async check(probe: () => Promise<void>): Promise<DependencyStatus> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        probe(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
        }),
      ]);
      return { status: 'up', latencyMs: Math.round((performance.now() - started) * 10) / 10 };
    } catch (error) {
      // The message of a connection error names host and port only, never credentials.
      return { status: 'down', error: (error as Error).message.replace(/\/\/[^@/]*@/g, '//') };
    } finally {
      clearTimeout(timer);
    }
  }
}
