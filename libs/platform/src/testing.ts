// Test-only helpers of the platform lib, kept out of index.ts so the product never bundles them.
// Tests import this file by relative path.
export * from './storage/testing/fake-s3-server';
