// The inbox's conversation list (GET /api/v1/conversations) at a realistic size: 1 000 000
// messages in 50 000 conversations seeded with SQL into the product's own schema, measured as
// the owner (sees everything) and as an operator (sees one connection's conversations), against
// a plain keyset query through `pg` on the same database in the same run. Also EXPLAIN ANALYZE
// of the exact SQL the API runs (taken from the built repository). Prints one JSON object on
// stdout; progress goes to stderr.
import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import {
  PASSWORD,
  createApiChannel,
  httpClient,
  logger,
  machineInfo,
  mulberry32,
  positiveInt,
  prepareRun,
  root,
  round,
  signup,
  startProduct,
  summarize,
  textGenerator,
} from './lib/product.mjs';

const env = process.env;
const CONVERSATIONS = positiveInt('BENCH_LIST_CONVERSATIONS', 50_000);
const MESSAGES = positiveInt('BENCH_LIST_MESSAGES', 1_000_000);
const CONNECTIONS = positiveInt('BENCH_LIST_CONNECTIONS', 5);
const REQUESTS = positiveInt('BENCH_LIST_REQUESTS', 300);
// Per case: stop early after this long (a pathological query must not eat the runner's timeout).
const CASE_BUDGET_MS = positiveInt('BENCH_LIST_CASE_BUDGET_MS', 20_000);
const MIN_REQUESTS = 20;
// A list request slower than this is not waited for (an inbox would have given up long before).
const REQUEST_TIMEOUT_MS = positiveInt('BENCH_LIST_TIMEOUT_MS', 5_000);
const WARMUP_REQUESTS = 10;
const DEEP_PAGES = 10;
const PAGE = 50;
const TARGET_FIRST_PAGE_P95_MS = 30;

const log = logger('conversation-list');
const random = mulberry32(2024);
const messageText = textGenerator(random);

const FIRST = ['Анна', 'Иван', 'Мария', 'Пётр', 'Ольга', 'Сергей', 'Елена', 'Дмитрий', 'Наталья', 'Алексей', 'Татьяна', 'Михаил', 'Юлия', 'Андрей', 'Ксения', 'Николай', 'Светлана', 'Павел', 'Ирина', 'Роман'];
const LAST = [
  'Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров',
  'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов', 'Степанов', 'Николаев',
  'Орлов', 'Андреев', 'Макаров', 'Никитин', 'Захаров', 'Зайцев', 'Соловьёв', 'Борисов', 'Яковлев', 'Григорьев',
  'Романов', 'Воробьёв', 'Сергеев', 'Кузьмин', 'Фролов', 'Александров', 'Дмитриев', 'Королёв', 'Гусев', 'Киселёв',
];
// A surname fragment: matches one contact in LAST.length (2.5 %), which the search must dig for.
const SEARCH = 'Лебед';

/**
 * Seeds contacts (with identities), conversations and messages of one tenant, spread over its
 * connections, with set-based SQL. FK triggers are skipped for the bulk insert
 * (session_replication_role = replica): the rows are consistent by construction.
 */
