// The retention engine purging 1 000 000 expired messages of one business while an integrator's
// inbound load runs on the same product: the purge rate against raw batched `pg` UPDATE + DELETE
// of the same batch size on an identical copy of the rows, and the ingestion ack p99 with the
// purge running against the same load without it, in the same run. The engine's run gets
// BENCH_PURGE_BUDGET_SECONDS and is cut off after that, its rate measured on what it destroyed.
// Checks that every expired message lost its content (or, in a run cut off, that it went oldest
// first) and no fresh one did: FAIL and exit 1 otherwise. Prints one JSON object on stdout;
// progress goes to stderr.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { ackLoadShape, countMessages, flood, messageGenerator, openLoop, singleMessageCapacity, waitPersisted } from './lib/ingest-load.mjs';
import {
  cpuMeter,
  createApiChannel,
  httpClient,
  logger,
  machineInfo,
  mulberry32,
  positiveInt,
  prepareRun,
  processCpuSeconds,
  REDIS_URL,
  round,
  signup,
  sleep,
  startProduct,
  startProductContext,
  textGenerator,
} from './lib/product.mjs';

const MESSAGES = positiveInt('BENCH_PURGE_MESSAGES', 1_000_000);
const CONVERSATIONS = positiveInt('BENCH_PURGE_CONVERSATIONS', Math.max(100, Math.min(20_000, Math.ceil(MESSAGES / 50))));
// Messages inside the period, in the same conversations: they must keep their content.
const FRESH = positiveInt('BENCH_PURGE_FRESH', Math.max(1_000, Math.ceil(MESSAGES / 50)));
// One message in ATTACHMENT_EVERY is a photo or a file with a caption and an attachments row.
const ATTACHMENT_EVERY = 20;
const INGEST_CHATS = positiveInt('BENCH_PURGE_INGEST_CHATS', 2_000);
// The inbound load, as a share of the rate measured in this run (percent; as the ingestion bench's ack phase).
const INGEST_PERCENT = positiveInt('BENCH_PURGE_INGEST_PERCENT', 50);
const BATCH = 100;
const CONCURRENCY = 4;
// The engine's batch when its log does not tell (RetentionService's BATCH); the baseline uses
// the largest batch the engine's run logged.
const DEFAULT_ENGINE_BATCH = 1_000;
// The business's register: correspondence and attachments kept 6 months from collection, the
// rest of the messenger activity 3 years (nothing else of the seeded data is that old).
const CONTENT_RULE = { categories: ['correspondence', 'attachments'], period: { amount: 6, unit: 'months' }, trigger: 'collection' };
const OTHER_PERIOD = { amount: 3, unit: 'years' };
const MESSAGE_TARGET = 'messaging.message-content';
// The engine's purge and the baseline's each stop after this long (the engine's run is cut off).
const BUDGET_SECONDS = positiveInt('BENCH_PURGE_BUDGET_SECONDS', 60);
const ENGINE_APPLICATION = 'bench-retention-engine';
const PD_REGISTRY = 'libs/pd-registry/src';

const log = logger('retention-purge');
const random = mulberry32(8152);
const messageText = textGenerator(random);
const generateMessages = messageGenerator(random, INGEST_CHATS);

const FIRST = ['Анна', 'Иван', 'Мария', 'Пётр', 'Ольга', 'Сергей', 'Елена', 'Дмитрий', 'Наталья', 'Алексей', 'Татьяна', 'Михаил'];
const LAST = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров'];

/** The business shortens correspondence to 6 months in its register, through the register's API. */
async function setRetention(client, token) {
  let activity;
  for (let attempt = 0; attempt < 100 && !activity; attempt += 1) {
    const { activities } = await client.expect(200, 'GET', '/register/activities', { token });
    activity = activities.find((a) => a.key === 'messenger-processing');
    if (!activity) await sleep(100);
  }
  if (!activity) throw new Error('the messenger activity did not appear in the register');
  const others = activity.data.categories.filter((c) => !CONTENT_RULE.categories.includes(c));
  const data = { ...activity.data, retention: [CONTENT_RULE, ...(others.length ? [{ categories: others, period: OTHER_PERIOD, trigger: 'collection' }] : [])] };
  await client.expect(200, 'PUT', `/register/activities/${activity.id}`, { token, body: { expectedVersion: activity.version, data } });
}

