// jest globalSetup (ESM, so it can import linkstack): one in-process linkstack for the run.
// jest.config.js:  module.exports = { globalSetup: './globalSetup.mjs', globalTeardown: './globalTeardown.mjs' }
import { startLinkstack } from 'linkstack';

export default async function globalSetup() {
  const linkstack = await startLinkstack();
  // globalTeardown runs in this same process: it finds the server here.
  globalThis.__LINKSTACK__ = linkstack;
  // Test workers start after this and inherit the environment: every AWS SDK v3 client in the
  // tests talks to linkstack, with credentials that are never real ones.
  process.env.AWS_ENDPOINT_URL = linkstack.endpoint;
  process.env.AWS_REGION = linkstack.region;
  process.env.AWS_ACCESS_KEY_ID = linkstack.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = linkstack.credentials.secretAccessKey;
}
