#!/usr/bin/env node
/**
 * Second half of `npm run build`, after tsc: bundles the compiled server with esbuild into
 * dist/bundle/, so that starting it reads a handful of files instead of resolving and loading
 * Fastify's and linkstack's hundreds of small modules (that loading was most of the cold start).
 *
 *   dist/bundle/linkstack.cjs    the server: both entry points below, as one CommonJS script
 *   dist/bundle/linkstack.<hash>.cache
 *                                V8's code cache of it, written by scripts/codeCache.mjs after a
 *                                first answered request: start-up then compiles next to nothing
 *   dist/bundle/main.mjs         dist/server/main.js: what `npm start` and `npm run bench` run
 *   dist/bundle/cli.mjs          dist/server/cli.js, the `linkstack` bin: the container's entry
 *                                point. Both are scripts/launcher.mjs, which runs linkstack.cjs
 *                                from the code cache
 *   dist/bundle/aws-sdk.cjs      the AWS SDK clients, which only `replay` and start-up seeding
 *                                (LINKSTACK_INIT) use: required on first use, never read by a
 *                                server that is not seeded
 *
 * A script, not an ES module: Node 20 caches compiled code only for scripts (`vm.Script`).
 * The library (dist/server/index.js), the package's bin, the tests and the examples keep using
 * tsc's output. Source maps lead back to the TypeScript (`node --enable-source-maps`).
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bundle`;
const entries = { main: 'dist/server/main.js', cli: 'dist/server/cli.js' };

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
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

/**
 * What Fastify requires at import time but linkstack never uses: the HTTPS and HTTP/2 servers
 * (about a tenth of the cold start: they load TLS) and semver (for plugins that declare the
 * Fastify versions they support). Each becomes an object that requires the real module on first
 * use, so that a use, however unlikely, still works.
 */
const lazyForFastify = /^((node:)?(https|http2)|semver)$/;
const onFirstUse = {
  name: 'on-first-use',
  setup(b) {
    b.onResolve({ filter: lazyForFastify }, (args) =>
      args.namespace === 'file' && /[\\/]node_modules[\\/]fastify[\\/]/.test(args.importer) ? { path: args.path, namespace: 'on-first-use' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'on-first-use' }, (args) => ({
      contents: `let real;
const load = () => (real ??= require(${JSON.stringify(args.path)}));
module.exports = new Proxy({}, {
  get: (_, key) => load()[key],
  has: (_, key) => key in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, key) => ({ ...Object.getOwnPropertyDescriptor(load(), key), configurable: true }),
});`,
      loader: 'js',
      resolveDir: root,
    }));
  },
};

/** The AWS SDK packages linkstack.cjs names, each read from aws-sdk.cjs on first use. */
const sdkPackages = new Set();
const sdkApart = {
  name: 'aws-sdk-apart',
  setup(b) {
    b.onResolve({ filter: /^@aws-sdk\// }, (args) => {
      sdkPackages.add(args.path);
      return { path: args.path, namespace: 'aws-sdk-apart' };
    });
    b.onLoad({ filter: /.*/, namespace: 'aws-sdk-apart' }, (args) => ({
      contents: `module.exports = require('./aws-sdk.cjs')[${JSON.stringify(args.path)}];`,
      loader: 'js',
    }));
    b.onResolve({ filter: /^\.\/aws-sdk\.cjs$/ }, (args) => (args.namespace === 'aws-sdk-apart' ? { path: args.path, external: true } : undefined));
  },
};

// Hashes name the code cache: start empty, so that no stale file lingers.
rmSync(outdir, { recursive: true, force: true });

// Both entry points in one script (they share all but a few lines), each run by its launcher.
// What they import dynamically (the scenario runner) is inlined, but not run until imported.
await build({
  ...common,
  stdin: {
    contents: `module.exports = { ${Object.entries(entries)
      .map(([name, path]) => `${name}: () => import(${JSON.stringify(`./${path}`)})`)
      .join(', ')} };`,
    resolveDir: root,
    sourcefile: 'linkstack-entry-points.js',
  },
  outfile: `${outdir}/linkstack.cjs`,
  // The launcher calls it as a function, as Node calls a CommonJS module, with the bundle's URL
  // as import.meta.url (it finds the data files from there).
  banner: { js: '(function (exports, require, module, __filename, __dirname, __linkstackUrl) {' },
  footer: { js: '})' },
  define: { 'import.meta.url': '__linkstackUrl' },
  plugins: [leaveOutUnused, onFirstUse, sdkApart],
});
await build({
  ...common,
  stdin: {
    contents: `module.exports = { ${[...sdkPackages].sort().map((p) => `${JSON.stringify(p)}: require(${JSON.stringify(p)})`).join(', ')} };`,
    resolveDir: root,
    sourcefile: 'aws-sdk-clients.js',
  },
  outfile: `${outdir}/aws-sdk.cjs`,
});

// esbuild escapes what is not ASCII in code but keeps comments as they are; in a comment, a
// `?` for each such character changes nothing (not even a column of the source map), and an
// ASCII-only script is read as latin1, about three times faster than as UTF-8.
const bundlePath = `${outdir}/linkstack.cjs`;
const source = readFileSync(bundlePath, 'utf8');
writeFileSync(bundlePath, source.replace(/[^\x00-\x7f]/g, '?'));

const hash = createHash('sha256').update(readFileSync(bundlePath)).digest('hex').slice(0, 12);
const cacheName = `linkstack.${hash}.cache`;
const launcher = readFileSync(`${root}scripts/launcher.mjs`, 'utf8').replace("'linkstack.cache'", JSON.stringify(cacheName));
for (const name of Object.keys(entries)) {
  writeFileSync(`${outdir}/${name}.mjs`, launcher.replace("const ENTRY = 'main'", `const ENTRY = ${JSON.stringify(name)}`));
  chmodSync(`${outdir}/${name}.mjs`, 0o755);
}

// The code cache, from a server that has answered its first request (on a free loopback port).
const port = await new Promise((resolve, reject) => {
  const s = net.createServer().once('error', reject);
  s.listen(0, '127.0.0.1', () => {
    const { port: free } = s.address();
    s.close(() => resolve(free));
  });
});
try {
  execFileSync(process.execPath, [`${root}scripts/codeCache.mjs`, outdir, cacheName], {
    env: { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 120_000,
  });
} catch (e) {
  throw new Error(`the code cache's warm-up server failed: ${e.stderr?.toString() || e.message}`);
}

// The dashboard's page and assets (dist/ui/), read by the server on first use.
const { buildUi } = await import('./bundleUi.mjs');
await buildUi();