/**
 * Contacts with an identity each, their private conversations on the archive channel, MESSAGES
 * expired messages (200–600 days old) and FRESH recent ones (1–150 days) with text, one in
 * ATTACHMENT_EVERY with an attachments row, and each conversation's last message as its preview,
 * all with set-based SQL (`setseed`, so the same every run). FK triggers are skipped for the bulk
 * insert (session_replication_role = replica): the rows are consistent by construction.
 */
async function seed(db, tenantId, connectionId) {
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
    `CREATE TEMP TABLE seed_plan AS SELECT g AS idx, gen_random_uuid() AS conversation_id, gen_random_uuid() AS contact_id FROM generate_series(0, $1::int - 1) g`,
    [CONVERSATIONS],
  );
  await db.query('CREATE INDEX ON seed_plan (idx)');
  await db.query('ANALYZE seed_plan');
  await step(
    'contacts',
    `INSERT INTO contacts (id, tenant_id, display_name, phone, created_at, updated_at)
     SELECT contact_id, $1, ($2::text[])[1 + idx % cardinality($2::text[])] || ' ' || ($3::text[])[1 + (idx / cardinality($2::text[])) % cardinality($3::text[])],
            '+7916' || lpad(idx::text, 7, '0'), now() - interval '610 days', now() - interval '610 days'
       FROM seed_plan`,
    [tenantId, FIRST, LAST],
  );
  await step(
    'contact_identities',
    `INSERT INTO contact_identities (tenant_id, contact_id, channel, external_id, created_at)
     SELECT $1, contact_id, 'api:' || $2::text, 'archive-user-' || idx, now() - interval '610 days' FROM seed_plan`,
    [tenantId, connectionId],
  );
  await step(
    'conversations',
    `INSERT INTO conversations (id, tenant_id, connection_id, contact_id, external_chat_id, chat_kind, status, created_at, updated_at)
     SELECT conversation_id, $1, $2, contact_id, 'archive-chat-' || idx, 'private', 'resolved', now() - interval '610 days', now() - interval '610 days' FROM seed_plan`,
    [tenantId, connectionId],
  );
  const messages = (prefix, count, conversations, age) =>
    `INSERT INTO messages (tenant_id, conversation_id, connection_id, direction, kind, text, external_id, status, created_at)
     SELECT $1, p.conversation_id, $2, CASE WHEN g % 3 = 2 THEN 'out' ELSE 'in' END,
            CASE WHEN g % ${ATTACHMENT_EVERY} <> 0 THEN 'text' WHEN g % ${2 * ATTACHMENT_EVERY} = 0 THEN 'image' ELSE 'file' END,
            ($3::text[])[1 + ((g::bigint * 7919) % cardinality($3::text[]))::int], '${prefix}-' || g, 'read', ${age}
       FROM generate_series(0, ${count} - 1) g JOIN seed_plan p ON p.idx = g % ${conversations}`;
  // The recent messages go to the first 30 % of the conversations: the others are all expired.
  await step('messages (expired)', messages('x', MESSAGES, CONVERSATIONS, `now() - interval '200 days' - random() * interval '400 days'`), [tenantId, connectionId, texts]);
  await step('messages (fresh)', messages('f', FRESH, Math.max(1, Math.floor(CONVERSATIONS * 0.3)), `now() - interval '1 day' - random() * interval '149 days'`), [tenantId, connectionId, texts]);
  await step(
    'attachments',
    `INSERT INTO attachments (tenant_id, conversation_id, message_id, kind, file_name, mime_type, size_bytes, sha256, storage_key, created_at)
     SELECT tenant_id, conversation_id, id, kind, CASE kind WHEN 'image' THEN 'photo.jpg' ELSE 'invoice.pdf' END,
            CASE kind WHEN 'image' THEN 'image/jpeg' ELSE 'application/pdf' END, 20000 + (random() * 2000000)::int,
            encode(sha256(id::text::bytea), 'hex'), tenant_id || '/attachments/' || gen_random_uuid(), created_at
       FROM messages WHERE connection_id = $1 AND kind <> 'text'`,
    [connectionId],
  );
  await step(
    'previews',
    `UPDATE conversations c SET last_message_at = l.created_at, last_message_preview = left(l.text, 200), last_message_direction = l.direction, updated_at = l.created_at
       FROM (SELECT DISTINCT ON (conversation_id) conversation_id, created_at, text, direction FROM messages WHERE connection_id = $1 ORDER BY conversation_id, created_at DESC) l
      WHERE c.id = l.conversation_id`,
    [connectionId],
  );
  await db.query(`SET session_replication_role = DEFAULT`);
  await db.query('DROP TABLE seed_plan');
  // The baseline's identical set: the same rows in tables with the same columns, constraints
  // and indexes (no foreign keys: neither statement of the baseline checks them).
  await db.query('CREATE TABLE bench_purge_messages (LIKE messages INCLUDING ALL)');
  await db.query('CREATE TABLE bench_purge_attachments (LIKE attachments INCLUDING ALL)');
  await step('baseline copy', `INSERT INTO bench_purge_messages SELECT * FROM messages WHERE connection_id = $1`, [connectionId]);
  await step('baseline copy of attachments', `INSERT INTO bench_purge_attachments SELECT a.* FROM attachments a JOIN messages m ON m.id = a.message_id WHERE m.connection_id = $1`, [connectionId]);
  // What autovacuum would have done by the time a business has this much.
  await step('vacuum analyze', 'VACUUM ANALYZE contacts, contact_identities, conversations, messages, attachments, bench_purge_messages, bench_purge_attachments');
  const { rows: [sizes] } = await db.query(
    `SELECT pg_total_relation_size('messages')::bigint AS messages, pg_total_relation_size('bench_purge_messages')::bigint AS baseline,
            (SELECT count(*)::int FROM attachments) AS attachments`,
  );
  return { timings, messagesTableBytes: Number(sizes.messages), baselineTableBytes: Number(sizes.baseline), attachments: sizes.attachments };
}

