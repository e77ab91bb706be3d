/**
 * The soak case of `npm run bench`: BENCH_SOAK_REQUESTS (200,000) mixed requests against one
 * server, BENCH_SOAK_CONCURRENCY (16) at a time: GetRole, DescribeClusters and
 * GetServiceLinkedRoleDeletionStatus (the measured three), with ListClusters signed for made-up
 * regions, failing DeleteServiceLinkedRole submissions, Access Advisor jobs, AssumeRole and
 * refused requests mixed in — what grew without bound before. It reports RSS after the first 10%
 * (warm-up) against the end, and each measured operation's p99 latency in the first 10% against
 * the last 10%. Targets: RSS within 1.2×, p99 within 1.5×.
 */
import http from 'node:http';
import { jsonRequest, queryRequest, signed } from './cases.mjs';

const REQUESTS = Number(process.env.BENCH_SOAK_REQUESTS ?? 200_000);
const CONCURRENCY = Number(process.env.BENCH_SOAK_CONCURRENCY ?? 16);
const MEASURED = ['GetRole', 'DescribeClusters', 'GetServiceLinkedRoleDeletionStatus'];
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function exchange(port, request) {
  const { method, path, headers, body } = signed(request, port);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const letters = (n) => Array.from({ length: 6 }, (_, i) => String.fromCharCode(97 + ((n >> (i * 4)) % 26))).join('');
const p99 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)] ?? 0;

export async function soak(port, rssMb, pid) {
  const iam = (params) => queryRequest('iam', { Version: '2010-05-08', ...params });
  await exchange(port, iam({ Action: 'CreateRole', RoleName: 'deployer', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sts:AssumeRole' }] }) }));
  await exchange(port, jsonRequest('CreateCluster', { clusterName: 'a' }));
  await exchange(port, jsonRequest('CreateCluster', { clusterName: 'b' }));
  const submit = async () => /<DeletionTaskId>([^<]+)</.exec((await exchange(port, iam({ Action: 'DeleteServiceLinkedRole', RoleName: 'AWSServiceRoleForECS' }))).body)?.[1];
  let taskId = await submit();
  const roleArn = /<Arn>([^<]+)</.exec((await exchange(port, iam({ Action: 'GetRole', RoleName: 'AWSServiceRoleForECS' }))).body)[1];
  const mix = [
    ['GetRole', () => iam({ Action: 'GetRole', RoleName: 'AWSServiceRoleForECS' })],
    ['DescribeClusters', () => jsonRequest('DescribeClusters', { clusters: ['a', 'b'] })],
    ['GetServiceLinkedRoleDeletionStatus', () => iam({ Action: 'GetServiceLinkedRoleDeletionStatus', DeletionTaskId: taskId })],
    ['ListClusters (made-up region)', (i) => ({ ...jsonRequest('ListClusters', {}), region: `${letters(i).slice(0, 2)}-${letters(i * 7)}-1` })],
    ['GenerateServiceLastAccessedDetails', () => iam({ Action: 'GenerateServiceLastAccessedDetails', Arn: roleArn })],
    ['refused GetRole', () => iam({ Action: 'GetRole', RoleName: 'bad name!' })],
    ['GetRole', () => iam({ Action: 'GetRole', RoleName: 'AWSServiceRoleForECS' })],
  ];
  const latencies = new Map(MEASURED.map((m) => [m, { first: [], last: [] }]));
  const tenth = Math.floor(REQUESTS / 10);
  let next = 0;
  let failures = 0;
  let warmRss;
  const worker = async () => {
    for (let i = next++; i < REQUESTS; i = next++) {
      if (i === tenth) warmRss = rssMb(pid);
      // Now and then: a new deletion submission (it fails: clusters exist), and a session.
      let request;
      let name;
      if (i % 5000 === 0) {
        taskId = (await submit()) ?? taskId;
        continue;
      } else if (i % 997 === 0) {
        name = 'AssumeRole';
        request = queryRequest('sts', { Action: 'AssumeRole', Version: '2011-06-15', RoleArn: 'arn:aws:iam::000000000000:role/deployer', RoleSessionName: 'soak', DurationSeconds: '900' });
      } else {
        const [n, build] = mix[i % mix.length];
        name = n;
        request = build(i);
      }
      const started = performance.now();
      const res = await exchange(port, request);
      const ms = performance.now() - started;
      if (res.status >= 500) failures++;
      const l = latencies.get(name);
      if (l && i < tenth) l.first.push(ms);
      else if (l && i >= REQUESTS - tenth) l.last.push(ms);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const endRss = rssMb(pid);
  return {
    requests: REQUESTS,
    failures,
    warmRss,
    endRss,
    p99: MEASURED.map((m) => ({ name: m, first: p99(latencies.get(m).first), last: p99(latencies.get(m).last) })),
  };
}
