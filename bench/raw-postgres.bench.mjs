// Raw-Postgres baseline: how fast this machine's Postgres takes messenger-shaped rows through
// plain `pg`, with no API, ORM or queue in between. Later benchmarks divide by these figures.
// Prints one JSON object on stdout; progress goes to stderr.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';

const env = process.env;
const BATCHED_ROWS = positiveInt('BENCH_ROWS', 50_000);
const SINGLE_ROWS = positiveInt('BENCH_SINGLE_ROWS', 5_000);
const REPEATS = 3;
const CONVERSATIONS = 3_000;
const TENANTS = 40;
const COLUMNS = ['tenant_id', 'conversation_id', 'connection_id', 'direction', 'kind', 'external_id', 'text', 'status', 'created_at'];
const MAX_PARAMETERS = 65_535;
const BATCH_SIZE = Math.min(500, Math.floor(MAX_PARAMETERS / COLUMNS.length));
// Keeps the whole run bounded on a machine with a slow fsync, where each single-row commit
// waits for the disk: the single-row count is reduced to fit and the reduction is reported.
const SINGLE_ROW_BUDGET_MS = 15_000;

function positiveInt(name, fallback) {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new Error(`${name} must be a positive whole number`);
  return Number(value);
}

const log = (message) => process.stderr.write(`[raw-postgres] ${message}\n`);

// Seeded, so every run inserts the same rows and runs on different machines stay comparable.
function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(152);
const pick = (items) => items[Math.floor(random() * items.length)];

