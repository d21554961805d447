// Register exports: a register of BENCH_ACTIVITIES processing activities (default 1 000) exported
// to XLSX, PDF, CSV, JSON and the notification draft by the product's own renderers (from the
// build, `npm run build` first). Each format's time and peak memory are reported next to the
// baseline measured in the same run: JSON.stringify of the same snapshot into a Buffer, the least
// any export of these rows must do. Prints one JSON object on stdout; progress goes to stderr.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const log = (message) => process.stderr.write(`[register-export] ${message}\n`);
const ACTIVITIES = Number(process.env.BENCH_ACTIVITIES) || 1_000;
const REPEATS = 3;

function built(path) {
  const file = join(root, 'dist/api', path);
  if (!existsSync(file)) {
    log(`${file} is missing: run "npm run build" first`);
    process.exit(1);
  }
  return require(file);
}

const exports = built('libs/pd-registry/src/exports/register-exports.js');
const { PLATFORM_OPERATOR, PLATFORM_REGISTER } = built('libs/pd-registry/src/domain/platform-register.js');
const { messengerProcessingActivity } = built('libs/pd-registry/src/domain/messenger-processing-activity.js');

/** 1 000 distinct activities: the shipped ones and the messenger one, renamed and varied. */
function snapshot() {
  const templates = [...PLATFORM_REGISTER.map((a) => a.data), messengerProcessingActivity('ООО «Шарики»', '2026-01-15')];
  const activities = Array.from({ length: ACTIVITIES }, (_, i) => {
    const data = templates[i % templates.length];
    return {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      key: null,
      version: 1 + (i % 4),
      recordedAt: new Date(Date.UTC(2026, 0, 1 + (i % 300))),
      data: { ...data, name: `${data.name} — процесс № ${i + 1}`, purpose: `${data.purpose} (подразделение ${1 + (i % 37)})` },
    };
  });
  return { layer: 'tenant', tenantId: '11111111-1111-4111-8111-111111111111', asOf: new Date('2026-12-01T09:00:00Z'), operator: PLATFORM_OPERATOR, activities };
}

/** What the export holds in memory: the JS heap and the buffers outside it (pdfkit and zip chunks). */
const used = () => {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};

/** Runs `work` REPEATS times after a warm-up; the median time and the highest memory growth seen while it ran. */
async function measure(name, work) {
  await work();
  const times = [];
  let peak = 0;
  let bytes = 0;
  for (let i = 0; i < REPEATS; i += 1) {
    globalThis.gc?.();
    const base = used();
    let high = base;
    const sampler = setInterval(() => (high = Math.max(high, used())), 5);
    const started = performance.now();
    const result = await work();
    times.push(performance.now() - started);
    clearInterval(sampler);
    high = Math.max(high, used());
    peak = Math.max(peak, high - base);
    bytes = result.length ?? result.body.length;
  }
  times.sort((a, b) => a - b);
  const figure = { medianMs: Math.round(times[1] * 10) / 10, samplesMs: times.map((t) => Math.round(t)), peakMemoryMb: Math.round((peak / 2 ** 20) * 10) / 10, bytes };
  log(`${name}: ${figure.medianMs} ms, peak +${figure.peakMemoryMb} MB, ${bytes} bytes`);
  return figure;
}

const register = snapshot();
log(`${ACTIVITIES} activities; gc ${globalThis.gc ? 'exposed' : 'not exposed (peaks include garbage)'}`);
const baseline = await measure('baseline JSON.stringify', async () => Buffer.from(JSON.stringify(register)));
const formats = {
  xlsx: await measure('xlsx', () => exports.registerXlsx(register)),
  pdf: await measure('pdf', () => exports.registerPdf(register)),
  json: await measure('json', async () => exports.registerJson(register)),
  csv: await measure('csv', async () => exports.registerCsv(register)),
  notificationPdf: await measure('notification pdf', () => exports.notificationDraftPdf(register)),
};
const ratio = (value, base) => Math.round((value / Math.max(base, 0.1)) * 10) / 10;
process.stdout.write(
  `${JSON.stringify(
    {
      benchmark: 'register-export',
      activities: ACTIVITIES,
      baseline,
      formats,
      ratios: Object.fromEntries(Object.entries(formats).map(([name, f]) => [name, { timeVsBaseline: ratio(f.medianMs, baseline.medianMs), peakMemoryVsBaseline: ratio(f.peakMemoryMb, baseline.peakMemoryMb) }])),
    },
    null,
    2,
  )}\n`,
);
