// Three tiers (STYLE.md §7): `unit` needs nothing but Node; `integration` covers repositories,
// services and the booted app (Supertest) against a real Postgres and Redis, in a database
// the run creates and drops itself.
const swcOptions = require('./scripts/swc-options.cjs');

const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcOptions(), swcrc: false }] },
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  setupFiles: ['reflect-metadata'],
};

module.exports = {
  // Jest reads the timeout from the root, not from a project: integration tests drive whole flows.
  testTimeout: 60000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps/api,libs,bench}/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps/api,libs}/**/*.{int-spec,e2e-spec}.ts'],
      globalSetup: '<rootDir>/apps/api/test/global-setup.ts',
      globalTeardown: '<rootDir>/apps/api/test/global-teardown.ts',
      testTimeout: 60000,
    },
  ],
};