export async function seed(db, tenantId, connectionIds) {
  const texts = Array.from({ length: 2_000 }, () => messageText(20, 400));
  const timings = {};
  const step = async (name, sql, params = []) => {
    const started = performance.now();
    const result = await db.query(sql, params);
    timings[name] = Math.round(performance.now() - started);
    log(`seed: ${name} in ${timings[name]} ms`);
    return result;
  };
  await db.query('SELECT setseed(0.152)');
  await db.query(`SET session_replication_role = replica`);
  await db.query(`SET maintenance_work_mem = '256MB'`);
  await step(
    'plan',
    `CREATE TEMP TABLE seed_plan AS
       SELECT g AS idx, gen_random_uuid() AS conversation_id, gen_random_uuid() AS contact_id,
              ($1::uuid[])[1 + g % cardinality($1::uuid[])] AS connection_id,
              now() - random() * interval '90 days' AS last_at,
              random() AS r_status, random() AS r_unread
         FROM generate_series(0, $2::int - 1) g`,
    [connectionIds, CONVERSATIONS],
  );
  await db.query('CREATE INDEX ON seed_plan (idx)');
  await db.query('ANALYZE seed_plan');
  await step(
    'contacts',
    `INSERT INTO contacts (id, tenant_id, display_name, phone, created_at, updated_at)
     SELECT contact_id, $1, ($2::text[])[1 + idx % cardinality($2::text[])] || ' ' || ($3::text[])[1 + (idx / cardinality($2::text[])) % cardinality($3::text[])],
            '+7916' || lpad(idx::text, 7, '0'), last_at - interval '30 days', last_at
       FROM seed_plan`,
    [tenantId, FIRST, LAST],
  );
  await step(
    'contact_identities',
    `INSERT INTO contact_identities (tenant_id, contact_id, channel, external_id, username, created_at)
     SELECT $1, contact_id, 'api:' || connection_id, 'user-' || idx, CASE WHEN idx % 2 = 0 THEN 'client_' || idx END, last_at - interval '30 days'
       FROM seed_plan`,
    [tenantId],
  );
  await step(
    'conversations',
    `INSERT INTO conversations (id, tenant_id, connection_id, contact_id, external_chat_id, chat_kind, status, unread_count,
                                last_message_at, last_message_preview, last_message_direction, created_at, updated_at)
     SELECT conversation_id, $1, connection_id, contact_id, 'chat-' || idx, 'private',
            CASE WHEN r_status < 0.35 THEN 'open' WHEN r_status < 0.5 THEN 'pending' ELSE 'resolved' END,
            CASE WHEN r_unread < 0.2 THEN 1 + (idx % 5) ELSE 0 END,
            last_at, left(($2::text[])[1 + idx % cardinality($2::text[])], 200), 'in',
            last_at - interval '60 days', last_at
       FROM seed_plan`,
    [tenantId, texts],
  );
  // Message k of a conversation (k = 0 the latest) is 47 minutes before message k - 1.
  await step(
    'messages',
    `INSERT INTO messages (tenant_id, conversation_id, connection_id, direction, kind, text, external_id, status, created_at)
     SELECT $1, p.conversation_id, p.connection_id, CASE WHEN (g / $3::int) % 3 = 2 THEN 'out' ELSE 'in' END, 'text',
            ($2::text[])[1 + ((g::bigint * 7919) % cardinality($2::text[]))::int], 'm-' || g,
            CASE WHEN (g / $3::int) % 3 <> 2 AND p.r_unread < 0.2 AND g / $3::int < 1 + p.idx % 5 THEN 'received' ELSE 'read' END,
            p.last_at - (g / $3::int) * interval '47 minutes'
       FROM generate_series(0, $4::int - 1) g JOIN seed_plan p ON p.idx = g % $3::int`,
    [tenantId, texts, CONVERSATIONS, MESSAGES],
  );
  await db.query(`SET session_replication_role = DEFAULT`);
  await db.query('DROP TABLE seed_plan');
  // What autovacuum would have done by the time a tenant has this much: statistics and the
  // visibility map (index-only scans).
  await step('vacuum analyze', 'VACUUM ANALYZE contacts, contact_identities, conversations, messages');
  return timings;
}

/** An operator (built-in role) straight in the database, as apps/api/test/identity-fixtures.ts does. */
export async function createOperator(db, client, tenantId) {
  const require = createRequire(import.meta.url);
  const { hash } = require('@node-rs/argon2');
  const email = `bench-operator-${randomBytes(4).toString('hex')}@example.ru`;
  const userId = randomUUID();
  const membershipId = randomUUID();
  await db.query(`INSERT INTO users (id, email, full_name, password_hash) VALUES ($1, $2, $3, $4)`, [userId, email, 'Оператор Бенчмарков', await hash(PASSWORD)]);
  await db.query(`INSERT INTO memberships (id, tenant_id, user_id, builtin_role) VALUES ($1, $2, $3, 'operator')`, [membershipId, tenantId, userId]);
  const { accessToken } = await client.expect(200, 'POST', '/auth/login', { body: { email, password: PASSWORD } });
  return { membershipId, accessToken };
}

/**
 * Sequential requests (one at a time): latency of one inbox loading its list. A request that
 * takes longer than REQUEST_TIMEOUT_MS ends the case: it is reported as timed out (with how long
 * the requests before it took) and the query it left running is cancelled in Postgres.
 */
