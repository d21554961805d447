// Shared by the benchmarks that run the built product: a throw-away database, the product as a
// child process (the way apps/web/e2e/harness.mjs starts it), its Redis keys, a small
// keep-alive HTTP client, sign-up and API channels, percentiles and machine info.
import { fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Redis from 'ioredis';
import pg from 'pg';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const MAIN_JS = join(root, 'dist/api/apps/api/src/main.js');
const env = process.env;
export const POSTGRES_URL = env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
export const PASSWORD = 'correct horse battery';
export const REQUISITES = { name: 'ООО «Шарики»', inn: '7707083893', ogrn: '1027700132195', kpp: '773601001', legalAddress: '117312, г. Москва, ул. Вавилова, д. 19' };

export function logger(name) {
  return (message) => process.stderr.write(`[${name}] ${message}\n`);
}

export function positiveInt(name, fallback) {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new Error(`${name} must be a positive whole number`);
  return Number(value);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Nearest-rank percentile of already sorted numbers. */
export function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const round = (value, digits = 2) => (value === null || value === undefined ? null : Number(value.toFixed(digits)));

/** p50/p95/p99/max in ms (2 decimals) of a list of latencies. */
export function summarize(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? null),
  };
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// Seeded, so every run generates the same data (same generator as raw-postgres.bench.mjs).
export function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'здравствуйте добрый день спасибо пожалуйста подскажите заказ доставка оплата счёт ' +
  'номер адрес курьер завтра сегодня вечером утром можно ли уточнить стоимость размер цвет ' +
  'наличие склад магазин менеджер оператор консультация запись приём время удобно перезвоните ' +
  'договор скидка акция возврат обмен гарантия товар услуга карта наличными перевод получили ' +
  'отправили трек посылка пункт выдачи клиент вопрос ответ сообщение хорошо отлично понятно ' +
  'конечно да нет уже ещё очень будет было мы вы вам нам это когда где сколько почему как'
).split(' ');

/** Russian-like message text, skewed towards short messages (as in raw-postgres.bench.mjs). */
export function textGenerator(random) {
  const pick = (items) => items[Math.floor(random() * items.length)];
  return (minChars, maxChars) => {
    const target = minChars + Math.floor((maxChars - minChars) * random() ** 2);
    const sentences = [];
    let length = 0;
    while (length < target) {
      const words = Array.from({ length: 3 + Math.floor(random() * 9) }, () => pick(WORDS));
      words[0] = words[0][0].toUpperCase() + words[0].slice(1);
      const sentence = words.join(' ') + pick(['.', '.', '.', '?', '!', '…']);
      sentences.push(sentence);
      length += sentence.length + 1;
    }
    return sentences.join(' ').slice(0, target).trimEnd();
  };
}

/**
 * Whether dist/api is older than the backend sources (other engineers edit the tree while
 * benchmarks run). Returns the newest few sources changed after the build, for the report.
 */
export function buildFreshness() {
  if (!existsSync(MAIN_JS)) throw new Error('dist/api/apps/api/src/main.js is missing: run "npm run build:api" first');
  const builtAt = statSync(MAIN_JS).mtimeMs;
  const newer = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ts$/.test(entry.name) && !/\.(spec|e2e-spec|int-spec|d)\.ts$/.test(entry.name) && statSync(path).mtimeMs > builtAt) newer.push(path.slice(root.length + 1));
    }
  };
  // The directories scripts/build-api.mjs compiles.
  for (const dir of ['apps/api/src', 'libs/platform/src', 'libs/identity/src', 'libs/messaging/src', 'libs/consent/src', 'libs/pd-registry/src', 'libs/billing/src']) {
    if (existsSync(join(root, dir))) walk(join(root, dir));
  }
  return { builtAt: new Date(builtAt).toISOString(), sourcesChangedSinceBuild: newer.slice(0, 10), stale: newer.length > 0 };
}

