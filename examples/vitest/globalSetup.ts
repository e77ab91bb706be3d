// vitest globalSetup: one in-process linkstack for the whole test run, no Docker.
// vitest.config.ts:  export default defineConfig({ test: { globalSetup: ['./globalSetup.ts'] } })
import type { TestProject } from 'vitest/node';
import { startLinkstack, type Linkstack } from 'linkstack';

let linkstack: Linkstack | undefined;

export default async function setup(project: TestProject) {
  linkstack = await startLinkstack({ clock: '2026-01-15T10:00:00Z', deletionStartMs: 0, deletionDurationMs: 0 });
  // Every AWS SDK v3 client created in the tests now talks to linkstack, unchanged. Credentials
  // are set too, so that real ones never reach a test.
  process.env.AWS_ENDPOINT_URL = linkstack.endpoint;
  process.env.AWS_REGION = linkstack.region;
  process.env.AWS_ACCESS_KEY_ID = linkstack.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = linkstack.credentials.secretAccessKey;
  // For tests that want it explicitly: inject('linkstackEndpoint').
  project.provide('linkstackEndpoint', linkstack.endpoint);
  return async () => {
    await linkstack?.close();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    linkstackEndpoint: string;
  }
}