async function measure(label, once, onTimeout = async () => undefined) {
  const started = performance.now();
  const latencies = [];
  let warm = 0;
  try {
    while (warm < WARMUP_REQUESTS && performance.now() - started < CASE_BUDGET_MS / 4) {
      await once();
      warm += 1;
    }
    const measuring = performance.now();
    while (latencies.length < REQUESTS && (latencies.length < MIN_REQUESTS || performance.now() - measuring < CASE_BUDGET_MS)) {
      const t = performance.now();
      await once();
      latencies.push(performance.now() - t);
    }
  } catch (error) {
    if (!error.timedOut) throw error;
    await onTimeout();
    log(`${label}: a request took longer than ${REQUEST_TIMEOUT_MS} ms (after ${warm} warm-up and ${latencies.length} measured requests); case stopped`);
    return { ...summarize(latencies), timedOut: true, timeoutMs: REQUEST_TIMEOUT_MS };
  }
  const summary = summarize(latencies);
  log(`${label}: p50 ${summary.p50} ms, p95 ${summary.p95} ms, p99 ${summary.p99} ms (${summary.count} requests)`);
  return summary;
}

/** The SQL the API runs for a list request, captured from the built repository with a recording data source. */
export function apiSql(filter, scope, tenantId) {
  const require = createRequire(import.meta.url);
  require('reflect-metadata');
  const { ConversationsRepository } = require(join(root, 'dist/api/libs/messaging/src/persistence/conversations.repository.js'));
  const captured = [];
  const repository = new ConversationsRepository({ query: async (sql, params) => (captured.push({ sql, params }), [{}]) });
  repository.list(tenantId, scope, { limit: PAGE, ...filter });
  repository.unreadTotals(tenantId, scope);
  return { list: captured[0], unreadTotals: captured[1] };
}

function decodeCursor(cursor) {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  return { at: new Date(iso), id };
}

/** EXPLAIN (ANALYZE, BUFFERS) of one statement: execution time, and the plan text when asked. */
async function explain(db, { sql, params }, withPlan) {
  // Warm once, so the figure is the steady state the API sees, not a cold cache.
  await db.query(sql, params);
  const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
  const lines = rows.map((row) => row['QUERY PLAN']);
  const executionMs = Number(/Execution Time: ([\d.]+)/.exec(lines.at(-1))?.[1] ?? NaN);
  const planningMs = Number(/Planning Time: ([\d.]+)/.exec(lines.find((l) => l.startsWith('Planning Time')) ?? '')?.[1] ?? NaN);
  return { executionMs: round(executionMs), planningMs: round(planningMs), ...(withPlan ? { plan: lines } : {}) };
}

async function explainOnly(db, { sql, params }) {
  const { rows } = await db.query(`EXPLAIN ${sql}`, params);
  return { executionMs: null, notRun: `the API request took longer than ${REQUEST_TIMEOUT_MS} ms: plan only`, plan: rows.map((row) => row['QUERY PLAN']) };
}

