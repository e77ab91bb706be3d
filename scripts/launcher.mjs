#!/usr/bin/env node
/**
 * dist/bundle/main.mjs and dist/bundle/cli.mjs, written from this file by scripts/bundle.mjs:
 * runs one entry point of the server bundle (dist/bundle/linkstack.cjs) from V8's code cache.
 *
 * Node 20 has no compile cache for modules, and compiling the bundle was about a quarter of the
 * cold start; a `vm.Script` takes V8's cached data, which scripts/codeCache.mjs writes at build
 * time after the server's first answer (so it holds what start-up and the first request compile).
 * The cache's name carries the bundle's content hash, so it cannot be taken for another build's;
 * one V8 refuses (another Node, other V8 flags) is ignored, and the bundle then compiles as usual.
 *
 * Built-ins come through require, not `import … from`: an ES module import of `node:fs` builds its
 * facade, which loads the fs streams the server never uses.
 */
import { createRequire } from 'node:module';

const ENTRY = 'main'; // replaced by scripts/bundle.mjs
const CODE_CACHE = 'linkstack.cache'; // replaced by scripts/bundle.mjs

const require = createRequire(import.meta.url);
const { readFileSync } = require('node:fs');
const vm = require('node:vm');

const dir = new URL('.', import.meta.url);
const file = require('node:url').fileURLToPath(new URL('linkstack.cjs', dir));
let cachedData;
try {
  cachedData = readFileSync(new URL(CODE_CACHE, dir));
} catch {
  // No cache (e.g. a bundle built without one): compile as usual.
}
// The bundle is ASCII only (scripts/bundle.mjs makes sure), so latin1 reads it exactly, faster.
const script = new vm.Script(readFileSync(file, 'latin1'), {
  filename: file,
  cachedData,
  // `import()` inside the bundle (of built-ins) works as in any module.
  importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, createRequire(file), bundle, file, require('node:path').dirname(file), new URL('linkstack.cjs', dir).href);
bundle.exports[ENTRY]();
