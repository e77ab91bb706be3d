import { defineConfig } from 'vitest/config';

// Tests that spawn real clients (AWS CLI, boto3) or other processes: slow to start, so they run in
// their own project. Everything else runs in-process and shares one module graph (isolate: false),
// so the AWS SDK is imported once per worker instead of once per file.
const realClients = [
  'test/cli/**/*.test.ts',
  'test/e2e/iam.realClients.test.ts',
  'test/e2e/deletion.readme.test.ts',
  'test/slow/**/*.test.ts',
];

export default defineConfig({
  test: {
    // Builds dist/managed-policies/ (the AWS managed-policy catalog) when it is missing or stale.
    globalSetup: ['test/support/managedPolicyCatalog.setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      {
        extends: true,
        // The inner loop: a test slower than 5 s fails here (split it, or move it to real-clients).
        test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: [...realClients, 'test/conformance/**'], isolate: false, testTimeout: 5_000 },
      },
      {
        extends: true,
        test: { name: 'real-clients', include: realClients },
      },
      {
        // Every operation against AWS's own models (botocore's service-2.json, found through python3).
        extends: true,
        test: { name: 'conformance', include: ['test/conformance/**/*.test.ts'], isolate: false },
      },
    ],
  },
});