async function main() {
  const startedAll = performance.now();
  const { build, cleanup, database, queuePrefix } = await prepareRun('list', log);

  try {
    const product = await startProduct({ databaseUrl: database.url, queuePrefix, role: 'all', log });
    cleanup.add('stop product', () => product.stop());
    const client = httpClient(product.baseUrl);
    cleanup.add('http client', () => client.close());
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    cleanup.add('pg client', () => db.end());
    const machine = await machineInfo(db);

    const owner = await signup(client);
    const connections = [];
    for (let i = 0; i < CONNECTIONS; i += 1) connections.push(await createApiChannel(client, owner.accessToken, `Канал ${i + 1}`));
    const seedStarted = performance.now();
    const seedTimings = await seed(db, owner.tenantId, connections.map((c) => c.id));
    const seedMs = Math.round(performance.now() - seedStarted);
    log(`seeded ${MESSAGES} messages in ${CONVERSATIONS} conversations over ${CONNECTIONS} connections in ${Math.round(seedMs / 1000)} s`);

    const operator = await createOperator(db, client, owner.tenantId);
    await client.expect(200, 'PATCH', `/connections/${connections[0].id}`, { token: owner.accessToken, body: { memberIds: [operator.membershipId] } });
    const counts = (await db.query(
      `SELECT count(*)::int AS all, count(*) FILTER (WHERE connection_id = $1)::int AS operator,
              count(*) FILTER (WHERE status = 'open')::int AS open, count(*) FILTER (WHERE unread_count > 0)::int AS unread,
              (SELECT count(*)::int FROM contacts WHERE display_name ILIKE $2) AS search
         FROM conversations`,
      [connections[0].id, `%${SEARCH}%`],
    )).rows[0];

    // Baseline: the plain keyset query, through pg, on the same database.
    const rawSql = 'SELECT id FROM conversations WHERE tenant_id = $1 ORDER BY last_message_at DESC, id DESC LIMIT 50';
    const raw = await measure('raw keyset query', () => db.query(rawSql, [owner.tenantId]));

    const roles = { owner: { token: owner.accessToken, scope: { kind: 'all' } }, operator: { token: operator.accessToken, scope: { kind: 'member', membershipId: operator.membershipId } } };
    const results = {};
    const explains = {};
    for (const [role, { token, scope }] of Object.entries(roles)) {
      const list = (query) => client.expect(200, 'GET', `/conversations?${query}`, { token, timeoutMs: REQUEST_TIMEOUT_MS });
      // The statement a timed-out request left running in this benchmark's database.
      const cancelRunaway = () =>
        db.query(
          `SELECT pg_cancel_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active' AND query_start < now() - make_interval(secs => $1)`,
          [REQUEST_TIMEOUT_MS / 1000 / 2],
        );
      // The cursor of page DEEP_PAGES + 1, reached by following the cursors from the first page.
      let cursor;
      for (let page = 0; page < DEEP_PAGES; page += 1) {
        const body = await list(`limit=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`);
        if (!body.nextCursor) throw new Error(`${role}: the list ended after ${page + 1} pages`);
        cursor = body.nextCursor;
      }
      const cases = {
        firstPage: { query: `limit=${PAGE}`, filter: {} },
        statusOpen: { query: `limit=${PAGE}&status=open`, filter: { status: 'open' } },
        unread: { query: `limit=${PAGE}&unread=true`, filter: { unread: true } },
        deepPage: { query: `limit=${PAGE}&cursor=${cursor}`, filter: { after: decodeCursor(cursor) } },
        search: { query: `limit=${PAGE}&q=${encodeURIComponent(SEARCH)}`, filter: { search: SEARCH } },
      };
      results[role] = {};
      explains[role] = {};
      for (const [name, { query, filter }] of Object.entries(cases)) {
        let items = null;
        const summary = await measure(
          `${role} ${name}`,
          async () => {
            const body = await list(query);
            items ??= body.items.length;
          },
          cancelRunaway,
        );
        results[role][name] = { ...summary, items, p95VsRawP95: summary.timedOut ? null : round(summary.p95 / raw.p95, 1) };
        // EXPLAIN ANALYZE of both statements the request runs, with the plan where the API is
        // slow; only EXPLAIN (the plan, not run) where a request timed out.
        const sql = apiSql(filter, scope, owner.tenantId);
        const slow = summary.timedOut || summary.p95 >= TARGET_FIRST_PAGE_P95_MS;
        explains[role][name] = {
          list: summary.timedOut ? await explainOnly(db, sql.list) : await explain(db, sql.list, slow),
          unreadTotals: await explain(db, sql.unreadTotals, slow),
        };
      }
    }

    const ownerFirst = results.owner.firstPage.p95;
    const operatorFirst = results.operator.firstPage.p95;
    const result = {
      benchmark: 'conversation-list',
      setup: {
        conversations: CONVERSATIONS,
        messages: MESSAGES,
        connections: CONNECTIONS,
        tenants: 1,
        pageSize: PAGE,
        requestsPerCase: REQUESTS,
        caseBudgetMs: CASE_BUDGET_MS,
        deepPageAfterPages: DEEP_PAGES,
        search: SEARCH,
        matching: counts,
        seedMs,
        seedTimings,
      },
      raw: { sql: rawSql, ...raw },
      api: results,
      ratios: Object.fromEntries(Object.entries(results).map(([role, cases]) => [role, Object.fromEntries(Object.entries(cases).map(([name, s]) => [name, s.p95VsRawP95]))])),
      targets: {
        ownerFirstPageP95Ms: { target: `< ${TARGET_FIRST_PAGE_P95_MS}`, value: ownerFirst, met: ownerFirst < TARGET_FIRST_PAGE_P95_MS },
        operatorFirstPageP95Ms: { target: `< ${TARGET_FIRST_PAGE_P95_MS}`, value: operatorFirst, met: operatorFirst < TARGET_FIRST_PAGE_P95_MS },
      },
      explain: explains,
      machine,
      build,
      durationMs: Math.round(performance.now() - startedAll),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await cleanup.run();
  }
}

// Runs when started as a benchmark; importing the file (to reuse the seed) runs nothing.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    log(error.stack ?? String(error));
    process.exitCode = 1;
  });
}
