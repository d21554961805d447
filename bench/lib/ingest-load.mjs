// The inbound load of an integrator's API channel, shared by the benchmarks that post messages
// (ingestion, retention-purge): seeded message generation, a closed-loop flood timed until the
// rows are in `messages`, the single-message capacity probe, and the open-loop ack-latency
// driver with its raw commit probe.
import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import pg from 'pg';
import { sleep, summarize, round, textGenerator } from './product.mjs';

const POLL_MS = 100;
const PERSIST_TIMEOUT_MS = 5 * 60 * 1000;
const FIRST = ['Анна', 'Иван', 'Мария', 'Пётр', 'Ольга', 'Сергей', 'Елена', 'Дмитрий', 'Наталья', 'Алексей', 'Татьяна', 'Михаил'];
const LAST = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров'];

/**
 * `generate(count, tag)`: the messages of one round, each in one of `chats` private chats with
 * one sender, text of 20–400 characters; the same every run for the same `random` seed.
 */
export function messageGenerator(random, chats) {
  const messageText = textGenerator(random);
  const names = Array.from({ length: chats }, (_, i) => `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`);
  return (count, tag) => {
    const messages = [];
    for (let i = 0; i < count; i += 1) {
      const chat = Math.floor(random() * chats);
      messages.push({ id: `${tag}-${i}`, chat: { id: `chat-${chat}` }, from: { id: `user-${chat}`, name: names[chat] }, text: messageText(20, 400) });
    }
    return messages;
  };
}

/** Request bodies, serialised before timing so the client spends its CPU on sending. */
export function requestBodies(messages, batch) {
  const bodies = [];
  for (let start = 0; start < messages.length; start += batch) bodies.push({ count: Math.min(batch, messages.length - start), body: { messages: messages.slice(start, start + batch) } });
  return bodies;
}

/** WAL written since `lsn` (cluster-wide: other databases' writes at the same time count too). */
export async function walSince(db, lsn) {
  const { rows: [row] } = await db.query('SELECT pg_current_wal_lsn()::text AS now, pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::bigint AS bytes', [lsn ?? '0/0']);
  return { lsn: row.now, bytes: Number(row.bytes) };
}

export async function countMessages(db, connectionId) {
  const { rows: [{ count }] } = await db.query(`SELECT count(*)::int AS count FROM messages WHERE connection_id = $1`, [connectionId]);
  return count;
}

/** Polls until the channel holds `expected` messages; answers when that happened (performance.now()). */
export async function waitPersisted(db, connectionId, expected, timeoutMs = PERSIST_TIMEOUT_MS) {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if ((await countMessages(db, connectionId)) >= expected) return performance.now();
    await sleep(POLL_MS);
  }
  throw new Error(`only part of ${expected} messages persisted after ${timeoutMs / 1000} s`);
}

/**
 * Posts `messages` as concurrent batch requests and times it until `messages` holds them all:
 * messages persisted per second from the first request sent.
 */
export async function flood({ client, db, channel, messages, batch, concurrency, meter }) {
  const bodies = requestBodies(messages, batch);
  await meter?.start();
  const { lsn } = await walSince(db);
  const latencies = [];
  let next = 0;
  let persistedAt;
  let failed = false;
  const started = performance.now();
  const poller = (async () => {
    while (!failed && performance.now() - started < PERSIST_TIMEOUT_MS) {
      const count = await countMessages(db, channel.id);
      if (count >= messages.length) {
        persistedAt = performance.now();
        return count;
      }
      await sleep(POLL_MS);
    }
    if (!failed) throw new Error(`only part of ${messages.length} messages persisted after ${PERSIST_TIMEOUT_MS / 1000} s`);
  })();
  const sender = async () => {
    while (next < bodies.length) {
      const { body, count } = bodies[next++];
      const sent = performance.now();
      const response = await client.request('POST', '/channels/api/messages', { token: channel.inboundToken, body });
      latencies.push(performance.now() - sent);
      if (response.status !== 202 || response.body?.results?.length !== count) throw new Error(`inbound post answered ${response.status}: ${response.text.slice(0, 300)}`);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, sender));
  } catch (error) {
    failed = true;
    await poller.catch(() => undefined);
    throw error;
  }
  const ackedAt = performance.now();
  const count = await poller;
  const wal = await walSince(db, lsn);
  const cpu = await meter?.stop();
  if (count !== messages.length) throw new Error(`expected ${messages.length} messages, found ${count}`);
  const seconds = (persistedAt - started) / 1000;
  return {
    cpu,
    walBytesPerMessage: Math.round(wal.bytes / messages.length),
    messagesPerSecond: messages.length / seconds,
    acceptedPerSecond: messages.length / ((ackedAt - started) / 1000),
    seconds,
    drainAfterLastAckMs: persistedAt - ackedAt,
    requestLatencyMs: summarize(latencies),
  };
}

