#!/usr/bin/env node
/**
 * `npm run bench` (after `npm run build`): cold start and throughput of the compiled server.
 *
 *   cold start   spawn `node dist/bundle/main.mjs` (what `npm start` runs: the esbuild bundle
 *                of dist/server/main.js) on a free port and time until the first ListRoles is
 *                answered; the median of BENCH_COLD_RUNS runs (default 7). BENCH_ONLY=cold runs only
 *                the cold-start and idle-RSS rows (with the floor's and bare Fastify's)
 *   idle RSS     resident memory of that server 1 s after its first answer (median of the cold
 *                runs), and of one that has served AWS managed policies (the catalog loads on
 *                first use, never at start)
 *   throughput   for each case in bench/cases.mjs: a fresh server, the case's setup, then
 *                autocannon with BENCH_CONNECTIONS (32) connections for BENCH_DURATION (10) s
 *   soak         bench/soak.mjs: 200,000 mixed requests, RSS and p99 drift from the first to the
 *                last 10% (BENCH_SOAK=0 skips it; BENCH_ONLY=soak runs only it)
 *
 *   floor        bench/floorServer.mjs, a bare node:http server answering 200, measured in the
 *                same run for cold start (taken in turn with linkstack's, run by run) and
 *                throughput; targets are ratios to it (cold start ≤ 1.3×, GetRole ≥ 0.5×)
 *   growth       bench/growth.mjs: reads on an empty account and on a large state side by side
 *                (p99 within 1.5×), the RSS of the large state, and of 10,000 roles + 1,000 clusters
 *                alone (the RSS target's size); BENCH_GROWTH=0 skips it, BENCH_ONLY=growth runs only it
 *
 * Prints a Markdown table with the machine and load average it ran on. `--readme` also writes it into README.md
 * between <!-- bench:start --> and <!-- bench:end -->.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { cases, queryRequest, signed } from './cases.mjs';
import { soak } from './soak.mjs';
import { GROWTH, GROWTH_ENV, ROLES_AND_CLUSTERS, buildState, closeAgent, growthReads, restoreSnapshot, snapshotOf } from './growth.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// What `npm start` runs; also the server of every case without an `entry` of its own.
const entry = fileURLToPath(new URL('../dist/bundle/main.mjs', import.meta.url));
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 7);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const TARGETS = { coldStartMs: 150, requestsPerSecond: 15_000, p99Ms: 10, coldStartToFloor: 1.3, growthP99Ratio: 1.5, idleRssMb: 60, largeRssMb: 120 };
const floorScript = `${root}/bench/floorServer.mjs`;
const floorCase = cases.find((c) => c.entry === 'bench/floorServer.mjs');

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** One request; resolves with the status, or rejects on a connection error. */
function send(port, request) {
  return exchange(port, request).then((r) => r.status);
}