/** The seeded rows by what must happen to them, and what did. */
async function contentState(db, connectionId, cutoff) {
  const { rows: [row] } = await db.query(
    `SELECT count(*) FILTER (WHERE m.created_at < $2)::int AS expired,
            count(*) FILTER (WHERE m.created_at < $2 AND m.text IS NOT NULL)::int AS expired_with_text,
            count(*) FILTER (WHERE m.created_at >= $2)::int AS fresh,
            count(*) FILTER (WHERE m.created_at >= $2 AND m.text IS NULL)::int AS fresh_without_text,
            (SELECT count(*)::int FROM attachments a JOIN messages x ON x.id = a.message_id WHERE x.connection_id = $1 AND x.created_at < $2) AS expired_attachments,
            (SELECT count(*)::int FROM attachments a JOIN messages x ON x.id = a.message_id WHERE x.connection_id = $1 AND x.created_at >= $2) AS fresh_attachments,
            (SELECT count(*)::int FROM attachments a JOIN messages x ON x.id = a.message_id WHERE x.connection_id = $1 AND x.created_at < $2 AND x.text IS NULL) AS purged_with_attachments,
            max(m.created_at) FILTER (WHERE m.created_at < $2 AND m.text IS NULL) AS newest_purged,
            min(m.created_at) FILTER (WHERE m.created_at < $2 AND m.text IS NOT NULL) AS oldest_unpurged,
            (SELECT count(*)::int FROM conversations WHERE connection_id = $1 AND last_message_at < $2 AND last_message_preview IS NOT NULL) AS expired_previews,
            (SELECT count(*)::int FROM conversations WHERE connection_id = $1 AND last_message_at >= $2 AND last_message_preview IS NULL) AS fresh_previews_lost
       FROM messages m WHERE m.connection_id = $1`,
    [connectionId, cutoff],
  );
  return row;
}

