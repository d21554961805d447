// Starts the built product (API serving the built SPA) on a free port against a database of
// its own, and Debian's Chromium through playwright-core. Used by every browser test.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { chromium } from 'playwright-core';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const screenshotDir = join(root, 'test-output/screenshots');
const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

function freePort() {
  return new Promise((resolvePort) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function admin(sql) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A JSON call to the product's API; throws with the answer when the status is not the one expected. */
export async function call(baseUrl, method, path, { token, body, expect = [200, 201, 202, 204] } = {}) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (!expect.includes(response.status)) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Signs ООО «Шарики» up through the API with its messenger module on; answers the owner's credentials and token. */
export async function signUpBusiness(baseUrl) {
  const email = `owner-${randomBytes(4).toString('hex')}@example.ru`;
  const password = 'correct horse battery';
  const { accessToken } = await call(baseUrl, 'POST', '/api/v1/auth/signup', {
    body: {
      tenant: { name: 'ООО «Шарики»', inn: '7707083893', ogrn: '1027700132195', kpp: '773601001', legalAddress: '117312, г. Москва, ул. Вавилова, д. 19' },
      owner: { fullName: 'Анна Смирнова', email, password },
      acceptedVersionIds: await signupAgreementIds(baseUrl),
    },
  });
  await activateMessengerModule(baseUrl, accessToken);
  const { tenant } = await call(baseUrl, 'GET', '/api/v1/auth/me', { token: accessToken });
  return { email, password, accessToken, tenantId: tenant.id };
}

/** Signs in through the login page of a fresh context, declining optional cookies. */
export async function signIn(page, baseUrl, { email, password }) {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('cookie-necessary-only').click();
  await page.getByLabel('Электронная почта').fill(email);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByTestId('welcome').waitFor();
}

/** The versions a new account accepts at sign-up, as the sign-up form reads them. */
export async function signupAgreementIds(baseUrl) {
  return (await call(baseUrl, 'GET', '/api/v1/public/legal/signup')).map((a) => a.versionId);
}

/** Accepts the current messenger-module agreement with every warranty, as an owner does (issue 6). */
export async function activateMessengerModule(baseUrl, token) {
  const { currentAgreement, warranties } = await call(baseUrl, 'GET', '/api/v1/messenger-module', { token });
  await call(baseUrl, 'POST', '/api/v1/messenger-module/activate', { token, body: { versionId: currentAgreement.id, warranties: warranties.map((w) => w.id) } });
}

/** `env` adds to the product's environment, e.g. SMTP_URL for a test's own mail catcher. */
export async function startProduct({ env = {} } = {}) {
  for (const built of ['dist/api/apps/api/src/main.js', 'dist/web/index.html']) {
    if (!existsSync(join(root, built))) throw new Error(`${built} is missing: run "npm run build" first`);
  }
  const database = `perepiska_browser_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await admin(`CREATE DATABASE "${database}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'dist/api/apps/api/src/main.js'), 'serve'], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: url.toString(),
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: `browser-${database}`,
      ENCRYPTION_MASTER_KEY: `browser:${randomBytes(32).toString('base64')}`,
      WEB_DIST_DIR: join(root, 'dist/web'),
      LOG_LEVEL: 'warn',
      // Links in mails (invitations, password resets) point where the browser opens the product.
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...env,
    },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  await new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`the product did not start:\n${output}`)), 60_000);
    child.stdout.on('data', () => {
      if (/Perepiska is running/.test(output)) {
        clearTimeout(timer);
        resolveStart();
      }
    });
    child.on('exit', (code) => reject(new Error(`the product exited with ${code}:\n${output}`)));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGTERM');
      await exited;
      await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    },
  };
}

export async function launchBrowser() {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`${executablePath} not found: apt-get install chromium (or set CHROMIUM_PATH)`);
  mkdirSync(screenshotDir, { recursive: true });
  return chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
}

/**
 * Registers before/after hooks that start the product and a browser for the test file, and
 * returns a handle whose fields are set once they run. With `mail: true` the product sends its
 * mail to a catcher of the test's own (`handle.mail`, see mail.mjs) instead of the API's default
 * one on a fixed port, so tests read what was mailed and never collide on that port.
 */
export function useProductAndBrowser({ before, after, mail = false }) {
  const handle = { product: undefined, browser: undefined, mail: undefined };
  before(async () => {
    if (mail) {
      const { startMailCatcher } = await import('./mail.mjs');
      handle.mail = await startMailCatcher();
    }
    handle.product = await startProduct({ env: handle.mail ? { SMTP_URL: handle.mail.url } : {} });
    handle.browser = await launchBrowser();
  });
  after(async () => {
    await handle.browser?.close();
    await handle.product?.stop();
    await handle.mail?.stop();
  });
  return handle;
}
