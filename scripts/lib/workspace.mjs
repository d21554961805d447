// What the workspace's own commands (`npm start`, `npm test`) share. Node built-ins only:
// these run before `npm install`.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function say(message) {
  console.log(`[perepiska] ${message}`);
}

export function fail(message) {
  console.error(`[perepiska] ${message}`);
  process.exit(1);
}

/** Runs a command in the workspace with inherited output; returns its exit status. */
export function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.error) return fail(`could not run ${command}: ${result.error.message}`);
  return result.status ?? 1;
}

/** `npm install` when node_modules is missing or older than the lockfile. */
export function ensureDependencies() {
  const installed = join(root, 'node_modules/.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(join(root, 'package-lock.json')).mtimeMs) return;
  say('Installing dependencies (npm install)…');
  if (run('npm', ['install', '--no-audit', '--no-fund']) !== 0) fail('npm install failed');
}
