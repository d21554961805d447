// Inbound ingestion through the built product: messages an integrator posts to the API channel,
// from the HTTP request to rows in `messages`, against raw batched `pg` inserts of the same rows
// on the same database in the same run. Also the ack latency at half that rate (open loop) and
// the time from an inbound request to the owner's realtime `message.created` event.
// Prints one JSON object on stdout; progress goes to stderr.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { io } from 'socket.io-client';
import { ackLoadShape, flood, messageGenerator, openLoop, singleMessageCapacity, walSince } from './lib/ingest-load.mjs';
import {
  cpuMeter,
  createApiChannel,
  httpClient,
  logger,
  machineInfo,
  mulberry32,
  positiveInt,
  prepareRun,
  round,
  signup,
  sleep,
  startProduct,
  summarize,
  textGenerator,
} from './lib/product.mjs';

const env = process.env;
const MESSAGES = positiveInt('BENCH_INGEST_MESSAGES', 50_000);
const CHATS = positiveInt('BENCH_INGEST_CHATS', 5_000);
const BATCH = positiveInt('BENCH_INGEST_BATCH', 100);
const CONCURRENCY = positiveInt('BENCH_INGEST_CONCURRENCY', 4);
const REPEATS = positiveInt('BENCH_INGEST_REPEATS', 3);
const ACK_SECONDS = positiveInt('BENCH_INGEST_ACK_SECONDS', 15);
// Each ack phase first runs this long at its rate, reported apart (`warmup`): the figures are the steady state's.
const ACK_WARMUP_SECONDS = positiveInt('BENCH_INGEST_ACK_WARMUP_SECONDS', 3);
const ACK_TOTAL_SECONDS = ACK_SECONDS + ACK_WARMUP_SECONDS;
const REALTIME_MESSAGES = positiveInt('BENCH_INGEST_REALTIME_MESSAGES', 200);
const REALTIME_RATE = positiveInt('BENCH_INGEST_REALTIME_RATE', 20);
// The ack-latency phase posts at this share of the measured rate (percent; the brief's "half").
const ACK_PERCENT = positiveInt('BENCH_INGEST_ACK_PERCENT', 50);
// "all": one process with PROCESS_ROLE=all; "split": an api process and a worker process.
const ROLES = env.BENCH_INGEST_ROLES === 'all' ? 'all' : 'split';
const WARMUP_MESSAGES = Math.min(5_000, MESSAGES);
const RAW_BATCH = 500;
const TARGETS = { ingestRatio: 0.1, ackP99Ms: 50 };

const log = logger('ingestion');
const random = mulberry32(4242);
const messageText = textGenerator(random);
const generateMessages = messageGenerator(random, CHATS);

// ---- the baseline: raw batched inserts of the same rows --------------------------------------

const RAW_COLUMNS = ['tenant_id', 'conversation_id', 'connection_id', 'direction', 'kind', 'external_id', 'text', 'status', 'created_at'];

function rawStatement(rowCount) {
  const tuples = Array.from({ length: rowCount }, (_, row) => `(${RAW_COLUMNS.map((_, column) => `$${row * RAW_COLUMNS.length + column + 1}`).join(', ')})`);
  return `INSERT INTO bench_raw_messages (${RAW_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`;
}

/**
 * The same table as raw-postgres.bench.mjs (shaped like the product's messages), in the bench
 * database. `measure(messages)` inserts those rows from an empty table and returns rows/s and
 * WAL bytes per row; it runs right before each round through the API, so both see the same
 * background load (this machine is shared).
 */