function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function adminQuery(sql) {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A throw-away database for the product; `drop()` removes it (FORCE ends stray connections). */
export async function createDatabase(prefix) {
  const name = `${prefix}_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  return {
    name,
    url: withDatabase(POSTGRES_URL, name),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
    server.on('error', reject);
  });
}

/**
 * Starts `node dist/api/apps/api/src/main.js serve` with PROCESS_ROLE `role` and waits for its
 * "running" line. The product migrates its database on start. Rate limits are lifted: a
 * benchmark is one client posting far more than a person would.
 */
/** The environment a product process runs with (see startProduct); `extraEnv` overrides. */
function productEnv({ databaseUrl, queuePrefix, role, httpPort, mailPort, workDir, extraEnv }) {
  return {
    PATH: env.PATH,
    NODE_ENV: 'test',
    PORT: String(httpPort),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    REDIS_URL: REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    ENCRYPTION_MASTER_KEY: `bench:${randomBytes(32).toString('base64')}`,
    LOG_LEVEL: 'warn',
    PROCESS_ROLE: role,
    PUBLIC_URL: `http://127.0.0.1:${httpPort}`,
    MAIL_CATCHER_PORT: String(mailPort),
    STORAGE_DIR: join(workDir, 'files'),
    RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
    RATE_LIMIT_PER_TOKEN_PER_MINUTE: '1000000',
    ...extraEnv,
  };
}

