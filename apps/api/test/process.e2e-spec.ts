import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TEST_MASTER_KEY } from './test-app';
import { TEST_REDIS_URL } from './test-env';

/** The built product as an operator runs it: `node dist/api/apps/api/src/main.js …`. */
const root = resolve(__dirname, '../../..');
const main = join(root, 'dist/api/apps/api/src/main.js');

function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    DATABASE_URL: process.env.PEREPISKA_TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    ENCRYPTION_MASTER_KEY: TEST_MASTER_KEY,
    QUEUE_PREFIX: `${process.env.PEREPISKA_TEST_QUEUE_PREFIX ?? 'test'}-process`,
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [main, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function waitForOutput(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) resolve(seen);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited with ${code} before printing ${pattern}: ${seen}`)));
  });
}

/** The exit code; a failing process's stderr is printed, so a red run says why. */
function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      if (code !== 0 && stderr) console.error(`process exited with ${code}:\n${stderr}`);
      resolve(code);
    }),
  );
}

describe('the built product as a process', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [join(root, 'scripts/build-api.mjs')], { stdio: 'pipe' });
  });

  it.each([
    [{ ENCRYPTION_MASTER_KEY: 'k1:c2hvcnQ=' }, /^Invalid configuration: ENCRYPTION_MASTER_KEY key material must decode to 32 bytes, got 5$/],
    [{ ENCRYPTION_MASTER_KEY: '' }, /^Invalid configuration: ENCRYPTION_MASTER_KEY is required$/],
    [{ DATABASE_URL: 'mysql://localhost/x' }, /^Invalid configuration: DATABASE_URL must be a URL/],
  ])('refuses to start with a bad configuration, in one line naming the variable (%j)', async (override, line) => {
    const result = await run(['serve'], baseEnv(override));
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.trim()).toMatch(line);
  });

  it('refuses an unknown role or command', async () => {
    expect((await run(['serve', '--role=scheduler'], baseEnv())).stderr).toMatch(/--role must be one of all, api, worker/);
    expect((await run(['frobnicate'], baseEnv())).stderr).toMatch(/unknown command "frobnicate"/);
  });

  it('migrates on request and reports an up-to-date database', async () => {
    const result = await run(['migrate'], baseEnv());
    expect(result).toMatchObject({ code: 0, stdout: 'The database is up to date\n' });
  });

  it('re-encrypts on request under the newest key', async () => {
    const result = await run(['reencrypt'], baseEnv());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Every sealed value is under key "test1"');
    expect(result.stdout).toMatch(/connections\.account_key: \d+ remade/);
  });

  it('serves in the api role and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [main, 'serve', '--role=api'], { env: baseEnv({ PORT: String(port), HOST: '127.0.0.1' }) });
    const exited = exitOf(child);
    await waitForOutput(child, /Perepiska is running at http:\/\/localhost:\d+ \(role: api\)/);
    const health = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
    expect(health.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('seeds a demo business with --demo and prints a login that works, again on the next start', async () => {
    for (let start = 0; start < 2; start += 1) {
      const port = await freePort();
      const child = spawn(process.execPath, [main, 'serve', '--demo'], { env: baseEnv({ PORT: String(port), HOST: '127.0.0.1' }) });
      const exited = exitOf(child);
      const output = await waitForOutput(child, /Demo business: sign in as (\S+) with password (\S+)/);
      const [, email, password] = /Demo business: sign in as (\S+) with password (\S+)/.exec(output)!;
      const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      expect(login.status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 30_000);

  it('forwards a subject request from the platform to a business and lists it, refusing bad input in words', async () => {
    const { Client } = await import('pg');
    const db = new Client({ connectionString: process.env.PEREPISKA_TEST_DATABASE_URL });
    await db.connect();
    try {
      // The demo business the previous test seeded.
      const [{ id, name }] = (await db.query<{ id: string; name: string }>(`SELECT id, name FROM tenants WHERE status = 'active' ORDER BY created_at LIMIT 1`)).rows;
      const reference = `ВХ-${Date.now()}`;
      const args = ['subject-requests', 'forward', '--business', id, '--kind', 'access', '--name', 'Пётр Пересланный', '--phone', '+7 902 555-44-33', '--reference', reference, '--received', '2026-12-01', '--details', 'Какие мои данные у вас есть'];
      const forwarded = await run(args, baseEnv());
      expect(forwarded.code).toBe(0);
      expect(forwarded.stdout).toContain(`Forwarded to ${name} (INN `);
      expect(forwarded.stdout).toMatch(/ as № ЗПД-2026-\d{4}, due \d{4}-\d{2}-\d{2} \(ст\. 14/);
      expect(forwarded.stdout).toContain('Tell the person:');
      expect(forwarded.stdout).toContain(`вх. № ${reference} от 01.12.2026`);
      const listed = await run(['subject-requests', 'forwarded'], baseEnv());
      expect(listed.code).toBe(0);
      expect(listed.stdout).toMatch(new RegExp(`^${reference} \\(received 2026-12-01\\) → .*: № ЗПД-2026-\\d{4}, access, received, due `, 'm'));
      expect(listed.stdout).not.toContain('Пересланный');

      const missing = await run(args.filter((_, i) => i < args.indexOf('--reference') || i > args.indexOf('--reference') + 1), baseEnv());
      expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/^--reference is required/) });
      const badKind = await run(args.map((a) => (a === 'access' ? 'gossip' : a)), baseEnv());
      expect(badKind).toMatchObject({ code: 1, stderr: expect.stringMatching(/^--kind must be one of access, rectification/) });
      const noContact = await run(args.filter((_, i) => i < args.indexOf('--phone') || i > args.indexOf('--phone') + 1), baseEnv());
      expect(noContact).toMatchObject({ code: 1, stderr: expect.stringContaining('subject.phone: a phone number or an e-mail is required') });
    } finally {
      await db.end();
    }
  }, 60_000);

  it('lists the platform\'s acts of destruction and writes one as a PDF', async () => {
    const { Client } = await import('pg');
    const db = new Client({ connectionString: process.env.PEREPISKA_TEST_DATABASE_URL });
    await db.connect();
    const file = join(tmpdir(), `platform-act-${process.pid}.pdf`);
    try {
      // An act as the platform's scheduled run writes it (no business: the platform is the operator).
      await db.query(
        `INSERT INTO destruction_acts (tenant_id, number, reason, categories, reports, kept, log, performed_by_name, keep_until)
         VALUES (NULL, 'АУ-2099-0001', 'Истечение срока хранения журналов', '{connection-data}', $1, '[]', $2, 'Плановое уничтожение (система «Переписка»)', '2102-01-01')
         ON CONFLICT DO NOTHING`,
        [JSON.stringify([{ source: 'identity.access-journal', method: 'destroy', records: 12, categories: ['connection-data'] }]), JSON.stringify([{ at: '2099-01-01T00:00:00.000Z', type: 'retention-started', details: {} }])],
      );
      const listed = await run(['destruction-acts', 'list'], baseEnv());
      expect(listed.code).toBe(0);
      expect(listed.stdout).toMatch(/^АУ-2099-0001 \d{4}-\d{2}-\d{2}: 12 record\(s\) — identity\.access-journal 12; kept until 2102-01-01$/m);
      const written = await run(['destruction-acts', 'pdf', 'АУ-2099-0001', file], baseEnv());
      expect(written).toMatchObject({ code: 0, stdout: expect.stringContaining(`АУ-2099-0001 written to ${file}`) });
      expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
      const missing = await run(['destruction-acts', 'pdf', 'АУ-1999-0001', file], baseEnv());
      expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('no act of the platform is numbered "АУ-1999-0001"') });
    } finally {
      await db.query(`DELETE FROM destruction_acts WHERE tenant_id IS NULL AND number = 'АУ-2099-0001'`);
      await db.end();
      rmSync(file, { force: true });
    }
  }, 60_000);

  it('runs the worker role without an HTTP listener and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [main, 'serve', '--role=worker'], { env: baseEnv({ PORT: String(port) }) });
    const exited = exitOf(child);
    await waitForOutput(child, /Perepiska worker is running/);
    await expect(fetch(`http://127.0.0.1:${port}/api/v1/health`)).rejects.toThrow();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  describe('inbound recovery', () => {
    const burst = 10_000;
    const perRequest = 100;

    /**
     * ARCHITECTURE.md rule 3 end to end: every event acknowledged to the sender is in Postgres,
     * so a worker killed mid-burst and a Redis that lost every job still end with each message
     * exactly once, rebuilt by the sweeper of a fresh worker.
     */
    it('ends with exactly 10 000 messages after the worker is killed mid-burst and Redis is flushed', async () => {
      // A Redis database of its own, so flushing it touches nothing else.
      const redisUrl = `${TEST_REDIS_URL.replace(/\/\d*$/, '')}/9`;
      const env = (extra: Record<string, string>) =>
        baseEnv({ REDIS_URL: redisUrl, QUEUE_PREFIX: 'recovery', RATE_LIMIT_PER_IP_PER_MINUTE: '1000000', MESSAGING_SWEEP_EVERY_MS: '500', MESSAGING_STALE_AFTER_SECONDS: '2', ...extra });
      const flush = async () => {
        const { default: Redis } = await import('ioredis');
        const redis = new Redis(redisUrl);
        await redis.flushdb();
        await redis.quit();
      };
      await flush();
      const port = await freePort();
      const api = spawn(process.execPath, [main, 'serve', '--role=api'], { env: env({ PORT: String(port), HOST: '127.0.0.1' }) });
      const apiExited = exitOf(api);
      const startWorker = () => {
        const worker = spawn(process.execPath, [main, 'serve', '--role=worker'], { env: env({}) });
        return { worker, ready: waitForOutput(worker, /Perepiska worker is running/) };
      };
      let first = startWorker();
      const { Client } = await import('pg');
      const db = new Client({ connectionString: process.env.PEREPISKA_TEST_DATABASE_URL });
      await db.connect();
      try {
        await Promise.all([waitForOutput(api, /Perepiska is running/), first.ready]);
        const base = `http://127.0.0.1:${port}/api/v1`;
        const post = async (path: string, body: unknown, token?: string) => {
          const response = await fetch(`${base}${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
            body: JSON.stringify(body),
          });
          if (response.status >= 300) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
          return response.json() as Promise<Record<string, unknown>>;
        };
        const owner = await post('/auth/signup', {
          tenant: { name: 'ООО «Восстановление»', inn: '7707083893', ogrn: '1027700132195', kpp: '773601001', legalAddress: '117312, г. Москва, ул. Вавилова, д. 19' },
          owner: { fullName: 'Анна Смирнова', email: `recovery-${Date.now()}@example.ru`, password: 'correct horse battery' },
          acceptedVersionIds: ((await (await fetch(`${base}/public/legal/signup`)).json()) as Array<{ versionId: string }>).map((a) => a.versionId),
        });
        const module = (await (await fetch(`${base}/messenger-module`, { headers: { authorization: `Bearer ${owner.accessToken as string}` } })).json()) as { currentAgreement: { id: string }; warranties: Array<{ id: string }> };
        await post('/messenger-module/activate', { versionId: module.currentAgreement.id, warranties: module.warranties.map((w) => w.id) }, owner.accessToken as string);
        const created = (await post('/connections', { type: 'api', displayName: 'Нагрузка' }, owner.accessToken as string)) as { connection: { id: string }; secrets: { inboundToken: string } };
        const count = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM messages WHERE connection_id = $1', [created.connection.id])).rows[0].n);

        let killed = false;
        const requests = Array.from({ length: burst / perRequest }, (_, r) =>
          Array.from({ length: perRequest }, (_, i) => {
            const n = r * perRequest + i;
            return { id: `burst-${n}`, chat: { id: `chat-${n % 500}` }, from: { id: `chat-${n % 500}`, name: `Клиент ${n % 500}` }, text: `Сообщение ${n}` };
          }),
        );
        for (let r = 0; r < requests.length; r += 4) {
          await Promise.all(requests.slice(r, r + 4).map((messages) => post('/channels/api/messages', { messages }, created.secrets.inboundToken)));
          if (!killed && (await count()) > 0) {
            // Mid-burst: the worker dies with transactions open and jobs taken.
            first.worker.kill('SIGKILL');
            killed = true;
          }
        }
        expect(killed).toBe(true);
        // Every job in Redis is gone; only Postgres knows what is left to do.
        await flush();
        const before = await count();
        expect(before).toBeLessThan(burst);

        first = startWorker();
        await first.ready;
        const deadline = Date.now() + 120_000;
        while ((await count()) < burst && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
        expect(await count()).toBe(burst);
        const pending = await db.query('SELECT 1 FROM inbound_events WHERE connection_id = $1 AND processed_at IS NULL', [created.connection.id]);
        expect(pending.rowCount).toBe(0);
        const perChat = await db.query<{ n: string }>('SELECT count(DISTINCT conversation_id) AS n FROM messages WHERE connection_id = $1', [created.connection.id]);
        expect(Number(perChat.rows[0].n)).toBe(500);
      } finally {
        await db.end();
        first.worker.kill('SIGTERM');
        api.kill('SIGTERM');
        await apiExited;
      }
    }, 240_000);
  });
});
