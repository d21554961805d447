import { type Type } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { generateMasterKey } from '@perepiska/platform';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createHttpApp } from '../src/bootstrap';
import { type AppConfig, loadConfig } from '../src/config/app-config';
import { TEST_REDIS_URL } from './test-env';

export const TEST_MASTER_KEY = generateMasterKey('test1');

export function testConfig(env: Record<string, string> = {}): AppConfig {
  const database = process.env.PEREPISKA_TEST_DATABASE_URL;
  if (!database) throw new Error('Integration tests run through jest --selectProjects integration (global setup makes the database)');
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database,
    REDIS_URL: TEST_REDIS_URL,
    ENCRYPTION_MASTER_KEY: TEST_MASTER_KEY,
    QUEUE_PREFIX: process.env.PEREPISKA_TEST_QUEUE_PREFIX ?? 'test',
    LOG_LEVEL: 'warn',
    // Every test shares 127.0.0.1; the limits have tests of their own with their own addresses.
    RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
    STORAGE_DIR: join(tmpdir(), 'perepiska-test-files'),
    ...env,
  });
}

/** Collects JSON log lines so tests can assert on what was (and was not) logged. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }

  get text(): string {
    return this.lines.join('\n');
  }
}

export interface TestAppOptions {
  env?: Record<string, string>;
  extraModules?: Type[];
  logs?: LogCapture;
}

export async function bootTestApp(options: TestAppOptions = {}): Promise<NestFastifyApplication> {
  const app = await createHttpApp({
    config: testConfig(options.env),
    logDestination: options.logs ?? new LogCapture(),
    extraModules: options.extraModules,
  });
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
