// Runs every bench/*.bench.mjs (or only those named on the command line, e.g.
// `npm run bench -- raw-postgres`), one at a time in its own process so that one benchmark's
// heap, connections and timers never colour the next. Each prints a single JSON object on stdout;
// it is echoed and saved as bench/results/<name>.json. Exits 1 if any benchmark fails.
import { spawn } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const resultsDir = join(benchDir, 'results');
const SUFFIX = '.bench.mjs';
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS) || 10 * 60 * 1000;

function run(file) {
  return new Promise((resolve) => {
    // stderr is inherited so progress shows live; stdout is the result.
    // --expose-gc: a benchmark measuring memory starts each sample from a collected heap.
    const child = spawn(process.execPath, ['--expose-gc', join(benchDir, file)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    const timer = setTimeout(() => {
      console.error(`${file}: no result after ${TIMEOUT_MS} ms, stopping it`);
      child.kill('SIGTERM');
    }, TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout });
    });
  });
}

const only = process.argv.slice(2);
const files = (await readdir(benchDir))
  .filter((file) => file.endsWith(SUFFIX))
  .filter((file) => only.length === 0 || only.includes(file.slice(0, -SUFFIX.length)))
  .sort();
if (files.length === 0) {
  console.error(only.length ? `No benchmark named ${only.join(', ')} in bench/` : 'No *.bench.mjs files in bench/');
  process.exit(1);
}

await mkdir(resultsDir, { recursive: true });
const failed = [];
for (const file of files) {
  const name = file.slice(0, -SUFFIX.length);
  console.error(`\n▶ ${name}`);
  const { code, signal, stdout } = await run(file);
  let result;
  try {
    result = JSON.parse(stdout);
  } catch {
    result = undefined;
  }
  if (code !== 0 || result === undefined) {
    console.error(`✖ ${name} failed (${signal ? `signal ${signal}` : `exit code ${code}`}${code === 0 ? ', no JSON on stdout' : ''})`);
    failed.push(name);
    continue;
  }
  const json = `${JSON.stringify(result, null, 2)}\n`;
  await writeFile(join(resultsDir, `${name}.json`), json);
  process.stdout.write(json);
  console.error(`✔ ${name} → bench/results/${name}.json`);
}

if (failed.length > 0) {
  console.error(`\n${failed.length} of ${files.length} benchmark(s) failed: ${failed.join(', ')}`);
  process.exit(1);
}
