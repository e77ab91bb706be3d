#!/usr/bin/env node
// Offline checks of docker/Dockerfile, run by .ci/run after `npm run build` (no Docker engine):
// every path it copies exists and is not hidden by its .dockerignore, the ENTRYPOINT script (the
// bundled bin, dist/bundle/cli.mjs) was built, and, run as the image runs it, serves: the
// HEALTHCHECK command reports healthy, `replay scenarios --endpoint` (the compose file's tests
// service) passes against it, and SIGTERM stops it with exit code 0.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dockerfile = readFileSync(join(root, 'docker/Dockerfile'), 'utf8');
const ignore = readFileSync(join(root, 'docker/Dockerfile.dockerignore'), 'utf8')
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
    if (kept.length === 0) problems.push(`${line}: ${path} is excluded by docker/Dockerfile.dockerignore`);
    else if (hidden.length && !path.startsWith('scenarios')) problems.push(`${line}: ${hidden[0]} is excluded by docker/Dockerfile.dockerignore`);
  }
}
if (copies === 0) problems.push('the Dockerfile copies nothing');

const entry = instructions.find((l) => l.startsWith('ENTRYPOINT'));
const entryScript = entry && JSON.parse(entry.slice('ENTRYPOINT'.length)).find((a) => /\.m?js$/.test(a));
if (!entryScript || !existsSync(join(root, entryScript))) problems.push(`ENTRYPOINT script ${entryScript} was not built`);

const health = instructions.find((l) => l.startsWith('HEALTHCHECK'));
const healthCmd = health && JSON.parse(health.slice(health.indexOf('CMD') + 3));
if (!healthCmd || !/\/_linkstack\/health/.test(healthCmd.join(' '))) problems.push('HEALTHCHECK does not ask /_linkstack/health');

if (problems.length === 0 && entryScript && healthCmd) {
  // The built server on a free port, and the image's own HEALTHCHECK command against it.
  const server = spawn(process.execPath, [join(root, entryScript)], {
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
    // The AWS managed-policy catalog travels in dist/ (the data package is a dev dependency and
    // is not in the image): the bundle must find it and answer from it.
    if (!existsSync(join(root, 'dist/managed-policies/index.json'))) problems.push('dist/managed-policies/index.json was not built');
    const policy = await fetch(`http://127.0.0.1:${port}/?Action=GetPolicy&Version=2010-05-08&PolicyArn=arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy`, {
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0' },
    }).then(async (r) => ({ status: r.status, body: await r.text() }), (e) => ({ status: 0, body: String(e) }));
    if (policy.status !== 200 || !policy.body.includes('<PolicyName>AmazonECSTaskExecutionRolePolicy</PolicyName>')) {
      problems.push(`${entryScript} does not serve the AWS managed-policy catalog: GetPolicy answered ${policy.status} ${policy.body.slice(0, 200)}`);
    }
    // What docker/docker-compose.yml's tests service runs, through the same entry point.
    const replay = spawnSync(process.execPath, [join(root, entryScript), 'replay', 'scenarios', '--endpoint', `http://127.0.0.1:${port}`], {
      cwd: root,
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
}

if (problems.length) {
  for (const p of problems) console.error(`docker/verify: ${p}`);
  process.exit(1);
}
console.log(`docker/verify: ${copies} COPY sources present, ENTRYPOINT ${entryScript} built; run, it passes the HEALTHCHECK, serves the AWS managed-policy catalog and replay scenarios --endpoint, and stops cleanly on SIGTERM`);
