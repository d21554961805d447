// Compiles apps/api and the server libs to dist/api with SWC (type checking is `npm run
// typecheck`). Tests and fixtures are left out; JSON data files and shipped Markdown texts are copied beside the code.
import { transformFile } from '@swc/core';
import { createRequire } from 'node:module';
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const swcOptions = require('./swc-options.cjs');
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/api');
const sources = ['apps/api/src', 'libs/platform/src', 'libs/identity/src', 'libs/messaging/src', 'libs/consent/src', 'libs/pd-registry/src', 'libs/billing/src'];
const skip = /\.(spec|e2e-spec|int-spec)\.ts$|\.d\.ts$/;

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

const started = Date.now();
await rm(out, { recursive: true, force: true });
let count = 0;
const jobs = [];
for (const source of sources) {
  for await (const file of walk(join(root, source))) {
    const target = join(out, relative(root, file));
    if (file.endsWith('.json') || file.endsWith('.md')) {
      jobs.push(mkdir(dirname(target), { recursive: true }).then(() => copyFile(file, target)));
    } else if (file.endsWith('.ts') && !skip.test(file)) {
      count += 1;
      const js = target.replace(/\.ts$/, '.js');
      jobs.push(
        transformFile(file, { ...swcOptions(), filename: file, sourceFileName: relative(dirname(js), file) }).then(async (result) => {
          await mkdir(dirname(js), { recursive: true });
          await writeFile(js, `${result.code}\n//# sourceMappingURL=${js.split('/').pop()}.map\n`);
          if (result.map) await writeFile(`${js}.map`, result.map);
        }),
      );
    }
  }
}
await Promise.all(jobs);
console.log(`Built the API: ${count} files into dist/api in ${Date.now() - started} ms`);
