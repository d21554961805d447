import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

/**
 * ARCHITECTURE.md rule 1, proven: the lint run that `npm test` starts fails when a domain lib
 * imports another domain lib, and passes when it imports libs/platform.
 */
const root = resolve(__dirname, '../../..');

interface LintResult {
  filePath: string;
  messages: Array<{ ruleId: string | null; message: string; severity: number }>;
}

const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };

function lint(file: string): LintResult {
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules/eslint/bin/eslint.js'), '--no-ignore', '--format', 'json', join(root, 'tools/boundary-fixtures/src', file)],
    { cwd: root, encoding: 'utf8', env },
  );
  // The rule only warns, and skips itself, when it has no project graph: that must not happen.
  expect(result.stdout + result.stderr).not.toMatch(/will be skipped/);
  const [report] = JSON.parse(result.stdout) as LintResult[];
  return report;
}

beforeAll(() => {
  // What scripts/lint.mjs does first: compute the Nx project graph.
  const graph = spawnSync(process.execPath, [join(root, 'node_modules/nx/dist/bin/nx.js'), 'show', 'projects'], { cwd: root, encoding: 'utf8', env });
  expect(graph.stdout).toContain('boundary-fixtures');
}, 60_000);

describe('@nx/enforce-module-boundaries', () => {
  it('rejects a domain lib importing another domain lib, at error level', () => {
    const violations = lint('imports-another-domain.ts').messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries');
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ severity: 2 });
    expect(violations[0].message).toMatch(/type:domain.*type:platform/s);
  });

  it('accepts a domain lib importing libs/platform', () => {
    expect(lint('imports-platform.ts').messages).toEqual([]);
  });
});