export async function startProduct({ databaseUrl, queuePrefix, role = 'all', port, extraEnv = {}, nodeArgs = [], log = () => undefined }) {
  const httpPort = port ?? (await freePort());
  const mailPort = await freePort();
  // Its own working directory: the mail catcher and local file storage write under it.
  const workDir = mkdtempSync(join(os.tmpdir(), `${queuePrefix}-`));
  const child = spawn(process.execPath, [...nodeArgs, MAIN_JS, 'serve'], {
    cwd: workDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: productEnv({ databaseUrl, queuePrefix, role, httpPort, mailPort, workDir, extraEnv }),
  });
  let output = '';
  const keep = (chunk) => {
    output += chunk;
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  let exited = false;
  const exit = new Promise((r) => child.on('exit', (code, signal) => {
    exited = true;
    r({ code, signal });
  }));
  const started = new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`the product (${role}) did not start within 90 s:\n${output.slice(-4000)}`)), 90_000);
    const check = () => {
      if (/Perepiska (worker )?is running/.test(output)) {
        clearTimeout(timer);
        resolveStart();
      }
    };
    child.stdout.on('data', check);
    exit.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the product (${role}) exited with ${code ?? signal}:\n${output.slice(-4000)}`));
    });
  });
  try {
    await started;
  } catch (error) {
    if (!exited) child.kill('SIGKILL');
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
  log(`product started (PROCESS_ROLE=${role}, pid ${child.pid}${role === 'worker' ? '' : `, port ${httpPort}`})`);
  return {
    role,
    pid: child.pid,
    baseUrl: `http://127.0.0.1:${httpPort}`,
    output: () => output,
    /** SIGTERM (graceful), then SIGKILL if it has not exited after 15 s. */
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => !exited && child.kill('SIGKILL'), 15_000);
        await exit;
        clearTimeout(timer);
      }
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Deletes every Redis key of this run's QUEUE_PREFIX (queues, rate limits, throttles). */
export async function deleteRedisKeys(prefix) {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/**
 * Cleanup steps run once, in reverse order of registration, at the end, after a failure, or on
 * SIGINT/SIGTERM (the runner's timeout sends SIGTERM).
 */
export function cleanupRegistry(log) {
  const steps = [];
  let ran;
  const run = () => {
    ran ??= (async () => {
      for (const [name, step] of steps.reverse()) {
        try {
          await step();
        } catch (error) {
          log(`cleanup "${name}" failed: ${error.message}`);
        }
      }
    })();
    return ran;
  };
  const onSignal = (signal) => {
    log(`${signal}: stopping the product, dropping the database`);
    run().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return { add: (name, step) => steps.push([name, step]), run };
}

/** A tiny keep-alive JSON client on node:http: less client CPU per request than fetch. */
/**
 * What every product benchmark starts with: a warning when dist/ is older than the sources, a
 * database of its own and a Redis prefix of its own, both registered for clean-up.
 */
export async function prepareRun(name, log) {
  const build = buildFreshness();
  if (build.stale) log(`WARNING: backend sources changed after the build (${build.sourcesChangedSinceBuild.join(', ')}): run "npm run build:api"`);
  const cleanup = cleanupRegistry(log);
  const database = await createDatabase(`perepiska_bench_${name}`);
  cleanup.add('drop database', async () => {
    await database.drop();
    log(`dropped database ${database.name}`);
  });
  const queuePrefix = `bench-${name}-${Date.now()}`;
  cleanup.add('redis keys', async () => log(`deleted ${await deleteRedisKeys(queuePrefix)} redis keys (${queuePrefix}*)`));
  log(`created database ${database.name}`);
  return { build, cleanup, database, queuePrefix };
}

export function httpClient(baseUrl, { maxSockets = 64 } = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  const { hostname, port } = new URL(baseUrl);
  /** With `timeoutMs`, a request still unanswered by then rejects with `error.timedOut` set. */
  const request = (method, path, { body, token, timeoutMs } = {}) =>
    new Promise((resolveRequest, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const headers = { accept: 'application/json' };
      if (payload) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = payload.length;
      }
      if (token) headers.authorization = `Bearer ${token}`;
      const req = http.request({ agent, hostname, port, method, path: `/api/v1${path}`, headers }, (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolveRequest({ status: res.statusCode, body: json, text });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      if (timeoutMs) {
        req.setTimeout(timeoutMs, () => {
          const error = new Error(`${method} ${path}: no answer within ${timeoutMs} ms`);
          error.timedOut = true;
          req.destroy(error);
        });
      }
      if (payload) req.write(payload);
      req.end();
    });
  const expect = async (status, method, path, options) => {
    const response = await request(method, path, options);
    if (response.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${response.status}: ${response.text.slice(0, 500)}`);
    return response.body;
  };
  return { request, expect, close: () => agent.destroy() };
}

/** Signs a business up through the API; returns the owner's tokens, user and tenant ids. */
export async function signup(client) {
  const email = `bench-owner-${randomBytes(4).toString('hex')}@example.ru`;
  const tokens = await client.expect(201, 'POST', '/auth/signup', {
    body: {
      tenant: REQUISITES,
      owner: { fullName: 'Анна Смирнова', email, password: PASSWORD },
      acceptedVersionIds: (await client.expect(200, 'GET', '/public/legal/signup')).map((a) => a.versionId),
    },
  });
  const me = await client.expect(200, 'GET', '/auth/me', { token: tokens.accessToken });
  // Messengers connect only with the messenger module on: its agreement accepted with every warranty.
  const module = await client.expect(200, 'GET', '/messenger-module', { token: tokens.accessToken });
  await client.expect(201, 'POST', '/messenger-module/activate', { token: tokens.accessToken, body: { versionId: module.currentAgreement.id, warranties: module.warranties.map((w) => w.id) } });
  return { email, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, tenantId: me.tenant.id, userId: me.user.id };
}

export async function createApiChannel(client, token, displayName = 'Bench') {
  const created = await client.expect(201, 'POST', '/connections', { token, body: { type: 'api', displayName, webhookUrl: null } });
  return { id: created.connection.id, inboundToken: created.secrets.inboundToken };
}

export async function machineInfo(pgClient) {
  const { rows: [{ server_version: postgres }] } = await pgClient.query('SHOW server_version');
  const settings = {};
  for (const name of ['shared_buffers', 'synchronous_commit', 'work_mem']) {
    settings[name] = (await pgClient.query(`SHOW ${name}`)).rows[0][name];
  }
  return { cpus: os.availableParallelism(), cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, postgres, postgresSettings: settings, loadAverage: os.loadavg().map((v) => round(v)) };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); null elsewhere. */
export function processCpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / (Number(env.BENCH_CLK_TCK) || 100);
  } catch {
    return null;
  }
}

/**
 * CPU use of the product's processes and of this database's Postgres backends over a span:
 * `start()` before, `stop()` after; shows whether a run was CPU-bound or waiting.
 */
export function cpuMeter(db, pids) {
  const backends = async () => (await db.query('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows.map((r) => r.pid);
  let before;
  return {
    async start() {
      const pg = await backends();
      before = { at: performance.now(), product: pids.map(processCpuSeconds), pg: new Map(pg.map((pid) => [pid, processCpuSeconds(pid)])), self: process.cpuUsage() };
    },
    async stop() {
      const wallSeconds = (performance.now() - before.at) / 1000;
      const product = pids.map((pid, i) => (processCpuSeconds(pid) ?? NaN) - (before.product[i] ?? NaN));
      let postgres = 0;
      for (const pid of await backends()) postgres += (processCpuSeconds(pid) ?? 0) - (before.pg.get(pid) ?? 0);
      const self = process.cpuUsage(before.self);
      const cores = os.availableParallelism();
      const productTotal = product.reduce((a, b) => a + b, 0);
      const benchClient = (self.user + self.system) / 1e6;
      return {
        wallSeconds: round(wallSeconds),
        productCpuSeconds: product.map((v) => round(v)),
        postgresBackendsCpuSeconds: round(postgres),
        benchClientCpuSeconds: round(benchClient),
        // Share of the machine's cores these used; the rest was idle or used by other programs.
        shareOfMachine: round((productTotal + postgres + benchClient) / (wallSeconds * cores), 3),
      };
    },
  };
}

/**
 * The built product's application context in a process of its own, as main.js boots it for its
 * maintenance commands (`createWorkerContext` with the `api` role, so it consumes no queue): a
 * benchmark calls a service of the product directly, e.g. `call('libs/pd-registry/src',
 * 'RetentionService', 'run', [tenantId, null])`, and gets its result and the time the call
 * took inside that process. `stop()` closes the context (SIGTERM, then SIGKILL after 15 s).
 */
export async function startProductContext({ databaseUrl, queuePrefix, extraEnv = {}, log = () => undefined }) {
  // No listener and no mail catcher: the ports are only for the configuration to be valid.
  const [httpPort, mailPort] = [await freePort(), await freePort()];
  const workDir = mkdtempSync(join(os.tmpdir(), `${queuePrefix}-context-`));
  const child = fork(join(root, 'bench/lib/product-context.mjs'), [], {
    cwd: workDir,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    execArgv: [],
    env: { ...productEnv({ databaseUrl, queuePrefix, role: 'api', httpPort, mailPort, workDir, extraEnv }), BENCH_DIST: join(root, 'dist/api') },
  });
  let output = '';
  const keep = (chunk) => {
    output += chunk;
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  let exited = false;
  const pending = new Map();
  const exit = new Promise((r) => child.on('exit', (code, signal) => {
    exited = true;
    for (const { reject } of pending.values()) reject(new Error(`the product context exited with ${code ?? signal}:\n${output.slice(-4000)}`));
    pending.clear();
    r({ code, signal });
  }));
  let nextId = 0;
  const ready = new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`the product context did not start within 90 s:\n${output.slice(-4000)}`)), 90_000);
    child.on('message', (message) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolveReady();
      } else if (pending.has(message.id)) {
        const { resolve: resolveCall, reject: rejectCall } = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) rejectCall(new Error(`${message.error}\n${output.slice(-2000)}`));
        else resolveCall({ result: message.result, ms: message.ms });
      }
    });
    exit.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the product context exited with ${code ?? signal}:\n${output.slice(-4000)}`));
    });
  });
  try {
    await ready;
  } catch (error) {
    if (!exited) child.kill('SIGKILL');
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
  log(`product context started (createWorkerContext, PROCESS_ROLE=api, pid ${child.pid})`);
  return {
    pid: child.pid,
    output: () => output,
    call(module, service, method, args = []) {
      const id = (nextId += 1);
      return new Promise((resolveCall, reject) => {
        pending.set(id, { resolve: resolveCall, reject });
        child.send({ id, module, service, method, args });
      });
    },
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => !exited && child.kill('SIGKILL'), 15_000);
        await exit;
        clearTimeout(timer);
      }
      rmSync(workDir, { recursive: true, force: true });
    },
    /** SIGKILL: a call in progress is cut off as a crash would (its open transaction rolls back). */
    async kill() {
      if (!exited) {
        child.kill('SIGKILL');
        await exit;
      }
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