/**
 * The baseline: what a hand-written purge of the same rows costs in plain `pg`: batches of
 * `batchSize` expired messages by primary key (keyset), each its own transaction deleting their
 * attachments rows and nulling their text.
 */
async function rawPurge(databaseUrl, tenantId, cutoff, batchSize, stopAt) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    let last = '00000000-0000-0000-0000-000000000000';
    let messages = 0;
    let attachments = 0;
    let batches = 0;
    let completed = false;
    const started = performance.now();
    while (performance.now() < stopAt) {
      await db.query('BEGIN');
      const { rows } = await db.query(`SELECT id FROM bench_purge_messages WHERE tenant_id = $1 AND created_at < $2 AND id > $3 ORDER BY id LIMIT $4`, [tenantId, cutoff, last, batchSize]);
      if (!rows.length) {
        await db.query('COMMIT');
        completed = true;
        break;
      }
      const ids = rows.map((r) => r.id);
      last = ids.at(-1);
      attachments += (await db.query(`DELETE FROM bench_purge_attachments WHERE message_id = ANY($1::uuid[])`, [ids])).rowCount;
      messages += (await db.query(`UPDATE bench_purge_messages SET text = NULL WHERE id = ANY($1::uuid[])`, [ids])).rowCount;
      await db.query('COMMIT');
      batches += 1;
    }
    const ms = performance.now() - started;
    const { rows: [left] } = await db.query(`SELECT count(*)::int AS n FROM bench_purge_messages WHERE created_at < $1 AND text IS NOT NULL`, [cutoff]);
    return { completed, messages, attachments, batches, ms, leftWithText: left.n };
  } finally {
    await db.end();
  }
}

/** `reached` resolves after `ms` unless `cancel()` is called first (no timer left behind). */
function deadline(ms) {
  let timer;
  const reached = new Promise((resolveReached) => (timer = setTimeout(resolveReached, ms)));
  return { reached, cancel: () => clearTimeout(timer) };
}

/** Ends the Postgres backends of a killed process and waits until they are gone (their transactions rolled back). */
async function endBackends(db, applicationName) {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const { rows } = await db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [applicationName]);
    if (!rows.length) return;
    await sleep(100);
  }
  throw new Error(`backends of ${applicationName} still there after 10 s`);
}

const probes = (load) => `commit probe p99 ${load.commitProbeMs.p99} ms, Redis probe p99 ${load.redisProbeMs.p99} ms`;

async function autovacuumCount(db) {
  const { rows: [row] } = await db.query(`SELECT coalesce(sum(autovacuum_count), 0)::int AS n FROM pg_stat_user_tables WHERE relname IN ('messages', 'attachments', 'conversations')`);
  return row.n;
}