function uuid() {
  const hex = Array.from({ length: 16 }, () => Math.floor(random() * 256).toString(16).padStart(2, '0'));
  hex[6] = `4${hex[6][1]}`;
  hex[8] = ((parseInt(hex[8], 16) & 0x3f) | 0x80).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const WORDS = (
  'здравствуйте добрый день спасибо пожалуйста подскажите заказ доставка оплата счёт ' +
  'номер адрес курьер завтра сегодня вечером утром можно ли уточнить стоимость размер цвет ' +
  'наличие склад магазин менеджер оператор консультация запись приём время удобно перезвоните ' +
  'договор скидка акция возврат обмен гарантия товар услуга карта наличными перевод получили ' +
  'отправили трек посылка пункт выдачи клиент вопрос ответ сообщение хорошо отлично понятно ' +
  'конечно да нет уже ещё очень будет было мы вы вам нам это когда где сколько почему как'
).split(' ');

function messageText(minChars, maxChars) {
  // Most messenger messages are short; a few are long, so lengths are skewed towards the minimum.
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
}

function generateRows(count) {
  const tenants = Array.from({ length: TENANTS }, () => ({ id: uuid(), connections: [] }));
  for (const tenant of tenants) {
    const connections = 1 + Math.floor(random() * 3);
    for (let i = 0; i < connections; i += 1) tenant.connections.push({ id: uuid(), nextExternalId: 1 + Math.floor(random() * 1e6) });
  }
  const conversations = Array.from({ length: CONVERSATIONS }, () => {
    const tenant = pick(tenants);
    return { id: uuid(), tenantId: tenant.id, connection: pick(tenant.connections) };
  });
  const now = Date.now();
  const ninetyDaysMs = 90 * 24 * 3600 * 1000;
  const rows = [];
  for (let i = 0; i < count; i += 1) {
    const conversation = pick(conversations);
    const incoming = random() < 0.6;
    const kind = random() < 0.88 ? 'text' : pick(['photo', 'document', 'voice', 'sticker']);
    const text = kind === 'text' ? messageText(20, 400) : kind === 'photo' && random() < 0.5 ? messageText(20, 120) : null;
    rows.push([
      conversation.tenantId,
      conversation.id,
      conversation.connection.id,
      incoming ? 'in' : 'out',
      kind,
      String(conversation.connection.nextExternalId++),
      text,
      incoming ? 'received' : pick(['sent', 'delivered', 'read', 'read', 'failed']),
      new Date(now - Math.floor(random() * ninetyDaysMs)).toISOString(),
    ]);
  }
  return rows;
}

function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A throw-away database (or, with BENCH_DATABASE_URL, a throw-away schema) and its removal. */
async function createSandbox(stamp) {
  if (env.BENCH_DATABASE_URL) {
    const schema = `bench_${stamp}`;
    const admin = new pg.Client({ connectionString: env.BENCH_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    return {
      url: env.BENCH_DATABASE_URL,
      table: `${schema}.messages`,
      drop: async () => {
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await admin.end();
      },
    };
  }
  const base = env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = `perepiska_bench_${stamp}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  log(`created database ${database}`);
  return {
    url: withDatabase(base, database),
    table: 'messages',
    drop: async () => {
      // FORCE ends a bench connection that an interrupted run may have left open.
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
      log(`dropped database ${database}`);
    },
  };
}

async function createTable(client, table) {
  await client.query(`
    CREATE TABLE ${table} (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL,
      conversation_id uuid NOT NULL,
      connection_id uuid NOT NULL,
      direction text NOT NULL CHECK (direction IN ('in', 'out')),
      kind text NOT NULL,
      external_id text NOT NULL,
      text text,
      status text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  await client.query(`CREATE UNIQUE INDEX ON ${table} (connection_id, external_id)`);
  await client.query(`CREATE INDEX ON ${table} (tenant_id, conversation_id, created_at DESC)`);
}

function batchStatement(table, rowCount) {
  const tuples = Array.from({ length: rowCount }, (_, row) => {
    const params = COLUMNS.map((_, column) => `$${row * COLUMNS.length + column + 1}`);
    return `(${params.join(', ')})`;
  });
  return `INSERT INTO ${table} (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`;
}

async function insertBatched(client, table, rows) {
  const fullBatch = batchStatement(table, BATCH_SIZE);
  for (let start = 0; start < rows.length; start += BATCH_SIZE) {
    const batch = rows.slice(start, start + BATCH_SIZE);
    const sql = batch.length === BATCH_SIZE ? fullBatch : batchStatement(table, batch.length);
    await client.query(sql, batch.flat());
  }
}

async function insertSingly(client, table, rows) {
  const sql = batchStatement(table, 1);
  for (const row of rows) await client.query(sql, row);
}

/** Rows per second of `insert` over `rows`, starting each time from an empty table. */
async function measure(client, table, insert, rows) {
  await client.query(`TRUNCATE ${table}`);
  const started = performance.now();
  await insert(client, table, rows);
  const elapsedMs = performance.now() - started;
  const { rows: [{ count }] } = await client.query(`SELECT count(*)::int AS count FROM ${table}`);
  if (count !== rows.length) throw new Error(`expected ${rows.length} rows in ${table}, found ${count}`);
  return rows.length / (elapsedMs / 1000);
}

let interrupted = false;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const started = performance.now();
  const rows = generateRows(Math.max(BATCHED_ROWS, SINGLE_ROWS));
  const textLengths = rows.map((row) => row[6]?.length).filter((length) => length !== undefined);
  log(`generated ${rows.length} rows in ${Math.round(performance.now() - started)} ms`);

  const sandbox = await createSandbox(Date.now());
  const onSignal = (signal) => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: dropping the benchmark database`);
    sandbox.drop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const client = new pg.Client({ connectionString: sandbox.url });
  try {
    await client.connect();
    const { rows: [{ server_version: postgresVersion }] } = await client.query('SHOW server_version');
    await createTable(client, sandbox.table);

    // Warm-up: connection, plan cache, shared buffers and the table's files.
    await measure(client, sandbox.table, insertBatched, rows.slice(0, 5_000));
    const singleProbe = await measure(client, sandbox.table, insertSingly, rows.slice(0, 300));
    const singleRows = Math.min(SINGLE_ROWS, Math.max(300, Math.floor((singleProbe * SINGLE_ROW_BUDGET_MS) / 1000 / REPEATS)));
    if (singleRows < SINGLE_ROWS) log(`single-row inserts are slow here (${Math.round(singleProbe)}/s): measuring ${singleRows} rows, not ${SINGLE_ROWS}`);

    const batched = [];
    for (let i = 0; i < REPEATS; i += 1) {
      batched.push(await measure(client, sandbox.table, insertBatched, rows.slice(0, BATCHED_ROWS)));
      log(`batched run ${i + 1}/${REPEATS}: ${Math.round(batched[i])} rows/s`);
    }
    const single = [];
    for (let i = 0; i < REPEATS; i += 1) {
      single.push(await measure(client, sandbox.table, insertSingly, rows.slice(0, singleRows)));
      log(`single-row run ${i + 1}/${REPEATS}: ${Math.round(single[i])} rows/s`);
    }

    const batchedRowsPerSecond = Math.round(median(batched));
    const singleRowRowsPerSecond = Math.round(median(single));
    const result = {
      benchmark: 'raw-postgres-inserts',
      rows: {
        batched: BATCHED_ROWS,
        batchSize: BATCH_SIZE,
        singleRow: singleRows,
        ...(singleRows < SINGLE_ROWS ? { singleRowRequested: SINGLE_ROWS } : {}),
        conversations: CONVERSATIONS,
        tenants: TENANTS,
        averageTextChars: Math.round(textLengths.reduce((sum, length) => sum + length, 0) / textLengths.length),
      },
      repeats: REPEATS,
      batchedRowsPerSecond,
      singleRowRowsPerSecond,
      samples: { batched: batched.map(Math.round), singleRow: single.map(Math.round) },
      ratios: { singleRowVsBatched: Number((singleRowRowsPerSecond / batchedRowsPerSecond).toFixed(4)) },
      machine: { cpus: os.availableParallelism(), node: process.version, postgres: postgresVersion },
      durationMs: Math.round(performance.now() - started),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await client.end().catch(() => undefined);
    if (!interrupted) await sandbox.drop();
  }
}

main().catch((error) => {
  // After a signal the dropped database ends the connection; that error is expected.
  if (!interrupted) log(error.stack ?? String(error));
  process.exitCode = 1;
});
