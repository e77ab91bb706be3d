#!/usr/bin/env node
// Offline checks of docker/Dockerfile, run by .ci/run after `npm run build` (docker/ci.sh then
// builds and runs the real image): every path it copies exists and is not hidden by the root
// .dockerignore, the ENTRYPOINT script (the bundled bin, dist/bundle/cli.mjs) was built, and the
// runtime stage's files, laid out as its COPY lines lay them out in a folder with no node_modules
// anywhere above it (the image has none), serve: the HEALTHCHECK command reports healthy,
// `replay scenarios --endpoint` (the compose file's tests service) passes against it, and SIGTERM
// stops it with exit code 0. The bundle may name no package it does not carry, except the few
// below that are known never to load at run time.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dockerfile = readFileSync(join(root, 'docker/Dockerfile'), 'utf8');
const ignore = readFileSync(join(root, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const problems = [];

/** Instructions with continuation lines joined. */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

const globToRegExp = (glob) =>
  new RegExp(`^${glob.replace(/[.+^${}()|[\]]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]').replace(/\u0000/g, '.*')}$`);

/** .dockerignore semantics: the last matching pattern wins; `!` re-includes; a directory pattern covers what is under it. */
function ignored(path) {
  let result = false;
  for (const pattern of ignore) {
    const negate = pattern.startsWith('!');
    const p = negate ? pattern.slice(1) : pattern;
    const re = globToRegExp(p.replace(/\/$/, ''));
    const under = globToRegExp(`${p.replace(/\/$/, '')}/**`);
    if (re.test(path) || under.test(path)) result = !negate;
  }
  return result;
}

/** Files under a context path, as the build would send them. */
function filesUnder(path) {
  const abs = join(root, path);
  if (!existsSync(abs)) return [];
  try {
    return readdirSync(abs, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => relative(root, join(d.parentPath ?? d.path, d.name)));
  } catch {
    return [path];
  }
}

function expand(source) {
  if (!source.includes('*')) return existsSync(join(root, source)) ? [source] : [];
  const dir = dirname(source);
  const re = globToRegExp(source);
  return existsSync(join(root, dir)) ? readdirSync(join(root, dir)).map((n) => join(dir, n)).filter((p) => re.test(p)) : [];
}

let copies = 0;
for (const line of instructions) {
  const m = /^(COPY|ADD)\s+(.*)$/i.exec(line);
  if (!m) continue;
  const args = m[2].split(/\s+/);
  const from = args.find((a) => a.startsWith('--from='));
  const paths = args.filter((a) => !a.startsWith('--'));
  for (const source of paths.slice(0, -1)) {
    copies++;
    // A build stage mirrors the repository at /app, so /app/dist is dist/ after `npm run build`.
    const path = from ? source.replace(/^\/app\//, '') : source;
    const found = expand(path);
    if (found.length === 0) {
      problems.push(`${line}: ${path} does not exist${from ? ' after npm run build' : ''}`);
      continue;
    }
    if (from) continue;
    const hidden = found.flatMap(filesUnder).filter(ignored);
    const kept = found.flatMap(filesUnder).filter((f) => !ignored(f));
    if (kept.length === 0) problems.push(`${line}: ${path} is excluded by .dockerignore`);
    else if (hidden.length && !path.startsWith('scenarios')) problems.push(`${line}: ${hidden[0]} is excluded by .dockerignore`);
  }
}
if (copies === 0) problems.push('the Dockerfile copies nothing');

const entry = instructions.find((l) => l.startsWith('ENTRYPOINT'));
const entryScript = entry && JSON.parse(entry.slice('ENTRYPOINT'.length)).find((a) => /\.m?js$/.test(a));
if (!entryScript || !existsSync(join(root, entryScript))) problems.push(`ENTRYPOINT script ${entryScript} was not built`);

const health = instructions.find((l) => l.startsWith('HEALTHCHECK'));
const healthCmd = health && JSON.parse(health.slice(health.indexOf('CMD') + 3));
if (!healthCmd || !/\/_linkstack\/health/.test(healthCmd.join(' '))) problems.push('HEALTHCHECK does not ask /_linkstack/health');

/**
 * Bare specifiers the bundle names but never loads: code that ajv and fast-json-stringify
 * generate as text for their standalone mode, and the AWS SDK's optional CRT/SigV4a signers,
 * required inside try/catch only for requests that ask for them. Anything else the server loads at
 * run time must be in the bundle: reach it by a static `import()` (esbuild bundles it, and runs it
 * only when imported), never by reading node_modules (require.resolve, readFileSync) at run time.
 */
const NEVER_LOADED = [/^ajv\/dist\/runtime\//, /^ajv-formats\/dist\/formats$/, /^fast-json-stringify\/lib\//, /^@aws-sdk\/signature-v4-crt$/, /^@aws-sdk\/signature-v4a$/];
const bundleDir = entryScript ? join(root, dirname(entryScript)) : undefined;
if (bundleDir && existsSync(bundleDir)) {
  for (const file of readdirSync(bundleDir, { recursive: true }).filter((f) => /\.[cm]?js$/.test(f))) {
    const code = readFileSync(join(bundleDir, file), 'utf8');
    for (const m of code.matchAll(/(?:\brequire(?:\.resolve)?\(|\bimport\(|\bfrom\s*|\bimport\s+)(["'])([^"'\n]+)\1/g)) {
      const spec = m[2];
      // Only what could name a package (not text such as a template's `${…}`).
      if (!/^(@[\w.-]+\/)?[\w.-]+(\/[\w./-]*)?$/.test(spec) || spec.startsWith('.')) continue;
      if (spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0])) continue;
      if (NEVER_LOADED.some((re) => re.test(spec))) continue;
      problems.push(`${relative(root, join(bundleDir, file))} loads '${spec}' from node_modules at run time, and the image has none: import it so that esbuild bundles it`);
    }
  }
}

/**
 * Requests that make the server load what it reads at run time, each to answer 200 from the
 * runtime stage's files alone: add one here for each new kind of runtime data (a lazily loaded
 * catalog, assets), so that an image without it fails here and not in a user's CI.
 */
const RUNTIME_REQUESTS = [
  { path: '/_linkstack/health' },
  // The dashboard's files (dist/ui).
  { path: '/_linkstack/ui/' },
  { path: '/_linkstack/ui/app.js' },
  { path: '/_linkstack/ui/app.css' },
  // The AWS managed-policy catalog (dist/managed-policies; its data package is a dev dependency).
  {
    path: '/?Action=GetPolicy&Version=2010-05-08&PolicyArn=arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
    headers: { authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0' },
    answers: '<PolicyName>AmazonECSTaskExecutionRolePolicy</PolicyName>',
  },
];

/** The runtime stage's files, copied as its COPY lines copy them, into a folder with no node_modules above it. */
function runtimeLayout() {
  const app = mkdtempSync(join(tmpdir(), 'linkstack-image-'));
  for (let d = app; d !== dirname(d); d = dirname(d)) {
    if (existsSync(join(d, 'node_modules'))) problems.push(`${join(d, 'node_modules')} exists: the runtime check would find packages the image does not have`);
  }
  const runtime = instructions.slice(instructions.findLastIndex((l) => /^FROM\s/i.test(l)));
  for (const line of runtime) {
    const m = /^COPY\s+(.*)$/i.exec(line);
    if (!m) continue;
    const args = m[1].split(/\s+/);
    const from = args.some((a) => a.startsWith('--from='));
    const [dest, ...sources] = args.filter((a) => !a.startsWith('--')).reverse();
    for (const source of sources.reverse()) {
      for (const path of expand(from ? source.replace(/^\/app\//, '') : source)) {
        const target = join(app, dest.endsWith('/') ? join(dest, basename(path)) : dest);
        mkdirSync(dirname(target), { recursive: true });
        cpSync(join(root, path), target, { recursive: true });
      }
    }
  }
  return app;
}

if (problems.length === 0 && entryScript && healthCmd) {
  const app = runtimeLayout();
  // The runtime files on a free port, as the image runs them, and its HEALTHCHECK command against them.
  const server = spawn(process.execPath, [join(app, entryScript)], {
    cwd: app,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve(code ?? signal)));
  const port = await new Promise((resolve) => {
    let text = '';
    const timer = setTimeout(() => resolve(undefined), 15_000);
    server.stderr.on('data', (chunk) => {
      text += chunk;
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    server.once('exit', () => resolve(undefined));
  });
  if (!port) problems.push(`${entryScript} did not start listening`);
  else {
    const [cmd, ...args] = healthCmd;
    const r = spawnSync(cmd === 'node' ? process.execPath : cmd, args, { env: { ...process.env, PORT: port }, timeout: 10_000 });
    if (r.status !== 0) problems.push(`the HEALTHCHECK command exited ${r.status} against the built server`);
    for (const { path, headers, answers } of RUNTIME_REQUESTS) {
      const answer = await fetch(`http://127.0.0.1:${port}${path}`, { headers }).then(
        async (r) => ({ status: r.status, body: await r.text() }),
        (e) => ({ status: 0, body: String(e) }),
      );
      if (answer.status !== 200 || (answers && !answer.body.includes(answers))) {
        problems.push(`GET ${path} answered ${answer.status} ${answer.body.slice(0, 200)} from the runtime stage's files (does the image carry what it loads?)`);
      }
    }
    // What docker/docker-compose.yml's tests service runs, through the same entry point.
    const replay = spawnSync(process.execPath, [join(app, entryScript), 'replay', 'scenarios', '--endpoint', `http://127.0.0.1:${port}`], {
      cwd: app,
      env: { ...process.env, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (replay.status !== 0) problems.push(`${entryScript} replay scenarios --endpoint exited ${replay.status}:\n${replay.stdout}${replay.stderr}`);
  }
  server.kill('SIGTERM');
  const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('still running 10 s after SIGTERM'), 10_000).unref())]);
  if (port && code !== 0) problems.push(`${entryScript} did not stop cleanly on SIGTERM: ${code}`);
  if (code !== 0 && server.exitCode === null) server.kill('SIGKILL');
  rmSync(app, { recursive: true, force: true });
}

if (problems.length) {
  for (const p of problems) console.error(`docker/verify: ${p}`);
  process.exit(1);
}
console.log(`docker/verify: ${copies} COPY sources present, ENTRYPOINT ${entryScript} built, the bundle needs no node_modules; the runtime stage's files, run alone, pass the HEALTHCHECK, answer ${RUNTIME_REQUESTS.length} runtime requests and replay scenarios --endpoint, and stop cleanly on SIGTERM`);