/** One request; resolves with the status and the body text. */
function exchange(port, request) {
  const { method, path, headers, body } = signed(request, port);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function startServer(port, env = {}, script = entry) {
  const child = spawn(process.execPath, [script], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { child, stop: () => (child.kill('SIGTERM'), exited) };
}

const listRoles = queryRequest('iam', { Action: 'ListRoles', Version: '2010-05-08' });

/** Polls until the server answers ListRoles with 200; returns the elapsed milliseconds. */
async function untilAnswered(port, startedAt, child, { anyStatus = false } = {}) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering`);
    try {
      const status = await send(port, listRoles);
      if (status === 200 || anyStatus) return performance.now() - startedAt;
      throw new Error(`ListRoles answered ${status}`);
    } catch (e) {
      if (e.code !== 'ECONNREFUSED' && e.code !== 'ECONNRESET') throw e;
      await new Promise((r) => setTimeout(r, 1));
    }
  }
}

/** Resident set size of a process in MB, from /proc on Linux; undefined elsewhere. */
function rssMb(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  } catch {
    return undefined;
  }
}

const IDLE_MS = 1000;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Cold starts of several servers, taken in turn run by run so a load spike hits them alike. */
async function coldStarts(scripts) {
  const runs = scripts.map(() => ({ times: [], rss: [] }));
  for (let i = 0; i < COLD_RUNS; i++) {
    for (const [k, script] of scripts.entries()) {
      const port = await freePort();
      const startedAt = performance.now();
      const server = startServer(port, {}, script);
      try {
        runs[k].times.push(await untilAnswered(port, startedAt, server.child));
        await sleep(IDLE_MS);
        runs[k].rss.push(rssMb(server.child.pid));
      } finally {
        await server.stop();
      }
    }
  }
  return runs.map(({ times, rss }) => {
    times.sort((a, b) => a - b);
    return {
      median: times[Math.floor(times.length / 2)],
      min: times[0],
      max: times[times.length - 1],
      idleRssMb: rss.includes(undefined) ? undefined : median(rss),
    };
  });
}

/** What a server holds once it has served AWS managed policies: the catalog's index and a few documents. */
async function rssWithCatalog() {
  const port = await freePort();
  const server = startServer(port);
  try {
    await untilAnswered(port, performance.now(), server.child);
    const iam = (params) => queryRequest('iam', { Version: '2010-05-08', ...params });
    for (const request of [
      iam({ Action: 'GetPolicy', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
      iam({ Action: 'GetPolicyVersion', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', VersionId: 'v1' }),
      iam({ Action: 'ListPolicies', Scope: 'AWS', MaxItems: '1000' }),
    ]) {
      const { status } = await exchange(port, request);
      if (status !== 200) throw new Error(`catalog request answered ${status}`);
    }
    await sleep(IDLE_MS);
    return rssMb(server.child.pid);
  } finally {
    await server.stop();
  }
}

async function throughput(testCase) {
  const port = await freePort();
  const server = startServer(port, testCase.env, testCase.entry ? `${root}/${testCase.entry}` : entry);
  try {
    // Up once it answers at all: under strict enforcement the unsigned ListRoles is refused.
    await untilAnswered(port, performance.now(), server.child, { anyStatus: true });
    if (testCase.setup) {
      await testCase.setup(async (request) => {
        const { status, body } = await exchange(port, request);
        if (status !== 200) throw new Error(`${testCase.name}: setup request answered ${status}: ${body.slice(0, 300)}`);
        return body;
      }, { port });
    }
    return { name: testCase.name, baseline: testCase.baseline === true, relativeTo: testCase.relativeTo, floor: testCase.floor, ...(await load(port, server.child.pid, testCase.request)) };
  } finally {
    await server.stop();
  }
}

/** autocannon against a running server; `request` may be a function called now. */
async function load(port, pid, request) {
  const cpuBefore = processCpuMs(pid);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: DURATION,
    // A function request is built after setup (e.g. signed with a key the setup created).
    requests: [signed(typeof request === 'function' ? request() : request, port)],
  });
  const cpuAfter = processCpuMs(pid);
  return {
    cpuPerRequestUs: cpuBefore === undefined || cpuAfter === undefined ? undefined : ((cpuAfter - cpuBefore) * 1000) / result.requests.total,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/**
 * Flat as state grows: the same reads on an (almost) empty account and on GROWTH's, on two
 * servers alive side by side, each read measured on one then the other back to back.
 */
/** Builds a state of `size` on a server of its own and answers its snapshot text. */
async function builtSnapshot(size) {
  const builder = await freePort();
  const building = startServer(builder, GROWTH_ENV);
  try {
    await untilAnswered(builder, performance.now(), building.child);
    const startedAt = performance.now();
    await buildState(builder, size);
    return { text: await snapshotOf(builder), builtInMs: performance.now() - startedAt };
  } finally {
    await building.stop();
  }
}

/** RSS of a fresh server IDLE_MS after it loaded the snapshot `text`. */
async function rssWithSnapshot(text) {
  const port = await freePort();
  const server = startServer(port, GROWTH_ENV);
  try {
    await untilAnswered(port, performance.now(), server.child);
    await restoreSnapshot(port, text);
    await sleep(IDLE_MS);
    return rssMb(server.child.pid);
  } finally {
    await server.stop();
  }
}

async function growth() {
  const { text: large, builtInMs } = await builtSnapshot('large');
  // The RSS target's own size, measured alone (the large state's row below also holds tasks).
  const rolesAndClustersRssMb = await rssWithSnapshot((await builtSnapshot('rolesAndClusters')).text);
  const servers = {};
  try {
    for (const size of ['empty', 'large']) {
      const port = await freePort();
      const server = startServer(port, GROWTH_ENV);
      servers[size] = { port, server };
      await untilAnswered(port, performance.now(), server.child);
      servers[size].ids = size === 'large' ? undefined : await buildState(port, 'empty');
    }
    // The large state goes in whole; its ids are those the builder drew.
    await restoreSnapshot(servers.large.port, large);
    servers.large.ids = idsOf(large);
    await sleep(IDLE_MS);
    const largeRssMb = rssMb(servers.large.server.child.pid);
    const reads = [];
    const emptyReads = growthReads(servers.empty.ids);
    const largeReads = growthReads(servers.large.ids);
    for (const [i, read] of emptyReads.entries()) {
      const empty = await load(servers.empty.port, servers.empty.server.child.pid, read.request);
      const full = await load(servers.large.port, servers.large.server.child.pid, largeReads[i].request);
      reads.push({ name: read.name, empty, large: full });
    }
    return { reads, largeRssMb, largeRssAfterMb: rssMb(servers.large.server.child.pid), rolesAndClustersRssMb, builtInMs, snapshotMb: Buffer.byteLength(large) / 1e6 };
  } finally {
    for (const { server } of Object.values(servers)) await server.stop();
    closeAgent();
  }
}

/** The ids growthReads needs, read from the large state's snapshot document. */
function idsOf(snapshotText) {
  const account = Object.values(JSON.parse(snapshotText).accounts)[0];
  const tasks = account.deletionTasks;
  return { deletionTaskId: tasks[tasks.length - 1].id, roleName: `growth-role-${String(GROWTH.roles / 2).padStart(5, '0')}` };
}

/** CPU time (user + system) a process has used, from /proc on Linux; undefined elsewhere. */
function processCpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * (1000 / 100);
  } catch {
    return undefined;
  }
}

function machine() {
  const cpus = os.cpus();
  const load = os.loadavg()[0].toFixed(1);
  return `${os.availableParallelism?.() ?? cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, ${os.platform()} ${os.release()}, load average ${load} at the start`;
}

const PAIR_ROUNDS = Number(process.env.BENCH_PAIR_ROUNDS ?? 3);

/**
 * A relative target compares two servers; measured apart, a busy machine can load one more than
 * the other. So the pair is also run back to back PAIR_ROUNDS times, and the median ratio counts.
 */
async function pairedRatios(testCase, reference) {
  const ratios = [];
  const cpuRatios = [];
  for (let i = 0; i < PAIR_ROUNDS; i++) {
    const ref = await throughput(reference);
    const own = await throughput(testCase);
    ratios.push(own.requestsPerSecond / ref.requestsPerSecond);
    if (own.cpuPerRequestUs && ref.cpuPerRequestUs) cpuRatios.push(ref.cpuPerRequestUs / own.cpuPerRequestUs);
  }
  return { ratio: median(ratios), cpuRatio: cpuRatios.length > 0 ? median(cpuRatios) : undefined };
}

/** A case measured against another: e.g. strict enforcement must keep 70% of the same call's `off` throughput. */
function relativeTarget(r, rows) {
  const other = rows.find((x) => x.name === r.relativeTo.name);
  if (!other) return `(no row ${r.relativeTo.name})`;
  const ratio = r.paired?.ratio ?? r.requestsPerSecond / other.requestsPerSecond;
  // Server CPU per request is steadier than throughput on a busy machine: shown alongside.
  const cpuRatio = r.paired?.cpuRatio ?? (r.cpuPerRequestUs && other.cpuPerRequestUs ? other.cpuPerRequestUs / r.cpuPerRequestUs : undefined);
  const how = r.paired ? `median of ${PAIR_ROUNDS} back-to-back pairs` : 'one run each';
  const cpu = cpuRatio === undefined ? '' : `; by server CPU per request ${fmt(cpuRatio * 100)}%`;
  return `≥ ${fmt(r.relativeTo.minRatio * 100)}% of "${other.name}": ${fmt(ratio * 100)}%, ${verdict(ratio >= r.relativeTo.minRatio)} (${how}${cpu})`;
}

const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const verdict = (ok) => (ok ? 'met' : '**missed**');

const SOAK_TARGETS = { rss: 1.2, p99: 1.5 };

/** The soak case (bench/soak.mjs) on a fresh server; its rows for the table. */
async function soakRows() {
  const port = await freePort();
  // Retention of 10 s, so that pruning runs within the run (with the defaults, an hour of
  // Access Advisor jobs would be kept: bounded, but longer than the soak).
  const retention = '10';
  const server = startServer(port, {
    LINKSTACK_ACCESS_ADVISOR_JOB_RETENTION_SECONDS: retention,
    LINKSTACK_CREDENTIAL_RETENTION_SECONDS: retention,
    LINKSTACK_DELETION_TASK_RETENTION_SECONDS: retention,
  });
  await untilAnswered(port, performance.now(), server.child);
  try {
    const r = await soak(port, rssMb, server.child.pid);
    const rssRatio = r.endRss / r.warmRss;
    return [
      `| soak: ${fmt(r.requests)} mixed requests, RSS after the first 10% → at the end${r.failures ? ` (${r.failures} 5xx)` : ''} | ${fmt(r.warmRss, 1)} MB → ${fmt(r.endRss, 1)} MB (${fmt(rssRatio, 2)}×) | ≤ ${SOAK_TARGETS.rss}×: ${verdict(rssRatio <= SOAK_TARGETS.rss && r.failures === 0)} |`,
      ...r.p99.map(
        (o) =>
          `| soak: ${o.name} p99, first 10% → last 10% | ${fmt(o.first, 1)} ms → ${fmt(o.last, 1)} ms (${fmt(o.last / o.first, 2)}×) | ≤ ${SOAK_TARGETS.p99}×: ${verdict(o.last <= o.first * SOAK_TARGETS.p99)} |`,
      ),
    ];
  } finally {
    await server.stop();
  }
}

/** A row measured against the floor: its share of the floor's throughput, and its p99 target. */
function floorTarget(r) {
  const ratio = r.floorPaired?.ratio;
  if (ratio === undefined) return '(no floor row)';
  const latency = r.floor.p99Ms === undefined ? '' : `; p99 ≤ ${r.floor.p99Ms} ms: ${verdict(r.p99 <= r.floor.p99Ms)}`;
  const cpu = r.floorPaired.cpuRatio === undefined ? '' : `; by server CPU per request ${fmt(r.floorPaired.cpuRatio, 2)}×`;
  return `≥ ${fmt(r.floor.minRatio, 2)}× the floor: ${fmt(ratio, 2)}×, ${verdict(ratio >= r.floor.minRatio)} (median of ${PAIR_ROUNDS} back-to-back pairs${cpu})${latency}`;
}

async function main() {
  if (process.env.BENCH_ONLY === 'soak') {
    console.log(['| measurement | result | target |', '|---|---|---|', ...(await soakRows())].join('\n'));
    return;
  }
  if (process.env.BENCH_ONLY === 'growth') {
    const grown = await growth();
    console.log(machine());
    console.log(growthLines(grown).join('\n'));
    return;
  }
  const machineLine = machine();
  // The floor (bare node:http) and bare Fastify (what the HTTP framework adds) side by side.
  const [cold, floorCold, baselineCold] = await coldStarts([entry, floorScript, `${root}/bench/baselineServer.mjs`]);
  if (process.env.BENCH_ONLY === 'cold') {
    const head = `Measured ${new Date().toISOString().slice(0, 10)} on ${machineLine}, ${os.loadavg()[0].toFixed(1)} at the end.`;
    console.log([head, '', '| measurement | result | target |', '|---|---|---|', ...coldLines(cold, floorCold, baselineCold)].join('\n'));
    return;
  }
  const catalogRss = await rssWithCatalog();
  const rows = [];
  for (const c of cases) rows.push(await throughput(c));
  for (const [i, c] of cases.entries()) {
    const reference = c.relativeTo && cases.find((x) => x.name === c.relativeTo.name);
    if (reference) rows[i].paired = await pairedRatios(c, reference);
    if (c.floor && floorCase) rows[i].floorPaired = await pairedRatios(c, floorCase);
  }
  const grown = process.env.BENCH_GROWTH === '0' ? undefined : await growth();
  const loadAtEnd = os.loadavg()[0].toFixed(1);
  const floorRow = rows.find((r) => r.name === floorCase?.name);
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machineLine}, ${loadAtEnd} at the end; ${CONNECTIONS} connections for ${DURATION} s on loopback, load generator on the same machine. Ratios compare with the bare \`node:http\` floor measured in the same run.`,
    '',
    '| measurement | result | target |',
    '|---|---|---|',
    ...coldLines(cold, floorCold, baselineCold),
    ...(cold.idleRssMb === undefined
      ? []
      : [
          `| RSS after serving AWS managed policies (GetPolicy, GetPolicyVersion, ListPolicies Scope=AWS of 1,000) | ${fmt(catalogRss, 1)} MB (+${fmt(catalogRss - cold.idleRssMb, 1)} MB) | reference: the catalog's cost, paid on first use |`,
        ]),
    ...rows.map(
      (r) =>
        `| ${r.name}: throughput; latency p50, p99${r.cpuPerRequestUs === undefined ? '' : '; server CPU per request'} | ${fmt(r.requestsPerSecond)} req/s${floorRow && r !== floorRow ? ` (${fmt(r.requestsPerSecond / floorRow.requestsPerSecond, 2)}× the floor this run)` : ''}; ${fmt(r.p50, 1)} ms, ${fmt(r.p99, 1)} ms${r.cpuPerRequestUs === undefined ? '' : `; ${fmt(r.cpuPerRequestUs)} µs`}${r.non2xx || r.errors ? ` (${r.non2xx} non-2xx, ${r.errors} errors)` : ''} | ${[
          r.baseline ? 'reference only' : undefined,
          r.floor ? floorTarget(r) : undefined,
          r.relativeTo ? relativeTarget(r, rows) : undefined,
          !r.baseline && !r.floor && !r.relativeTo ? `≥ ${fmt(TARGETS.requestsPerSecond)} req/s: ${verdict(r.requestsPerSecond >= TARGETS.requestsPerSecond)}; p99 ≤ ${TARGETS.p99Ms} ms: ${verdict(r.p99 <= TARGETS.p99Ms)}` : undefined,
        ]
          .filter(Boolean)
          .join('; ')} |`,
    ),
    ...(process.env.BENCH_SOAK === '0' ? [] : await soakRows()),
    ...(grown ? growthLines(grown) : []),
  ];
  const table = lines.join('\n');
  console.log(table);
  if (process.argv.includes('--readme')) {
    const path = `${root}/README.md`;
    const readme = readFileSync(path, 'utf8');
    const start = readme.indexOf('<!-- bench:start -->');
    const end = readme.indexOf('<!-- bench:end -->');
    if (start < 0 || end < start) throw new Error('README.md needs <!-- bench:start --> and <!-- bench:end -->');
    writeFileSync(path, `${readme.slice(0, start)}<!-- bench:start -->\n${table}\n${readme.slice(end)}`);
  }
  const growthErrors = grown?.reads.some((r) => r.empty.non2xx || r.empty.errors || r.large.non2xx || r.large.errors);
  if (rows.some((r) => r.non2xx > 0 || r.errors > 0) || growthErrors) process.exitCode = 1;
}

/** The cold-start rows: linkstack's against the floor, bare Fastify's, and the idle RSS. */
function coldLines(cold, floorCold, baselineCold) {
  const coldRatio = cold.median / floorCold.median;
  return [
    `| cold start: spawn → first answered ListRoles (median of ${COLD_RUNS}; min–max) | ${fmt(cold.median)} ms (${fmt(cold.min)}–${fmt(cold.max)}); floor ${fmt(floorCold.median)} ms: **${fmt(coldRatio, 2)}×** | ≤ ${TARGETS.coldStartToFloor}× the floor: ${verdict(coldRatio <= TARGETS.coldStartToFloor)}; ≤ ${TARGETS.coldStartMs} ms: ${verdict(cold.median <= TARGETS.coldStartMs)} |`,
    `| floor: bare \`node:http\` cold start (median of ${COLD_RUNS}; min–max) | ${fmt(floorCold.median)} ms (${fmt(floorCold.min)}–${fmt(floorCold.max)}) | reference only |`,
    `| baseline: bare Fastify cold start (median of ${COLD_RUNS}; min–max) | ${fmt(baselineCold.median)} ms (${fmt(baselineCold.min)}–${fmt(baselineCold.max)}); ${fmt(baselineCold.median / floorCold.median, 2)}× the floor | reference only |`,
    ...(cold.idleRssMb === undefined
      ? []
      : [`| idle RSS ${IDLE_MS / 1000} s after the first answer (median of ${COLD_RUNS}) | ${fmt(cold.idleRssMb, 1)} MB (floor ${fmt(floorCold.idleRssMb, 1)} MB, bare Fastify ${fmt(baselineCold.idleRssMb, 1)} MB) | ≤ ${TARGETS.idleRssMb} MB: ${verdict(cold.idleRssMb <= TARGETS.idleRssMb)} (the AWS managed-policy catalog is not loaded) |`]),
  ];
}

function growthLines(g) {
  const state = `${fmt(GROWTH.roles)} roles, ${fmt(GROWTH.clusters)} clusters in ${GROWTH.regions.length} regions, ${fmt(GROWTH.tasks)} tasks, ${fmt(GROWTH.deletionTasks)} finished deletion tasks`;
  return [
    '',
    `Flat as state grows: each read on an account holding one of each thing it names, then on one holding ${state} (built through the API in ${fmt(g.builtInMs / 1000)} s, loaded as a ${fmt(g.snapshotMb, 1)} MB snapshot); the two servers run side by side, each read measured on one then the other.`,
    '',
    '| read | empty account: req/s; p99 | large state: req/s; p99 | p99 ratio (target ≤ 1.5×) |',
    '|---|---|---|---|',
    ...g.reads.map((r) => {
      const ratio = r.large.p99 / Math.max(r.empty.p99, 1);
      const errors = r.empty.non2xx + r.empty.errors + r.large.non2xx + r.large.errors;
      return `| ${r.name} | ${fmt(r.empty.requestsPerSecond)} req/s; ${fmt(r.empty.p99, 1)} ms | ${fmt(r.large.requestsPerSecond)} req/s; ${fmt(r.large.p99, 1)} ms | ${fmt(ratio, 2)}×: ${verdict(ratio <= TARGETS.growthP99Ratio)}${errors ? ` (${errors} failed requests)` : ''} |`;
    }),
    `| RSS with that state, ${IDLE_MS / 1000} s after loading it; after the reads | ${fmt(g.largeRssMb, 1)} MB; ${fmt(g.largeRssAfterMb, 1)} MB | | reference (this state also holds the tasks and deletion tasks) |`,
    `| RSS with ${fmt(ROLES_AND_CLUSTERS.roles)} roles + ${fmt(ROLES_AND_CLUSTERS.clusters)} clusters only, ${IDLE_MS / 1000} s after loading them | ${fmt(g.rolesAndClustersRssMb, 1)} MB | | ≤ ${TARGETS.largeRssMb} MB: ${verdict(g.rolesAndClustersRssMb <= TARGETS.largeRssMb)} |`,
  ];
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
