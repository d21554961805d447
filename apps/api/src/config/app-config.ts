import { type MasterKey, parseMasterKey } from '@perepiska/platform';
import { z } from 'zod';

/**
 * The one place that reads the environment (ARCHITECTURE.md rule 7). Everything else receives
 * the typed, validated `AppConfig`. A bad value stops start-up with one line that names the
 * variable and what is wrong with it.
 */
export const PROCESS_ROLES = ['all', 'api', 'worker'] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

const masterKey = z.string().transform((value, ctx): MasterKey => {
  try {
    return parseMasterKey(value.trim());
  } catch (error) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
    return z.NEVER;
  }
});

const keyList = z.string().transform((value, ctx): MasterKey[] => {
  const keys: MasterKey[] = [];
  for (const [index, item] of value.split(',').map((s) => s.trim()).filter(Boolean).entries()) {
    try {
      keys.push(parseMasterKey(item));
    } catch (error) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `key #${index + 1} ${(error as Error).message}` });
    }
  }
  return keys;
});

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: integer(1, 65535).default('3000'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  REDIS_URL: url(['redis:', 'rediss:']),
  ENCRYPTION_MASTER_KEY: masterKey,
  ENCRYPTION_RETIRED_KEYS: keyList.default(''),
  PROCESS_ROLE: z.enum(PROCESS_ROLES).default('all'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Large enough for an API-channel post carrying a file at ATTACHMENT_MAX_BYTES as base64.
  BODY_LIMIT_BYTES: integer(1024, 1024 * 1024 * 1024).default(String(16 * 1024 * 1024)),
  // The namespace of this deployment's keys in Redis: queues, rate limits, throttles.
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9:_-]+$/, 'must be lower-case letters, digits, ":", "_" or "-"').default('perepiska'),
  WEB_DIST_DIR: z.string().optional(),
  SHUTDOWN_GRACE_MS: integer(0, 120_000).default('10000'),
  RATE_LIMIT_PER_IP_PER_MINUTE: integer(1, 1_000_000).default('600'),
  RATE_LIMIT_PER_TOKEN_PER_MINUTE: integer(1, 1_000_000).default('600'),
  // Outgoing mail. Unset outside production: a local catcher on MAIL_CATCHER_PORT keeps it.
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  MAIL_FROM: z.string().min(3).default('Переписка <no-reply@perepiska.local>'),
  MAIL_CATCHER_PORT: integer(1, 65535).default('1025'),
  // Attachments: a local directory by default, any S3-compatible storage by config.
  STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
  STORAGE_DIR: z.string().min(1).default('.data/files'),
  S3_ENDPOINT: url(['http:', 'https:']).optional(),
  S3_REGION: z.string().min(1).default('ru-central1'),
  S3_BUCKET: z.string().min(3).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  ATTACHMENT_MAX_BYTES: integer(1024, 100 * 1024 * 1024).default(String(10 * 1024 * 1024)),
  // The sweepers re-queue inbound events and outgoing messages whose jobs were lost.
  MESSAGING_SWEEP_EVERY_MS: integer(100, 3_600_000).default('10000'),
  MESSAGING_STALE_AFTER_SECONDS: integer(1, 3600).default('10'),
  // Telegram personal accounts (MTProto): the platform's own application, from my.telegram.org.
  TELEGRAM_API_ID: integer(1, 2_147_483_647).optional(),
  TELEGRAM_API_HASH: z.string().regex(/^[0-9a-f]{32}$/, 'must be the 32 hex characters my.telegram.org shows').optional(),
  // Outside production only: the address of a local fake Telegram (TL over HTTP) the tests drive.
  TELEGRAM_TEST_SERVER_URL: url(['http:']).optional(),
  // Telegram Bot API; configurable so tests run against a local fake Bot API server.
  TELEGRAM_BOT_API_URL: url(['http:', 'https:']).default('https://api.telegram.org'),
  // How long a worker's hold on a messenger client lasts without a heartbeat.
  CONNECTION_LEASE_TTL_SECONDS: integer(3, 600).default('30'),
});

export type Env = Record<string, string | undefined>;

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string;
  redisUrl: string;
  encryption: { masterKey: MasterKey; retiredKeys: MasterKey[] };
  role: ProcessRole;
  logLevel: string;
  bodyLimitBytes: number;
  queuePrefix: string;
  webDistDir?: string;
  shutdownGraceMs: number;
  rateLimits: { perIpPerMinute: number; perTokenPerMinute: number };
  /** `catcherPort` is set when mail goes to the local catcher this process starts. */
  mail: { url: string; from: string; catcherPort?: number };
  storage:
    | { driver: 'local'; dir: string }
    | { driver: 's3'; endpoint: string; region: string; bucket: string; accessKeyId: string; secretAccessKey: string };
  messaging: {
    maxAttachmentBytes: number;
    sweepEveryMs: number;
    staleAfterSeconds: number;
    /** Where the worker holds messenger clients; the leases make it one client per account. */
    leaseTtlSeconds: number;
    telegram: { apiId: number; apiHash: string; testServerUrl: string | null } | null;
    telegramBotApiUrl: string;
  };
}

