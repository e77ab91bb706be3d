#!/usr/bin/env node
/**
 * Builds the dashboard (ui/) into dist/ui/: index.html, app.js (Preact and the page, one
 * minified file) and app.css. The server reads them from there on first use. Part of
 * `npm run build`; the browser tests call `buildUi()` themselves so that `npm test` works on a
 * fresh clone without a build.
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function buildUi() {
  const outdir = `${root}dist/ui`;
  mkdirSync(outdir, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: { app: 'ui/app.tsx' },
    outdir,
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'warning',
  });
  copyFileSync(`${root}ui/index.html`, `${outdir}/index.html`);
  copyFileSync(`${root}ui/app.css`, `${outdir}/app.css`);
  return outdir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildUi();