async function rawBaseline(client, tenantId) {
  await client.query(`
    CREATE TABLE bench_raw_messages (
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
  await client.query(`CREATE UNIQUE INDEX ON bench_raw_messages (connection_id, external_id)`);
  await client.query(`CREATE INDEX ON bench_raw_messages (tenant_id, conversation_id, created_at DESC)`);
  const { rows: [{ id: connectionId }] } = await client.query('SELECT gen_random_uuid() AS id');
  const { rows: ids } = await client.query('SELECT gen_random_uuid() AS id FROM generate_series(1, $1)', [CHATS]);
  const conversationOf = new Map(ids.map((row, i) => [`chat-${i}`, row.id]));
  const full = rawStatement(RAW_BATCH);
  return {
    async measure(messages) {
      const now = new Date().toISOString();
      const rows = messages.map((m) => [tenantId, conversationOf.get(m.chat.id), connectionId, 'in', 'text', m.id, m.text, 'received', now]);
      await client.query('TRUNCATE bench_raw_messages');
      const { lsn } = await walSince(client);
      const started = performance.now();
      for (let start = 0; start < rows.length; start += RAW_BATCH) {
        const batch = rows.slice(start, start + RAW_BATCH);
        await client.query(batch.length === RAW_BATCH ? full : rawStatement(batch.length), batch.flat());
      }
      const elapsed = performance.now() - started;
      const wal = await walSince(client, lsn);
      const { rows: [{ count }] } = await client.query('SELECT count(*)::int AS count FROM bench_raw_messages');
      if (count !== rows.length) throw new Error(`expected ${rows.length} raw rows, found ${count}`);
      await client.query('TRUNCATE bench_raw_messages');
      return { rowsPerSecond: rows.length / (elapsed / 1000), walBytesPerRow: wal.bytes / rows.length };
    },
    drop: () => client.query('DROP TABLE bench_raw_messages'),
  };
}

/** Single messages at a modest rate with the owner's socket open: request sent → `message.created`. */
async function realtimeLatency({ client, baseUrl, owner, channel }) {
  const socket = io(baseUrl, { path: '/api/v1/realtime', transports: ['websocket'], auth: { token: owner.accessToken }, reconnection: false, forceNew: true });
  await new Promise((resolveConnect, reject) => {
    socket.once('connect', resolveConnect);
    socket.once('connect_error', reject);
  });
  const waiting = new Map();
  socket.on('message.created', ({ message }) => {
    const entry = waiting.get(message?.text);
    if (entry) {
      waiting.delete(message.text);
      entry.resolve(performance.now());
    }
  });
  const toEvent = [];
  const toAck = [];
  let missing = 0;
  const pending = [];
  const started = performance.now();
  for (let i = 0; i < REALTIME_MESSAGES; i += 1) {
    const due = started + (i * 1000) / REALTIME_RATE;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const text = `realtime-${i}-${Math.floor(random() * 1e9)} ${messageText(20, 120)}`;
    const chat = Math.floor(random() * CHATS);
    let entry;
    const event = new Promise((resolveEvent) => (entry = { resolve: resolveEvent }));
    waiting.set(text, entry);
    const sent = performance.now();
    const timeout = new Promise((resolveTimeout) => setTimeout(resolveTimeout, 10_000, null).unref());
    const message = { id: `realtime-${i}`, chat: { id: `chat-${chat}` }, from: { id: `user-${chat}`, name: 'Клиент' }, text };
    pending.push(
      client.request('POST', '/channels/api/messages', { token: channel.inboundToken, body: { messages: [message] } }).then(async (response) => {
        if (response.status !== 202) throw new Error(`inbound post answered ${response.status}`);
        toAck.push(performance.now() - sent);
        const at = await Promise.race([event, timeout]);
        if (at === null) missing += 1;
        else toEvent.push(at - sent);
      }),
    );
  }
  await Promise.all(pending);
  socket.disconnect();
  return { messages: REALTIME_MESSAGES, ratePerSecond: REALTIME_RATE, requestToEventMs: summarize(toEvent), ackMs: summarize(toAck), missingEvents: missing };
}

async function main() {
  const startedAll = performance.now();
  const { build, cleanup, database, queuePrefix } = await prepareRun('ingest', log);

  try {
    let api;
    let worker;
    if (ROLES === 'split') {
      api = await startProduct({ databaseUrl: database.url, queuePrefix, role: 'api', log });
      cleanup.add('stop api', () => api.stop());
      worker = await startProduct({ databaseUrl: database.url, queuePrefix, role: 'worker', log });
      cleanup.add('stop worker', () => worker.stop());
    } else {
      api = await startProduct({ databaseUrl: database.url, queuePrefix, role: 'all', log });
      cleanup.add('stop product', () => api.stop());
    }
    const client = httpClient(api.baseUrl, { maxSockets: 512 });
    cleanup.add('http client', () => client.close());
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    cleanup.add('pg client', () => db.end());
    const machine = await machineInfo(db);
    const meter = cpuMeter(db, worker ? [api.pid, worker.pid] : [api.pid]);

    const owner = await signup(client);
    const rounds = Array.from({ length: REPEATS }, (_, i) => generateMessages(MESSAGES, `r${i}`));
    const warmupMessages = generateMessages(WARMUP_MESSAGES, 'warmup');
    log(`generated ${REPEATS} × ${MESSAGES} messages across ${CHATS} chats`);

    const raw = await rawBaseline(db, owner.tenantId);
    await raw.measure(rounds[0].slice(0, 5_000)); // warm-up

    // Warm-up: JIT, pools, plan caches. Each round then gets a fresh channel, so each creates
    // its CHATS contacts and conversations, as the first messages of new chats do. Each round
    // is paired with a raw measurement of the same rows just before it; the ratio is per pair.
    await flood({ client, db, channel: await createApiChannel(client, owner.accessToken, 'Warm-up'), messages: warmupMessages, batch: BATCH, concurrency: CONCURRENCY });
    const floods = [];
    for (let i = 0; i < REPEATS; i += 1) {
      const baseline = await raw.measure(rounds[i]);
      const channel = await createApiChannel(client, owner.accessToken, `Bench ${i + 1}`);
      const f = await flood({ client, db, channel, messages: rounds[i], batch: BATCH, concurrency: CONCURRENCY, meter });
      floods.push({ ...f, raw: baseline, ratio: f.messagesPerSecond / baseline.rowsPerSecond });
      log(
        `round ${i + 1}/${REPEATS}: raw ${Math.round(baseline.rowsPerSecond)} rows/s; through the API ${Math.round(f.messagesPerSecond)} messages/s persisted ` +
          `(accepted at ${Math.round(f.acceptedPerSecond)}/s; drained ${Math.round(f.drainAfterLastAckMs)} ms after the last ack); ratio ${round(floods[i].ratio, 4)}`,
      );
      await sleep(1_000);
    }
    await raw.drop();
    // The round with the median ratio is reported (its rate, its baseline, its CPU use).
    const byRatio = [...floods].sort((a, b) => a.ratio - b.ratio);
    const typical = byRatio[Math.floor(byRatio.length / 2)];
    const ourRate = typical.messagesPerSecond;

    // Ack latency at half the persisted rate, on a channel whose chats exist already.
    const ackChannel = await createApiChannel(client, owner.accessToken, 'Ack latency');
    await flood({ client, db, channel: ackChannel, messages: generateMessages(CHATS * 2, 'ack-seed'), batch: BATCH, concurrency: CONCURRENCY });
    const probeMessages = generateMessages(20_000, 'probe');
    const capacity = await singleMessageCapacity({ client, channel: ackChannel, messages: probeMessages });
    log(`single-message requests, closed loop ×16: ${Math.round(capacity)} requests/s`);
    // Postgres runs with autovacuum off on the development machines (on by default, so in
    // docker/compose.yaml's Postgres too). Each ack phase starts from what autovacuum would
    // have done by then: the dead versions the phases before left (processed marks,
    // conversation bumps) removed, and the tables' statistics gathered.
    const vacuum = async () => {
      const started = performance.now();
      await db.query('VACUUM ANALYZE inbound_events, messages, conversations, contacts, contact_identities');
      log(`vacuum analyze: ${Math.round(performance.now() - started)} ms`);
    };
    /** One ack phase: `requestRate` requests of `batch` messages, warm-up first; logged. */
    const ackPhase = async (tag, requestRate, batch) => {
      const messages = generateMessages(Math.ceil(requestRate * ACK_TOTAL_SECONDS) * batch + batch, tag);
      const result = await openLoop({ client, db, databaseUrl: database.url, channel: ackChannel, messages, batch, requestRate, seconds: ACK_SECONDS, warmupSeconds: ACK_WARMUP_SECONDS });
      log(`ack latency p50 ${result.fromDue.p50} ms, p99 ${result.fromDue.p99} ms (${result.failures} failures); raw commit probe p99 ${result.commitProbeMs.p99} ms`);
      return result;
    };
    await vacuum();
    await sleep(2_000);
    const halfRate = (ourRate * ACK_PERCENT) / 100;
    const { batch: ackBatch, requestRate } = ackLoadShape(halfRate, capacity);
    log(`ack latency: ${round(requestRate, 1)} requests/s × ${ackBatch} message(s) = ${Math.round(halfRate)} messages/s for ${ACK_WARMUP_SECONDS} + ${ACK_SECONDS} s (open loop)`);
    const ack = await ackPhase('ack', requestRate, ackBatch);
    await vacuum();
    await sleep(3_000);
    // Where half the rate needed batches: single-message requests too, at half their capacity.
    let ackSingle;
    if (ackBatch > 1) {
      const singleRate = Math.max(1, Math.floor(capacity / 2));
      log(`ack latency, single-message requests: ${singleRate} requests/s for ${ACK_WARMUP_SECONDS} + ${ACK_SECONDS} s (open loop)`);
      ackSingle = { messagesPerSecond: singleRate, requestsPerSecond: singleRate, messagesPerRequest: 1, seconds: ACK_SECONDS, ...(await ackPhase('ack-single', singleRate, 1)) };
      await vacuum();
      await sleep(3_000);
    }

    // The same half rate in the throughput rounds' own requests (BATCH messages each): the
    // traffic that was measured at full speed, at half of it.
    const floodShapeRate = halfRate / BATCH;
    log(`ack latency, the throughput rounds' requests: ${round(floodShapeRate, 1)} requests/s × ${BATCH} messages for ${ACK_WARMUP_SECONDS} + ${ACK_SECONDS} s (open loop)`);
    const ackFloodShape = {
      messagesPerSecond: Math.round(halfRate),
      requestsPerSecond: round(floodShapeRate, 1),
      messagesPerRequest: BATCH,
      seconds: ACK_SECONDS,
      ...(await ackPhase('ack-flood', floodShapeRate, BATCH)),
    };
    await sleep(3_000);

    const realtime = await realtimeLatency({ client, baseUrl: api.baseUrl, owner, channel: ackChannel });
    log(`request → message.created p50 ${realtime.requestToEventMs.p50} ms, p99 ${realtime.requestToEventMs.p99} ms (${realtime.missingEvents} missing)`);

    const ingestRatio = typical.ratio;
    const result = {
      benchmark: 'ingestion',
      setup: {
        processes: ROLES === 'split' ? 'api (PROCESS_ROLE=api) + worker (PROCESS_ROLE=worker), as docker/compose.yaml runs them' : 'one process, PROCESS_ROLE=all',
        messages: MESSAGES,
        chats: CHATS,
        batchSize: BATCH,
        concurrency: CONCURRENCY,
        repeats: REPEATS,
        channelsPerRound: 1,
        rawBatchSize: RAW_BATCH,
      },
      throughput: {
        messagesPerSecond: Math.round(ourRate),
        acceptedPerSecond: Math.round(typical.acceptedPerSecond),
        drainAfterLastAckMs: Math.round(typical.drainAfterLastAckMs),
        requestLatencyMs: typical.requestLatencyMs,
        // CPU seconds during the typical round: product processes ([api, worker] or [all]), Postgres backends, this client.
        cpu: typical.cpu,
        rawBatchedRowsPerSecond: Math.round(typical.raw.rowsPerSecond),
        samples: floods.map((f) => Math.round(f.messagesPerSecond)),
        rawSamples: floods.map((f) => Math.round(f.raw.rowsPerSecond)),
        ratioSamples: floods.map((f) => round(f.ratio, 4)),
        // Write amplification: WAL per message through the product against per raw row (the
        // LSN is cluster-wide, so other databases' writes during the run are included).
        walBytesPerMessage: typical.walBytesPerMessage,
        rawWalBytesPerRow: Math.round(typical.raw.walBytesPerRow),
      },
      ackLatency: {
        shareOfMeasuredRate: ACK_PERCENT / 100,
        messagesPerSecond: Math.round(halfRate),
        requestsPerSecond: round(requestRate, 1),
        messagesPerRequest: ackBatch,
        seconds: ACK_SECONDS,
        singleMessageCapacityRequestsPerSecond: Math.round(capacity),
        ...ack,
      },
      ...(ackSingle ? { ackLatencySingleMessages: ackSingle } : {}),
      ackLatencyThroughputShape: ackFloodShape,
      realtime,
      ratios: {
        ingestRatio: round(ingestRatio, 4),
        walPerMessageVsRawRow: round(typical.walBytesPerMessage / typical.raw.walBytesPerRow, 2),
        ackP99VsCommitProbeP99: round(ack.fromDue.p99 / ack.commitProbeMs.p99, 2),
      },
      targets: {
        ingestRatio: { target: `>= ${TARGETS.ingestRatio}`, value: round(ingestRatio, 4), met: ingestRatio >= TARGETS.ingestRatio },
        ackP99Ms: { target: `< ${TARGETS.ackP99Ms}`, value: ack.fromDue.p99, met: ack.fromDue.p99 < TARGETS.ackP99Ms },
        // The same target read on the throughput rounds' request shape (see bench/README.md).
        ackP99MsThroughputShape: { target: `< ${TARGETS.ackP99Ms}`, value: ackFloodShape.fromDue.p99, met: ackFloodShape.fromDue.p99 < TARGETS.ackP99Ms },
      },
      machine,
      build,
      durationMs: Math.round(performance.now() - startedAll),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await cleanup.run();
  }
}

main().catch((error) => {
  log(error.stack ?? String(error));
  process.exitCode = 1;
});
