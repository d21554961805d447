import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
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

  it('runs the worker role without an HTTP listener and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [main, 'serve', '--role=worker'], { env: baseEnv({ PORT: String(port) }) });
    const exited = exitOf(child);
    await waitForOutput(child, /Perepiska worker is running/);
    await expect(fetch(`http://127.0.0.1:${port}/api/v1/health`)).rejects.toThrow();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