async function main() {
  const startedAll = performance.now();
  const { build, cleanup, database, queuePrefix } = await prepareRun('purge', log);
  // One key for every process of the product, as a deployment has.
  const extraEnv = { ENCRYPTION_MASTER_KEY: `bench:${randomBytes(32).toString('base64')}` };
  try {
    const api = await startProduct({ databaseUrl: database.url, queuePrefix, role: 'api', extraEnv, log });
    cleanup.add('stop api', () => api.stop());
    const worker = await startProduct({ databaseUrl: database.url, queuePrefix, role: 'worker', extraEnv, log });
    cleanup.add('stop worker', () => worker.stop());
    const client = httpClient(api.baseUrl, { maxSockets: 512 });
    cleanup.add('http client', () => client.close());
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    cleanup.add('pg client', () => db.end());
    const machine = await machineInfo(db);

    const owner = await signup(client);
    await setRetention(client, owner.accessToken);
    const archive = await createApiChannel(client, owner.accessToken, 'Архив переписки');
    log(`seeding ${MESSAGES} expired and ${FRESH} fresh messages in ${CONVERSATIONS} conversations`);
    const seeded = await seed(db, owner.tenantId, archive.id);

    // The engine itself, booted from the build as main.js boots it for maintenance commands;
    // its connections are named, so a run cut off at the budget can be told apart.
    const contextUrl = `${database.url}?application_name=${ENGINE_APPLICATION}`;
    let context = await startProductContext({ databaseUrl: contextUrl, queuePrefix, extraEnv, log });
    cleanup.add('stop product context', () => context.stop());
    const { result: planBefore, ms: planMs } = await context.call(PD_REGISTRY, 'RetentionService', 'plan', [owner.tenantId]);
    const planned = planBefore.find((item) => item.target === MESSAGE_TARGET);
    if (!planned) throw new Error(`the retention plan has no ${MESSAGE_TARGET}: ${JSON.stringify(planBefore)}`);
    if (!planned.cutoff) throw new Error(`the register sets no period for ${MESSAGE_TARGET}: ${JSON.stringify(planned)}`);
    const cutoff = new Date(planned.cutoff);
    const before = await contentState(db, archive.id, cutoff);
    log(`plan (${Math.round(planMs)} ms): ${planBefore.map((i) => (i.cutoff ? `${i.target} ${i.count} (${i.period}, before ${i.cutoff.slice(0, 10)})` : `${i.target}: no period, stays`)).join('; ')}`);
    if (planned.count !== MESSAGES || before.expired !== MESSAGES || before.fresh !== FRESH) {
      throw new Error(`expected ${MESSAGES} expired and ${FRESH} fresh messages, the plan counts ${planned.count}, the seed has ${before.expired} and ${before.fresh}`);
    }

    // The inbound load: half the rate this run measures, in the ingestion bench's request shape.
    const ingest = await createApiChannel(client, owner.accessToken, 'Интеграция');
    const calibration = await flood({ client, db, channel: ingest, messages: generateMessages(INGEST_CHATS * 2, 'calibration'), batch: BATCH, concurrency: CONCURRENCY });
    const capacity = await singleMessageCapacity({ client, channel: ingest, messages: generateMessages(20_000, 'probe') });
    const loadRate = (calibration.messagesPerSecond * INGEST_PERCENT) / 100;
    const { batch: loadBatch, requestRate } = ackLoadShape(loadRate, capacity);
    log(
      `calibration: ${Math.round(calibration.messagesPerSecond)} messages/s persisted, ${Math.round(capacity)} single-message requests/s; ` +
        `load ${round(requestRate, 1)} requests/s × ${loadBatch} = ${Math.round(loadRate)} messages/s (open loop)`,
    );
    await sleep(2_000);

    /** The inbound load until `until` settles (or for `requests`), then until its messages are persisted. */
    const runLoad = async (tag, { until, requests, pids }) => {
      const meter = cpuMeter(db, pids);
      const persistedBefore = await countMessages(db, ingest.id);
      await meter.start();
      const started = performance.now();
      const load = await openLoop({
        client,
        db,
        databaseUrl: database.url,
        redisUrl: REDIS_URL,
        channel: ingest,
        messagesFor: (k) => generateMessages(loadBatch, `${tag}-${k}`),
        requestRate,
        until,
        requests,
      });
      const ackedAt = performance.now();
      const backlog = persistedBefore + load.messages - (await countMessages(db, ingest.id));
      const persistedAt = await waitPersisted(db, ingest.id, persistedBefore + load.messages);
      const cpu = await meter.stop();
      return {
        ...load,
        offeredMessagesPerSecond: Math.round(load.messages / load.sendingSeconds),
        persistedMessagesPerSecond: Math.round(load.messages / ((persistedAt - started) / 1000)),
        backlogAtLastAck: backlog,
        drainAfterLastAckMs: Math.round(persistedAt - ackedAt),
        cpu,
      };
    };

    // 1. The engine's run while the load runs: the load lasts exactly as long as the purge, or
    // the budget; a run still going then is cut off once the load has drained (as a crash would
    // cut it off: its open batch rolls back), and its rate counts until that moment.
    const autovacuumsBefore = await autovacuumCount(db);
    log(`purging through RetentionService.run with the inbound load running (budget ${BUDGET_SECONDS} s)`);
    const budget = deadline(BUDGET_SECONDS * 1000);
    const engineCpuBefore = processCpuSeconds(context.pid);
    const engineStarted = performance.now();
    const purge = context.call(PD_REGISTRY, 'RetentionService', 'run', [owner.tenantId, null]).then(({ result, ms }) => ({ completed: true, run: result, ms }));
    const engineEnded = Promise.race([purge, budget.reached.then(() => ({ completed: false }))]);
    engineEnded.catch(() => undefined);
    const withPurge = await runLoad('with-purge', { until: engineEnded, pids: [api.pid, worker.pid, context.pid] });
    const engineOutcome = await engineEnded;
    budget.cancel();
    // The engine's own process (its Postgres backend's share is in the phase's postgresBackendsCpuSeconds).
    const engineCpuSeconds = processCpuSeconds(context.pid) - engineCpuBefore;
    if (!engineOutcome.completed) {
      purge.catch(() => undefined);
      await context.kill();
      engineOutcome.ms = performance.now() - engineStarted;
    }
    let engine;
    if (engineOutcome.completed) {
      const { run, ms } = engineOutcome;
      const { rows: [act] } = await db.query(`SELECT reports, log FROM destruction_acts WHERE id = $1`, [run.actId]);
      const batches = (act?.log ?? []).filter((e) => e.type === 'retention-batch' && e.details.target === MESSAGE_TARGET).map((e) => e.details.records);
      engine = {
        completed: true,
        messages: (act?.reports ?? []).find((r) => r.source === MESSAGE_TARGET)?.records ?? 0,
        records: run.records,
        batches: batches.length,
        batchSize: batches.length ? Math.max(...batches) : DEFAULT_ENGINE_BATCH,
        ms,
        act: run.act,
      };
    } else {
      purge.catch(() => undefined);
      await endBackends(db, ENGINE_APPLICATION);
      const { rows: [{ n }] } = await db.query(`SELECT count(*)::int AS n FROM messages WHERE connection_id = $1 AND created_at < $2 AND text IS NULL`, [archive.id, cutoff]);
      engine = { completed: false, messages: n, records: null, batches: null, batchSize: DEFAULT_ENGINE_BATCH, ms: engineOutcome.ms, act: null };
      log(`WARNING: the engine's run did not finish within the budget of ${BUDGET_SECONDS} s; it was stopped after ${n} of ${MESSAGES} messages (its act is written by the next run, from the log its batches committed)`);
      context = await startProductContext({ databaseUrl: contextUrl, queuePrefix, extraEnv, log });
    }
    const purgeRate = engine.messages / (engine.ms / 1000);
    const autovacuumsDuringPurge = (await autovacuumCount(db)) - autovacuumsBefore;
    log(
      `engine: ${engine.messages} messages${engine.completed ? ` in ${engine.batches} batches of ≤ ${engine.batchSize}` : ''} in ${Math.round(engine.ms)} ms = ${Math.round(purgeRate)}/s` +
        `${engine.act ? ` (act ${engine.act})` : ''}; ack p99 ${withPurge.fromDue.p99} ms over ${withPurge.requests} requests (${probes(withPurge)}); autovacuum ran ${autovacuumsDuringPurge}×`,
    );
    const afterPurge = await contentState(db, archive.id, cutoff);
    const { result: planAfter } = await context.call(PD_REGISTRY, 'RetentionService', 'plan', [owner.tenantId]);

    // What follows a purge (autovacuum would do it soon): the next phases start from a clean table.
    const vacuumStarted = performance.now();
    await db.query('VACUUM ANALYZE messages, attachments, conversations');
    const vacuumAfterPurgeMs = Math.round(performance.now() - vacuumStarted);
    log(`vacuum after the purge: ${vacuumAfterPurgeMs} ms`);
    await sleep(2_000);

    // 2. The baseline under the same load: raw batched UPDATE + DELETE on the identical copy,
    // in the batch size the engine used, within the same budget.
    log(`baseline: raw batched UPDATE + DELETE of ${engine.batchSize} with the inbound load running`);
    const raw = rawPurge(database.url, owner.tenantId, cutoff, engine.batchSize, performance.now() + BUDGET_SECONDS * 1000);
    const withRawPurge = await runLoad('with-raw-purge', { until: raw, pids: [api.pid, worker.pid] });
    const rawResult = await raw;
    const rawRate = rawResult.messages / (rawResult.ms / 1000);
    log(
      `baseline: ${rawResult.messages} messages (${rawResult.attachments} attachments) in ${rawResult.batches} batches in ${Math.round(rawResult.ms)} ms = ${Math.round(rawRate)}/s` +
        `${rawResult.completed ? '' : ' (stopped at the budget)'}; ack p99 ${withRawPurge.fromDue.p99} ms (${probes(withRawPurge)})`,
    );
    await db.query('DROP TABLE bench_purge_attachments, bench_purge_messages');
    await sleep(2_000);

    // 3. The same load, as many requests at the same rate (so as long), with no purge.
    log(`the same load without a purge: ${withPurge.requests} requests`);
    const withoutPurge = await runLoad('without-purge', { requests: withPurge.requests, pids: [api.pid, worker.pid] });
    log(`without a purge: ack p99 ${withoutPurge.fromDue.p99} ms (${probes(withoutPurge)})`);

    // Correctness: every expired message lost its content, no fresh one did, nor any ingested.
    // A run cut off at the budget must have gone oldest first, leaving whole messages behind.
    const final = await contentState(db, archive.id, cutoff);
    const { rows: [ingested] } = await db.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE text IS NULL)::int AS without_text FROM messages WHERE connection_id = $1`, [ingest.id]);
    const checks = {
      ...(engine.completed
        ? {
            engineDestroyedEveryExpiredMessage: { expected: MESSAGES, value: engine.messages },
            expiredMessagesWithText: { expected: 0, value: final.expired_with_text },
            expiredAttachments: { expected: 0, value: final.expired_attachments },
            expiredConversationPreviews: { expected: 0, value: final.expired_previews },
            planAfterPurge: { expected: 0, value: planAfter.find((i) => i.target === MESSAGE_TARGET)?.count ?? null },
          }
        : {
            expiredMessagesWithText: { expected: MESSAGES - engine.messages, value: final.expired_with_text },
            planAfterPurge: { expected: MESSAGES - engine.messages, value: planAfter.find((i) => i.target === MESSAGE_TARGET)?.count ?? null },
          }),
      purgedMessagesWithAttachments: { expected: 0, value: final.purged_with_attachments },
      purgedOldestFirst: { expected: true, value: final.newest_purged === null || final.oldest_unpurged === null || final.newest_purged <= final.oldest_unpurged },
      freshMessagesWithoutText: { expected: 0, value: final.fresh_without_text },
      freshMessages: { expected: FRESH, value: final.fresh },
      freshAttachments: { expected: before.fresh_attachments, value: final.fresh_attachments },
      freshConversationPreviewsLost: { expected: 0, value: final.fresh_previews_lost },
      ingestedMessagesWithoutText: { expected: 0, value: ingested.without_text },
      baselineLeftWithText: { expected: rawResult.completed ? 0 : MESSAGES - rawResult.messages, value: rawResult.leftWithText },
      ...(rawResult.completed ? { baselineMessages: { expected: MESSAGES, value: rawResult.messages }, baselineAttachments: { expected: before.expired_attachments, value: rawResult.attachments } } : {}),
    };
    const failed = Object.entries(checks).filter(([, c]) => c.expected !== c.value);
    for (const [name, c] of failed) log(`FAIL: ${name}: expected ${c.expected}, got ${c.value}`);
    if (!failed.length) {
      log(
        engine.completed
          ? `PASS: all ${MESSAGES} expired messages lost text and attachments; ${FRESH} fresh and ${ingested.n} ingested kept theirs`
          : `PASS (partial run): the ${engine.messages} oldest expired messages lost text and attachments, ${final.expired_with_text} left untouched; ${FRESH} fresh and ${ingested.n} ingested kept theirs`,
      );
    }

    const result = {
      benchmark: 'retention-purge',
      setup: {
        processes: 'api (PROCESS_ROLE=api) + worker (PROCESS_ROLE=worker); the engine in an application context of the build (createWorkerContext, role api), called as RetentionService.run(tenantId, null)',
        expiredMessages: MESSAGES,
        freshMessages: FRESH,
        conversations: CONVERSATIONS,
        attachments: seeded.attachments,
        expiredAttachments: before.expired_attachments,
        register: { content: CONTENT_RULE, others: OTHER_PERIOD },
        cutoff: planned.cutoff,
        messagesTableBytes: seeded.messagesTableBytes,
        seedMs: seeded.timings,
        budgetSeconds: BUDGET_SECONDS,
        ingestChats: INGEST_CHATS,
        load: { shareOfMeasuredRate: INGEST_PERCENT / 100, messagesPerSecond: Math.round(loadRate), requestsPerSecond: round(requestRate, 1), messagesPerRequest: loadBatch },
        calibration: { persistedMessagesPerSecond: Math.round(calibration.messagesPerSecond), singleMessageCapacityRequestsPerSecond: Math.round(capacity) },
      },
      purge: {
        engine: {
          ...engine,
          ms: Math.round(engine.ms),
          messagesPerSecond: Math.round(purgeRate),
          ...(engine.completed ? {} : { projectedSecondsForAll: Math.round(MESSAGES / purgeRate) }),
          processCpuSeconds: round(engineCpuSeconds),
          planMs: Math.round(planMs),
          planBefore,
          autovacuumsDuringPurge,
        },
        rawBaseline: { ...rawResult, ms: Math.round(rawResult.ms), batchSize: engine.batchSize, messagesPerSecond: Math.round(rawRate) },
        vacuumAfterPurgeMs,
      },
      ingestion: { withPurge, withRawPurge, withoutPurge },
      ratios: {
        purgeRateVsRaw: round(purgeRate / rawRate, 4),
        ackP99WithPurgeVsWithout: round(withPurge.fromDue.p99 / withoutPurge.fromDue.p99, 2),
        ackP50WithPurgeVsWithout: round(withPurge.fromDue.p50 / withoutPurge.fromDue.p50, 2),
        persistedRateWithPurgeVsWithout: round(withPurge.persistedMessagesPerSecond / withoutPurge.persistedMessagesPerSecond, 3),
        ackP99WithRawPurgeVsWithout: round(withRawPurge.fromDue.p99 / withoutPurge.fromDue.p99, 2),
        commitProbeP99WithPurgeVsWithout: round(withPurge.commitProbeMs.p99 / withoutPurge.commitProbeMs.p99, 2),
        redisProbeP99WithPurgeVsWithout: round(withPurge.redisProbeMs.p99 / withoutPurge.redisProbeMs.p99, 2),
      },
      correctness: { passed: failed.length === 0, checks, contentBefore: before, contentAfterPurge: afterPurge },
      machine,
      build,
      durationMs: Math.round(performance.now() - startedAll),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (failed.length) process.exitCode = 1;
  } finally {
    await cleanup.run();
  }
}

main().catch((error) => {
  log(error.stack ?? String(error));
  process.exitCode = 1;
});
