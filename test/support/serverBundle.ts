import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/**
 * server/main.ts (what `npm start` runs) bundled from source with esbuild, for tests that spawn
 * the server. It lands inside the repository, so the server finds dist/managed-policies/ upwards.
 * Returns the path of the .mjs file.
 */
export async function bundleServer(name: string): Promise<string> {
  const dir = join(repo, 'node_modules', '.cache', name);
  mkdirSync(dir, { recursive: true });
  const main = join(dir, 'main.mjs');
  await build({
    entryPoints: [join(repo, 'server/main.ts')],
    outfile: main,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    banner: { js: "import { createRequire as __r } from 'node:module';\nconst require = __r(import.meta.url);" },
    logLevel: 'warning',
  });
  return main;
}
