import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type FakeTelegram, FakeTelegramServer, type RunningFakeTelegramServer } from '@perepiska/messaging';
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, signup, type SignedUp } from './identity-fixtures';
import { eventually } from './support/webhook-receiver';
import { TEST_MASTER_KEY, bootTestApp } from './test-app';
import { TEST_REDIS_URL } from './test-env';

const root = resolve(__dirname, '../../..');
const main = join(root, 'dist/api/apps/api/src/main.js');

jest.setTimeout(120_000);

/**
 * Issue 5, "done when": two worker processes started on the same database never run the same
 * account's client at once. The built product runs as an API process (here, in the test) and two
 * `serve --role=worker` processes against one local fake Telegram, which — like Telegram — kills
 * an auth key used by two live connections at once (AUTH_KEY_DUPLICATED) and records it. The
 * holder is then killed with SIGKILL: the other worker takes the account over after the lease
 * runs out, and messages keep flowing both ways.
 */
describe('two workers, one Telegram account', () => {
  let server: FakeTelegramServer;
  let running: RunningFakeTelegramServer;
  let fake: FakeTelegram;
  let app: NestFastifyApplication;
  let db: DataSource;
  let owner: SignedUp;
  const workers: ChildProcessWithoutNullStreams[] = [];
  const queuePrefix = `${process.env.PEREPISKA_TEST_QUEUE_PREFIX ?? 'test'}-tg-process`;
  const shared = () => ({ TELEGRAM_TEST_SERVER_URL: running.url, CONNECTION_LEASE_TTL_SECONDS: '3', QUEUE_PREFIX: queuePrefix, MESSAGING_SWEEP_EVERY_MS: '500', MESSAGING_STALE_AFTER_SECONDS: '2' });

  function startWorker(): { child: ChildProcessWithoutNullStreams; ready: Promise<void> } {
    const child = spawn(process.execPath, [main, 'serve', '--role=worker'], {
      env: { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: process.env.PEREPISKA_TEST_DATABASE_URL, REDIS_URL: TEST_REDIS_URL, ENCRYPTION_MASTER_KEY: TEST_MASTER_KEY, LOG_LEVEL: 'warn', ...shared() },
    });
    workers.push(child);
    let output = '';
    const ready = new Promise<void>((resolveReady, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (/Perepiska worker is running/.test(output)) resolveReady();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', (code) => reject(new Error(`a worker exited with ${code}: ${output}`)));
    });
    return { child, ready };
  }

  const http = () => request(app.getHttpServer());
  const liveOf = (accountId: string) => fake.liveConnections().filter((key) => key.accountId === accountId).flatMap((key) => key.connections);
  const holderPid = async (connectionId: string): Promise<number | null> => {
    const [row] = await db.query<Array<{ holder: string }>>(`SELECT holder FROM connection_leases WHERE connection_id = $1 AND expires_at > now()`, [connectionId]);
    return row ? Number(row.holder.split(':')[1]) : null;
  };

  beforeAll(async () => {
    execFileSync(process.execPath, [join(root, 'scripts/build-api.mjs')], { stdio: 'pipe' });
    server = new FakeTelegramServer({ pollTimeoutMs: 1000, dropAfterMs: 1500 });
    fake = server.telegram;
    running = await server.start();
    // The API role: HTTP and the login, no clients of its own.
    app = await bootTestApp({ env: { ...shared(), PROCESS_ROLE: 'api' } });
    db = app.get(DataSource);
    owner = await signup(app);
  });

  afterAll(async () => {
    for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
    await app?.close();
    await running?.close();
  });

  it('runs the account in exactly one worker, and moves it when that worker dies', async () => {
    const account = fake.addAccount({ phone: '+79996660001', firstName: 'Два воркера' });
    const started = (await http().post('/api/v1/telegram/logins').set(bearer(owner.accessToken)).send({ method: 'qr' }).expect(201)).body as { id: string; qrUrl: string };
    fake.scanQr(started.qrUrl, '+79996660001');
    const connectionId = await eventually(async () => {
      const login = (await http().get(`/api/v1/telegram/logins/${started.id}`).set(bearer(owner.accessToken)).expect(200)).body as { state: string; connectionId: string | null };
      return login.state === 'done' ? login.connectionId : null;
    }, 'the login');

    const [a, b] = [startWorker(), startWorker()];
    await Promise.all([a.ready, b.ready]);

    // Watch Telegram's side the whole time: never two live connections for the account.
    let most = 0;
    const watch = setInterval(() => (most = Math.max(most, liveOf(account.id).length)), 20);
    try {
      await eventually(async () => liveOf(account.id).some((c) => c.listening), 'a live client');
      const firstHolder = await eventually(() => holderPid(connectionId), 'the holder');
      expect([a.child.pid, b.child.pid]).toContain(firstHolder);

      // Both directions work whichever worker takes the jobs: a send lands on the holder.
      const client = fake.addUser({ firstName: 'Клиент' });
      fake.clientSends(client.id, account.id, { text: 'Вы работаете?' });
      const conversationId = await eventually(async () => (await db.query<Array<{ id: string }>>(`SELECT id FROM conversations WHERE connection_id = $1`, [connectionId]))[0]?.id, 'the conversation');
      for (let i = 0; i < 4; i += 1) await http().post(`/api/v1/conversations/${conversationId}/messages`).set(bearer(owner.accessToken)).send({ text: `Да, ответ ${i}` }).expect(201);
      await eventually(async () => fake.received(account.id).length === 4, 'four replies at Telegram');

      // The holder dies without letting go: the other worker takes over once the lease runs out.
      const holder = [a.child, b.child].find((child) => child.pid === firstHolder)!;
      const survivor = holder === a.child ? b.child : a.child;
      holder.kill('SIGKILL');
      await eventually(async () => (await holderPid(connectionId)) === survivor.pid, 'the survivor holding the account', 30_000);
      await eventually(async () => liveOf(account.id).some((c) => c.listening), 'the client running again');
      fake.clientSends(client.id, account.id, { text: 'А теперь?' });
      await eventually(async () => (await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1 AND direction = 'in'`, [conversationId]))[0].n === 2, 'the second message');
      await http().post(`/api/v1/conversations/${conversationId}/messages`).set(bearer(owner.accessToken)).send({ text: 'Всё работает' }).expect(201);
      await eventually(async () => fake.received(account.id).length === 5, 'the reply after the takeover');
    } finally {
      clearInterval(watch);
    }
    expect(most).toBe(1);
    expect(fake.violations).toEqual([]);
  });
});
