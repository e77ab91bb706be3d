import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The dashboard's files, built by `npm run build` (scripts/bundleUi.mjs) into dist/ui/. They are
 * read from disk on first use and kept, so the server's start-up never pays for them. The
 * package root is found by walking up from this module: it is dist/bundle/ when bundled,
 * dist/server/dashboard/ when compiled and server/dashboard/ under the tests.
 */

export const UI_FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

function packageRoot(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

let uiDir: string | undefined | null = null;
const cache = new Map<string, Buffer>();

export function uiDirectory(): string | undefined {
  if (uiDir === null) {
    const root = packageRoot();
    const candidate = root ? join(root, 'dist', 'ui') : undefined;
    uiDir = candidate && existsSync(join(candidate, 'index.html')) ? candidate : undefined;
  }
  return uiDir;
}

/** A built dashboard file, or undefined when the dashboard was not built. */
export function uiFile(name: string): Buffer | undefined {
  if (!(name in UI_FILES)) return undefined;
  const cached = cache.get(name);
  if (cached) return cached;
  const dir = uiDirectory();
  if (!dir) return undefined;
  try {
    const data = readFileSync(join(dir, name));
    cache.set(name, data);
    return data;
  } catch {
    return undefined;
  }
}

/** For tests that build the dashboard after the server first looked for it. */
export function forgetUiFiles(): void {
  uiDir = null;
  cache.clear();
}
