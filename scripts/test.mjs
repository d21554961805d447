// `npm test`: everything that must hold before a change lands, in the order that fails fastest.
// lint → type checks → build → unit + integration (Jest, real Postgres and Redis) → SPA (Vitest)
// → browser (Chromium). Ends with one line: "N passed, N failed".
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDependencies, root, run, say } from './lib/workspace.mjs';

const outputDir = join(root, 'test-output');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
if (process.env.CI) env.FORCE_COLOR = '0';
const node = (args) => run(process.execPath, args, env);

const counts = { passed: 0, failed: 0 };
const timings = [];

function count(file, read) {
  try {
    const { passed, failed } = read(readFileSync(join(outputDir, file), 'utf8'));
    counts.passed += passed;
    counts.failed += failed;
  } catch {
    // The step failed before writing its report; its exit status already counts.
  }
}

const steps = [
  ['lint', () => node(['scripts/lint.mjs'])],
  ['type check (API and libs)', () => node(['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit'])],
  ['type check (SPA)', () => node(['node_modules/vue-tsc/bin/vue-tsc.js', '-p', 'apps/web/tsconfig.json', '--noEmit'])],
  ['build', () => node(['scripts/build-api.mjs']) || node(['node_modules/vite/bin/vite.js', 'build', '--config', 'apps/web/vite.config.mts', '--logLevel', 'warn'])],
  [
    'unit and integration tests (Jest)',
    () => {
      // --forceExit: a suite that leaves a Redis connection behind must not hang the run; the
      // results are complete when Jest reports them.
      const status = node(['node_modules/jest/bin/jest.js', '-c', 'jest.config.js', '--forceExit', '--json', `--outputFile=${join(outputDir, 'jest.json')}`]);
      count('jest.json', (text) => {
        const report = JSON.parse(text);
        return { passed: report.numPassedTests, failed: report.numFailedTests };
      });
      return status;
    },
  ],
  [
    'SPA tests (Vitest)',
    () => {
      const status = node([
        'node_modules/vitest/vitest.mjs',
        'run',
        '--config',
        'apps/web/vite.config.mts',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${join(outputDir, 'vitest.json')}`,
      ]);
      count('vitest.json', (text) => {
        const report = JSON.parse(text);
        return { passed: report.numPassedTests, failed: report.numFailedTests };
      });
      return status;
    },
  ],
  [
    'browser tests (Chromium)',
    () => {
      const status = node(['apps/web/e2e/run.mjs', `--tap=${join(outputDir, 'browser.tap')}`]);
      count('browser.tap', (text) => ({
        passed: Number(/^# pass (\d+)/m.exec(text)?.[1] ?? 0),
        failed: Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 0),
      }));
      return status;
    },
  ],
];

const started = Date.now();
ensureDependencies();
rmSync(outputDir, { recursive: true, force: true });
mkdirSync(outputDir, { recursive: true });
let failedStep;
for (const [name, step] of steps) {
  say(`▶ ${name}`);
  const stepStarted = Date.now();
  const status = step();
  timings.push(`${name}: ${((Date.now() - stepStarted) / 1000).toFixed(1)} s${status === 0 ? '' : ' (FAILED)'}`);
  if (status !== 0) {
    failedStep = name;
    break;
  }
}
say(`Timings:\n  ${timings.join('\n  ')}\n  total: ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (failedStep) say(`Failed at: ${failedStep}`);
console.log(`${counts.passed} passed, ${counts.failed} failed`);
process.exit(failedStep ? 1 : 0);
