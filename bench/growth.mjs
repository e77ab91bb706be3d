/**
 * "Flat as state grows": the same reads on an account holding next to nothing and on one
 * holding 10,000 roles, 1,000 clusters in 3 regions, 10,000 tasks and 1,000 finished (succeeded)
 * deletion tasks. The large state is built once, through the API, on one server (fastest: many setup
 * calls in parallel), taken with GET /_linkstack/snapshot and loaded into each measured server
 * with POST /_linkstack/snapshot — not through LINKSTACK_STATE_FILE, whose saves after requests
 * would run during the measurement.
 */
import http from 'node:http';
import { jsonRequest, queryRequest } from './cases.mjs';

export const GROWTH = { roles: 10_000, clusters: 1_000, regions: ['eu-west-1', 'us-east-1', 'ap-southeast-2'], tasks: 10_000, deletionTasks: 1_000 };
/** The size the RSS target is set for: GROWTH's roles and clusters, nothing else. */
export const ROLES_AND_CLUSTERS = { ...GROWTH, tasks: 0, deletionTasks: 0 };
/** The cluster holding every task, so a ListTasks page is one page of 10,000. */
const TASK_CLUSTER = 'growth-0';
const TASK_REGION = GROWTH.regions[0];

/** Finished deletion tasks must outlive the run; deletions finish at once. */
export const GROWTH_ENV = {
  LINKSTACK_DELETION_TASK_RETENTION_SECONDS: '864000',
  LINKSTACK_DELETION_START_MS: '0',
  LINKSTACK_DELETION_DURATION_MS: '0',
};

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function call(port, { method, path, headers, body }) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`${path} ${res.statusCode}: ${text.slice(0, 300)}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs `count` requests built by `make(i)`, 16 at a time. */
async function many(port, count, make) {
  let next = 0;
  const results = new Array(count);
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await call(port, make(i));
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return results;
}

const iam = (params) => queryRequest('iam', { Version: '2010-05-08', ...params });
const ecs = (target, body, region = TASK_REGION) => {
  const r = jsonRequest(target, body);
  r.headers.authorization = r.headers.authorization.replace('/eu-west-1/', `/${region}/`);
  return r;
};
const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const taskDefinition = { family: 'growth', containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }] };

const SIZES = {
  // The small account holds one full page of each list read, so both sides answer the same page size.
  empty: { roles: 100, clusters: 1, regions: [TASK_REGION], tasks: 100, deletionTasks: 1 },
  large: GROWTH,
  rolesAndClusters: ROLES_AND_CLUSTERS,
};

/**
 * Builds a state of the given size on the server at `port`; answers the ids the reads need.
 * size 'empty': one page (100) of roles and tasks, one cluster and deletion task; 'large': GROWTH;
 * 'rolesAndClusters': ROLES_AND_CLUSTERS.
 */
export async function buildState(port, size) {
  const n = SIZES[size];
  // Deletions first, while no cluster uses the role: each succeeds at once and stays as a
  // finished task; the role is created again for the next one.
  let deletionTaskId;
  for (let i = 0; i < n.deletionTasks; i++) {
    await call(port, iam({ Action: 'CreateServiceLinkedRole', AWSServiceName: 'ecs.amazonaws.com' }));
    const body = await call(port, iam({ Action: 'DeleteServiceLinkedRole', RoleName: 'AWSServiceRoleForECS' }));
    deletionTaskId = /<DeletionTaskId>([^<]+)<\/DeletionTaskId>/.exec(body)[1];
    // A request at a later instant settles the task before the next role is created.
    await call(port, iam({ Action: 'GetServiceLinkedRoleDeletionStatus', DeletionTaskId: deletionTaskId }));
  }
  await many(port, n.roles, (i) => iam({ Action: 'CreateRole', RoleName: `growth-role-${String(i).padStart(5, '0')}`, AssumeRolePolicyDocument: trust }));
  await many(port, n.clusters, (i) => ecs('CreateCluster', { clusterName: `growth-${i}` }, n.regions[i % n.regions.length]));
  if (n.tasks > 0) await call(port, ecs('RegisterTaskDefinition', taskDefinition));
  await many(port, Math.ceil(n.tasks / 10), (i) =>
    ecs('RunTask', { cluster: TASK_CLUSTER, taskDefinition: 'growth', launchType: 'FARGATE', count: Math.min(10, n.tasks - i * 10), networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-12345678'] } } }),
  );
  return { deletionTaskId, roleName: `growth-role-${String(Math.floor(n.roles / 2)).padStart(5, '0')}` };
}

/** The reads, each of which must cost the same on the large state as on the empty one. */
export function growthReads({ deletionTaskId, roleName }) {
  return [
    { name: 'GetRole', request: iam({ Action: 'GetRole', RoleName: roleName }) },
    { name: 'ListRoles page (MaxItems 100)', request: iam({ Action: 'ListRoles', MaxItems: '100' }) },
    { name: 'DescribeClusters (1 cluster)', request: ecs('DescribeClusters', { clusters: [TASK_CLUSTER] }) },
    { name: 'ListTasks page (100)', request: ecs('ListTasks', { cluster: TASK_CLUSTER, maxResults: 100 }) },
    { name: 'GetServiceLinkedRoleDeletionStatus', request: iam({ Action: 'GetServiceLinkedRoleDeletionStatus', DeletionTaskId: deletionTaskId }) },
  ];
}

export const snapshotOf = (port, adminHeaders = {}) => call(port, { method: 'GET', path: '/_linkstack/snapshot', headers: adminHeaders });
export const restoreSnapshot = (port, text) => call(port, { method: 'POST', path: '/_linkstack/snapshot', headers: { 'content-type': 'application/json' }, body: text });
export const closeAgent = () => agent.destroy();
