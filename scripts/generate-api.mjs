// Regenerates the committed OpenAPI document and the SPA's types from the code, through the
// same test that checks them (it boots the app against a throw-away database).
import { spawnSync } from 'node:child_process';

const result = spawnSync(
  process.execPath,
  ['node_modules/jest/bin/jest.js', '-c', 'jest.config.js', 'apps/api/test/openapi.e2e-spec.ts', '--selectProjects', 'integration'],
  { stdio: 'inherit', env: { ...process.env, UPDATE_OPENAPI: '1' } },
);
process.exit(result.status ?? 1);
