// Lints the whole workspace. The Nx project graph is computed first: without a cached graph
// @nx/enforce-module-boundaries skips itself with only a warning, which would let a boundary
// violation pass on a fresh clone.
import { spawnSync } from 'node:child_process';

const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
const run = (args) => spawnSync(process.execPath, args, { stdio: 'inherit', env }).status ?? 1;

const graph = spawnSync(process.execPath, ['node_modules/nx/dist/bin/nx.js', 'show', 'projects'], { env, encoding: 'utf8' });
if (graph.status !== 0) {
  process.stderr.write(graph.stderr);
  process.exit(graph.status ?? 1);
}
process.exit(run(['node_modules/eslint/bin/eslint.js', '--max-warnings=0', ...(process.argv.slice(2).length ? process.argv.slice(2) : ['.'])]));
