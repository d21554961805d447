// The child side of startProductContext (product.mjs): boots the built product's application
// context the way main.js does for its maintenance commands and runs the service calls the
// parent sends over IPC, one message each, answering the result and the time the call took.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const dist = process.env.BENCH_DIST;
require('reflect-metadata');
const { createWorkerContext } = require(join(dist, 'apps/api/src/bootstrap.js'));
const { configFromProcess } = require(join(dist, 'apps/api/src/config/app-config.js'));

const context = await createWorkerContext({ config: { ...configFromProcess(), role: 'api' } });
let closing;
const close = () => {
  closing ??= context.close().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.once('SIGTERM', close);
process.once('SIGINT', close);
process.once('disconnect', close);

process.on('message', async ({ id, module, service, method, args }) => {
  try {
    const instance = context.get(require(join(dist, module))[service], { strict: false });
    const started = performance.now();
    const result = await instance[method](...args);
    process.send({ id, result: result === undefined ? null : JSON.parse(JSON.stringify(result)), ms: performance.now() - started });
  } catch (error) {
    process.send({ id, error: error.stack ?? String(error) });
  }
});
process.send({ type: 'ready' });
