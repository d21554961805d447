// Runs every browser test (*.e2e.mjs) with node's test runner; Node 20 takes no glob itself.
// Names given (`node apps/web/e2e/run.mjs inbox team`) run only the files whose name contains one.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.e2e.mjs') && (only.length === 0 || only.some((name) => f.includes(name))))
  .sort()
  .map((f) => join(here, f));
if (files.length === 0) {
  console.error(`No browser test matches ${only.join(', ')}`);
  process.exit(1);
}
// `--tap=FILE` also writes a TAP report (read by scripts/test.mjs for the closing tally).
const tap = process.argv.find((arg) => arg.startsWith('--tap='))?.slice('--tap='.length);
const reporters = tap
  ? ['--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`]
  : [];
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...reporters, ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