/** A configuration problem; `message` is the single line printed before exiting. */
export class ConfigError extends Error {}

export function loadConfig(env: Env): AppConfig {
  // An empty variable means "not set", so a blank line in a .env file falls back to the default.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0]);
      const message = issue.code === 'invalid_type' && issue.received === 'undefined' ? 'is required' : issue.message;
      return `${variable} ${message}`;
    });
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const c = parsed.data;
  if (c.NODE_ENV === 'production' && !c.SMTP_URL) {
    throw new ConfigError('Invalid configuration: SMTP_URL is required in production (password resets and invitations are sent by e-mail)');
  }
  let storage: AppConfig['storage'] = { driver: 'local', dir: c.STORAGE_DIR };
  if (c.STORAGE_DRIVER === 's3') {
    const missing = (['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const).filter((name) => !c[name]);
    if (missing.length) throw new ConfigError(`Invalid configuration: ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} required when STORAGE_DRIVER is s3`);
    storage = { driver: 's3', endpoint: c.S3_ENDPOINT!, region: c.S3_REGION, bucket: c.S3_BUCKET!, accessKeyId: c.S3_ACCESS_KEY_ID!, secretAccessKey: c.S3_SECRET_ACCESS_KEY! };
  }
  if (c.TELEGRAM_TEST_SERVER_URL && c.NODE_ENV === 'production') {
    throw new ConfigError('Invalid configuration: TELEGRAM_TEST_SERVER_URL is for tests and cannot be set in production');
  }
  if (!c.TELEGRAM_API_ID !== !c.TELEGRAM_API_HASH) {
    throw new ConfigError('Invalid configuration: TELEGRAM_API_ID and TELEGRAM_API_HASH go together');
  }
  // The fake accepts any application; the real network needs the platform's own (Telegram API terms).
  const telegram =
    c.TELEGRAM_API_ID && c.TELEGRAM_API_HASH
      ? { apiId: c.TELEGRAM_API_ID, apiHash: c.TELEGRAM_API_HASH, testServerUrl: c.TELEGRAM_TEST_SERVER_URL ?? null }
      : c.TELEGRAM_TEST_SERVER_URL
        ? { apiId: 1, apiHash: '0'.repeat(32), testServerUrl: c.TELEGRAM_TEST_SERVER_URL }
        : null;
  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    publicUrl: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
    databaseUrl: c.DATABASE_URL,
    redisUrl: c.REDIS_URL,
    encryption: { masterKey: c.ENCRYPTION_MASTER_KEY, retiredKeys: c.ENCRYPTION_RETIRED_KEYS },
    role: c.PROCESS_ROLE,
    logLevel: c.LOG_LEVEL,
    bodyLimitBytes: c.BODY_LIMIT_BYTES,
    queuePrefix: c.QUEUE_PREFIX,
    webDistDir: c.WEB_DIST_DIR,
    shutdownGraceMs: c.SHUTDOWN_GRACE_MS,
    rateLimits: { perIpPerMinute: c.RATE_LIMIT_PER_IP_PER_MINUTE, perTokenPerMinute: c.RATE_LIMIT_PER_TOKEN_PER_MINUTE },
    mail: c.SMTP_URL
      ? { url: c.SMTP_URL, from: c.MAIL_FROM }
      : { url: `smtp://127.0.0.1:${c.MAIL_CATCHER_PORT}`, from: c.MAIL_FROM, catcherPort: c.MAIL_CATCHER_PORT },
    storage,
    messaging: {
      maxAttachmentBytes: c.ATTACHMENT_MAX_BYTES,
      sweepEveryMs: c.MESSAGING_SWEEP_EVERY_MS,
      staleAfterSeconds: c.MESSAGING_STALE_AFTER_SECONDS,
      leaseTtlSeconds: c.CONNECTION_LEASE_TTL_SECONDS,
      telegram,
      telegramBotApiUrl: c.TELEGRAM_BOT_API_URL.replace(/\/$/, ''),
    },
  };
}

export function configFromProcess(): AppConfig {
  return loadConfig(process.env);
}

/** Nest injection token for the config object. */
export const APP_CONFIG = Symbol('APP_CONFIG');