/** Closed loop, single-message requests: how many such requests per second the product takes. */
export async function singleMessageCapacity({ client, channel, messages, concurrency = 16, seconds = 3 }) {
  let next = 0;
  let done = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  const sender = async () => {
    while (performance.now() < until && next < messages.length) {
      const message = messages[next++];
      const response = await client.request('POST', '/channels/api/messages', { token: channel.inboundToken, body: { messages: [message] } });
      if (response.status !== 202) throw new Error(`inbound post answered ${response.status}: ${response.text.slice(0, 300)}`);
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
  return done / ((performance.now() - started) / 1000);
}

/**
 * The shape of the ack-latency load at `messagesPerSecond`: single-message requests while that
 * is comfortably within their measured capacity, otherwise the smallest batch that brings the
 * request rate down to ~60 % of it.
 */
export function ackLoadShape(messagesPerSecond, singleMessageCapacity) {
  const batch = messagesPerSecond <= singleMessageCapacity * 0.6 ? 1 : Math.ceil(messagesPerSecond / (singleMessageCapacity * 0.6));
  return { batch, requestRate: messagesPerSecond / batch };
}

/**
 * Open loop: request k is due at start + k / rate whatever happened to the earlier ones, so a
 * slow answer cannot hold back the next send (no coordinated omission). Latency counts from
 * the time the request was due (and, for context, from when it actually left).
 *
 * It sends `requests` requests (default rate × `seconds`), or, with `until` (a promise), until
 * that settles, whichever comes first. `messagesFor(k)` gives request k's messages (default:
 * `batch` of `messages` in order).
 *
 * Meanwhile `commitProbe` commits a one-row INSERT every 10 ms through plain `pg`, open loop as
 * well (a pool, latency from the time each was due): an ack waits for the event's commit, so it
 * can be no faster than this machine's commit latency at that moment, and a stall of the disk
 * (fsync on a shared machine) delays every request and every probe due while it lasts. With
 * `redisUrl`, a Redis PING every 10 ms is timed the same way (`redisProbeMs`): every request
 * passes the rate limiter's counter in Redis before it is answered.
 *
 * With `warmupSeconds`, the same rate runs that long first, without a pause, and what it
 * measures is reported apart (`warmup`), probes included: the figures are of the steady state.
 * When the load starts, the client opens the sockets this rate needs and the product meets the
 * shape for the first time, and a p99 taken over those seconds mostly measures that
 * (bench/README.md, 2026-12-06). `messages` (or `messagesFor`) must cover the warm-up's
 * requests too; they come first.
 */
export async function openLoop({ client, db, databaseUrl, redisUrl, channel, messages, batch, messagesFor, requestRate, seconds, requests, until, warmupSeconds = 0 }) {
  const warmupRequests = Math.floor(requestRate * warmupSeconds);
  const total = warmupRequests + (requests ?? (seconds === undefined ? Infinity : Math.floor(requestRate * seconds)));
  const bodyMessages = messagesFor ?? ((k) => messages.slice(k * batch, (k + 1) * batch));
  let stopped = false;
  until?.then(
    () => (stopped = true),
    () => (stopped = true),
  );
  const fromDue = [];
  const fromSent = [];
  const failures = [];
  const warmup = { fromDue: [], commits: [], pings: [] };
  const inFlight = new Set();
  let maxInFlight = 0;
  let sentMessages = 0;
  await db.query('CREATE TABLE IF NOT EXISTS bench_commit_probe (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 16 });
  await Promise.all(Array.from({ length: 4 }, () => pool.query('SELECT 1')));
  const redis = redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: 2 }) : null;
  if (redis) await redis.ping();
  const commits = [];
  const pings = [];
  let probing = true;
  const every10ms = async (once) => {
    const pending = [];
    const begin = performance.now();
    for (let i = 0; probing; i += 1) {
      const due = begin + i * 10;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      pending.push(once(due));
    }
    await Promise.all(pending);
  };
  const started = performance.now() + 20;
  const steadyFrom = started + (warmupRequests * 1000) / requestRate;
  const probe = every10ms((due) => pool.query('INSERT INTO bench_commit_probe DEFAULT VALUES').then(() => (due < steadyFrom ? warmup.commits : commits).push(performance.now() - due)));
  const redisProbe = redis ? every10ms((due) => redis.ping().then(() => (due < steadyFrom ? warmup.pings : pings).push(performance.now() - due))) : null;
  let k = 0;
  for (; k < total && !stopped; k += 1) {
    const due = started + (k * 1000) / requestRate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    if (stopped) break;
    const body = { messages: bodyMessages(k) };
    const warming = k < warmupRequests;
    if (!warming) sentMessages += body.messages.length;
    const sent = performance.now();
    const request = client.request('POST', '/channels/api/messages', { token: channel.inboundToken, body }).then(
      (response) => {
        const now = performance.now();
        if (response.status !== 202) failures.push(response.status);
        if (warming) return void warmup.fromDue.push(now - due);
        fromDue.push(now - due);
        fromSent.push(now - sent);
      },
      (error) => failures.push(error.message),
    );
    inFlight.add(request);
    maxInFlight = Math.max(maxInFlight, inFlight.size);
    request.finally(() => inFlight.delete(request));
  }
  const sendingEndedAt = performance.now();
  const lastSendLagMs = k > 0 ? sendingEndedAt - (started + ((k - 1) * 1000) / requestRate) : 0;
  await Promise.all(inFlight);
  probing = false;
  await probe;
  await redisProbe;
  redis?.disconnect();
  await pool.end();
  await db.query('DROP TABLE bench_commit_probe');
  return {
    requests: Math.max(0, k - warmupRequests),
    messages: sentMessages,
    sendingSeconds: round((sendingEndedAt - steadyFrom) / 1000, 3),
    fromDue: summarize(fromDue),
    fromSent: summarize(fromSent),
    failures: failures.length,
    maxInFlight,
    lastSendLagMs: round(lastSendLagMs),
    commitProbeMs: summarize(commits),
    ...(redis ? { redisProbeMs: summarize(pings) } : {}),
    ...(warmupRequests ? { warmup: { seconds: warmupSeconds, requests: warmupRequests, fromDue: summarize(warmup.fromDue), commitProbeMs: summarize(warmup.commits), ...(redis ? { redisProbeMs: summarize(warmup.pings) } : {}) } } : {}),
  };
}
