import type { FastifyBaseLogger } from 'fastify';
import { iamArn } from '../../state/arns.js';
import type { DeletionTask } from '../../state/deletion/deletionTasks.js';
import { sessionView, taskView } from '../adminRoutes.js';
import type { Account, Store } from '../../state/store.js';
import type { AnyOperation, RequestContext, ServiceDefinition } from '../operation.js';

/**
 * What the dashboard shows of one account, read through the services' own operations (as the
 * account root, skipping the wire), so every status, counter and lifecycle field is exactly what
 * a Describe… or Get… call would answer at this instant. Reads only: nothing here changes state.
 */

/** At most this many items of any one list, so a huge account cannot make the page huge. */
const LIST_LIMIT = 200;

export interface DashboardServices {
  iam: ServiceDefinition;
  ecs: ServiceDefinition;
}

const silentLog = { warn() {}, error() {}, info() {}, debug() {}, trace() {}, fatal() {}, child() { return silentLog; }, level: 'silent' } as unknown as FastifyBaseLogger;

function reader(store: Store, account: Account, region: string) {
  const now = store.clock.now();
  const ctx: RequestContext = {
    store,
    account,
    region,
    requestId: 'dashboard',
    now,
    principal: { kind: 'root', accountId: account.id, arn: iamArn.root(account.id), userId: account.id, accessKeyId: 'test' },
    log: silentLog,
    permits: () => true,
  };
  return (service: ServiceDefinition, name: string, input: Record<string, unknown> = {}): any => {
    const op = service.operations.get(name) as AnyOperation | undefined;
    if (!op) return undefined;
    try {
      return op.handle(input, ctx);
    } catch {
      return undefined; // e.g. a cluster deleted a moment ago: show what can be read
    }
  };
}

function pages(call: (token?: string) => any, listKey: string, tokenKey: string): string[] {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const answer = call(token);
    if (!answer) break;
    out.push(...((answer[listKey] as string[] | undefined) ?? []));
    token = answer[tokenKey];
  } while (token && out.length < LIST_LIMIT);
  return out.slice(0, LIST_LIMIT);
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function ecsRegion(store: Store, account: Account, region: string, ecs: ServiceDefinition) {
  const read = reader(store, account, region);
  const clusterArns = pages((nextToken) => read(ecs, 'ListClusters', { nextToken }), 'clusterArns', 'nextToken');
  const clusters = chunks(clusterArns, 100).flatMap(
    (clusters) => read(ecs, 'DescribeClusters', { clusters, include: ['STATISTICS', 'SETTINGS', 'TAGS'] })?.clusters ?? [],
  );
  return clusters.map((cluster: any) => {
    const c = cluster.clusterArn as string;
    const serviceArns = pages((nextToken) => read(ecs, 'ListServices', { cluster: c, nextToken }), 'serviceArns', 'nextToken');
    const services = chunks(serviceArns, 10).flatMap((services) => read(ecs, 'DescribeServices', { cluster: c, services })?.services ?? []);
    const instanceArns = pages((nextToken) => read(ecs, 'ListContainerInstances', { cluster: c, nextToken }), 'containerInstanceArns', 'nextToken');
    const containerInstances = chunks(instanceArns, 100).flatMap(
      (containerInstances) => read(ecs, 'DescribeContainerInstances', { cluster: c, containerInstances })?.containerInstances ?? [],
    );
    const taskArns = [
      ...pages((nextToken) => read(ecs, 'ListTasks', { cluster: c, nextToken }), 'taskArns', 'nextToken'),
      ...pages((nextToken) => read(ecs, 'ListTasks', { cluster: c, desiredStatus: 'STOPPED', nextToken }), 'taskArns', 'nextToken'),
    ];
    const tasks = chunks([...new Set(taskArns)], 100).flatMap((tasks) => read(ecs, 'DescribeTasks', { cluster: c, tasks })?.tasks ?? []);
    return { ...cluster, services, containerInstances, tasks };
  });
}

function iamView(store: Store, account: Account, iam: ServiceDefinition) {
  const read = reader(store, account, 'us-east-1');
  const roles: any[] = [];
  let marker: string | undefined;
  do {
    const answer = read(iam, 'ListRoles', { Marker: marker, MaxItems: 100 });
    if (!answer) break;
    roles.push(...(answer.Roles ?? []));
    marker = answer.IsTruncated ? answer.Marker : undefined;
  } while (marker && roles.length < LIST_LIMIT);
  return roles.slice(0, LIST_LIMIT).map((listed) => {
    const role = read(iam, 'GetRole', { RoleName: listed.RoleName })?.Role ?? listed;
    const serviceLinked = typeof role.Path === 'string' && role.Path.startsWith('/aws-service-role/');
    const attached = read(iam, 'ListAttachedRolePolicies', { RoleName: role.RoleName })?.AttachedPolicies ?? [];
    const entity = account.iam.roles.find(role.RoleName);
    return {
      roleName: role.RoleName,
      arn: role.Arn,
      path: role.Path,
      createDate: role.CreateDate,
      description: role.Description,
      serviceLinked,
      attachedPolicies: attached.map((p: any) => ({ name: p.PolicyName, arn: p.PolicyArn })),
      roleLastUsed: role.RoleLastUsed,
      accessAdvisor: entity ? account.accessAdvisor.lastAccesses(entity.arn) : [],
    };
  });
}

/** The admin dump's view of a task, plus what the dashboard shows of a failure. */
function deletionTaskView(task: DeletionTask, nowMs: number) {
  const outcome = task.outcome;
  return {
    ...taskView(task, nowMs),
    ...(outcome?.status === 'FAILED'
      ? { reason: outcome.report.reason, reported: outcome.report.roleUsageList ?? [], inUse: outcome.inUse ?? outcome.report.roleUsageList ?? [] }
      : {}),
  };
}

export function dashboardView(store: Store, account: Account, services: DashboardServices) {
  const nowMs = store.clock.nowMs();
  return {
    account: account.id,
    accounts: [...store.accounts.keys()].sort(),
    clock: { now: new Date(nowMs).toISOString(), frozen: store.clock.frozen },
    config: { deletion: { ...account.config.deletion }, usageReport: account.config.usageReport },
    roles: iamView(store, account, services.iam),
    regions: [...account.regions.keys()].sort().map((region) => ({ region, clusters: ecsRegion(store, account, region, services.ecs) })),
    deletionTasks: account.deletionTasks.all().map((t) => deletionTaskView(t, nowMs)),
    sessions: account.roleSessions.all().map((s) => sessionView(s, nowMs)),
  };
}

export type DashboardView = ReturnType<typeof dashboardView>;
