#!/usr/bin/env node
/**
 * Second half of `npm run build`, after tsc: bundles the compiled server with esbuild into
 * dist/bundle/, so that starting it reads a handful of files instead of resolving and loading
 * Fastify's and linkstack's hundreds of small modules (that loading was most of the cold start).
 *
 *   dist/bundle/main.mjs   dist/server/main.js: what `npm start` and `npm run bench` run; what only
 *                          start-up seeding needs (the scenario runner, the AWS SDK) is split into
 *                          dist/bundle/chunks/ and never parsed by a server that is not seeded
 *   dist/bundle/cli.mjs    dist/server/cli.js, the `linkstack` bin: the container's entry point.
 *                          Its `replay` (with the AWS SDK) is split into dist/bundle/chunks/ and
 *                          loaded only when replaying, so serving does not pay for it.
 *
 * The library (dist/server/index.js), the package's bin, the tests and the examples keep using
 * tsc's output. Source maps lead back to the TypeScript (`node --enable-source-maps`).
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bundle`;

const common = {
  absWorkingDir: root,
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: 'linked',
  // The bundled CommonJS (Fastify, pino, the AWS SDK) calls require() for Node's built-ins, and
  // an ES module has no require of its own.
  banner: { js: "import { createRequire as __linkstackCreateRequire } from 'node:module';\nconst require = __linkstackCreateRequire(import.meta.url);" },
  logLevel: 'warning',
};

/**
 * Fastify requires these only when a route declares a JSON schema (linkstack's declare none: its
 * schema compilers are stand-ins, server/app.ts) or for `app.inject` (tests, which never run the
 * bundle). Left out of the bundle, they cost start-up no parsing; used by mistake, they throw.
 */
const neverLoaded = ['@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler', 'light-my-request'];
const leaveOutUnused = {
  name: 'leave-out-unused',
  setup(b) {
    const filter = new RegExp(`^(${neverLoaded.map((n) => n.replace(/[/.]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'never-loaded' }));
    b.onLoad({ filter: /.*/, namespace: 'never-loaded' }, (args) => ({
      contents: `module.exports = function () { throw new Error(${JSON.stringify(`${args.path} is left out of linkstack's bundle`)}); };`,
      loader: 'js',
    }));
  },
};
common.plugins = [leaveOutUnused];

// Chunk names carry a content hash: start empty, so that no stale chunk lingers.
rmSync(outdir, { recursive: true, force: true });
// Split too: what only start-up seeding (LINKSTACK_INIT: the scenario runner and the AWS SDK)
// needs stays in chunks/ and is not even parsed by a server that is not seeded.
await build({ ...common, entryPoints: { main: 'dist/server/main.js' }, splitting: true, chunkNames: 'chunks/[name]-[hash]' });
await build({ ...common, entryPoints: { cli: 'dist/server/cli.js' }, splitting: true, chunkNames: 'chunks/[name]-[hash]' });

// The dashboard's page and assets (dist/ui/), read by the server on first use.
const { buildUi } = await import('./bundleUi.mjs');
await buildUi();
