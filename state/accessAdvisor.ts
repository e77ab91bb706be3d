import { parseIamArn } from './arns.js';
import { iamErrors } from './iam/errors.js';
import type { IamState } from './iam/iamState.js';
import { uuid } from './ids.js';
import { parsePolicyDocument } from './policy/document.js';
import { instantMs, int, list, mapOf, object, oneOf, optional, readList, readParts, str, child, fail, type Codec, type Json } from './snapshot/codec.js';

/**
 * IAM Access Advisor: which services an entity's policies allow, and when the entity last
 * used each of them. Services record use (ECS records `ssm:StartSession` for ExecuteCommand, and
 * the EC2 and load-balancer actions it takes for services); reports are jobs that complete on
 * the clock.
 */

/** The names Access Advisor shows for the service namespaces linkstack's policies mention. */
const serviceNames: Record<string, string> = {
  autoscaling: 'Amazon EC2 Auto Scaling',
  'autoscaling-plans': 'AWS Auto Scaling',
  cloudwatch: 'Amazon CloudWatch',
  ec2: 'Amazon EC2',
  ecr: 'Amazon Elastic Container Registry',
  ecs: 'Amazon Elastic Container Service',
  elasticloadbalancing: 'Elastic Load Balancing',
  iam: 'AWS Identity and Access Management',
  logs: 'Amazon CloudWatch Logs',
  route53: 'Amazon Route 53',
  s3: 'Amazon S3',
  servicediscovery: 'AWS Cloud Map',
  ssm: 'AWS Systems Manager',
  sts: 'AWS Security Token Service',
};

function serviceDisplayName(namespace: string): string {
  return serviceNames[namespace] ?? namespace;
}

/** A report job takes this long to complete. AWS gives no figure; a second keeps polling short. */
export const ACCESS_ADVISOR_JOB_MS = 1000;

export type Granularity = 'SERVICE_LEVEL' | 'ACTION_LEVEL';

interface Access {
  atMs: number;
  region: string;
}

export interface TrackedAction {
  actionName: string;
  lastAccessedAtMs: number;
  lastAccessedRegion: string;
}

export interface ServiceLastAccessed {
  serviceName: string;
  serviceNamespace: string;
  lastAuthenticatedAtMs?: number;
  lastAuthenticatedEntity?: string;
  lastAuthenticatedRegion?: string;
  totalAuthenticatedEntities: number;
  trackedActions?: TrackedAction[];
}

export interface AccessAdvisorJob {
  jobId: string;
  entityArn: string;
  granularity: Granularity;
  createdAtMs: number;
  completesAtMs: number;
  /** The report as of the job's creation, revealed once the job completes. */
  services: ServiceLastAccessed[];
}

export function jobStatus(job: AccessAdvisorJob, atMs: number): 'IN_PROGRESS' | 'COMPLETED' {
  return atMs < job.completesAtMs ? 'IN_PROGRESS' : 'COMPLETED';
}

/**
 * The service namespaces a set of policy documents allows, sorted. `*` allows every service
 * linkstack can name; NotAction statements are left out, since they name what is not allowed.
 */
export function servicesAllowedBy(documents: readonly string[]): string[] {
  const namespaces = new Set<string>();
  for (const text of documents) {
    let statements;
    try {
      statements = parsePolicyDocument(text).statements;
    } catch {
      continue; // stored documents were validated when written; an unreadable one allows nothing
    }
    for (const s of statements) {
      if (s.effect !== 'Allow' || !s.actions) continue;
      for (const action of s.actions) {
        if (action === '*') Object.keys(serviceNames).forEach((n) => namespaces.add(n));
        else namespaces.add(action.slice(0, action.indexOf(':')).toLowerCase());
      }
    }
  }
  return [...namespaces].filter((n) => n !== '').sort();
}

/** Every policy document of a role: attached managed policies (default version) and inline ones. */
export function rolePolicyDocuments(iam: IamState, roleName: string): string[] {
  const role = iam.roles.get(roleName);
  const documents: string[] = [];
  for (const arn of role.attachedPolicyArns) {
    const policy = iam.policies.find(arn);
    if (policy) documents.push(iam.policies.defaultDocument(policy));
  }
  documents.push(...role.inlinePolicies.values());
  return documents;
}

/** The role an Access Advisor ARN names in this account, or AWS's error for the ARN. */
export function roleForArn(iam: IamState, arn: string): string {
  const parsed = parseIamArn(arn);
  if (!parsed) throw iamErrors.invalidArn(arn);
  const role = parsed.type === 'role' && parsed.accountId === iam.accountId ? iam.roles.find(parsed.name) : undefined;
  if (!role || role.arn !== arn) throw iamErrors.accessAdvisorEntityNotFound(arn);
  return role.roleName;
}

const accessCodec: Codec<Access> = object({ atMs: instantMs, region: str });
const trackedActionCodec: Codec<TrackedAction> = object({ actionName: str, lastAccessedAtMs: instantMs, lastAccessedRegion: str });
const serviceLastAccessedCodec: Codec<ServiceLastAccessed> = object({
  serviceName: str,
  serviceNamespace: str,
  lastAuthenticatedAtMs: optional(instantMs),
  lastAuthenticatedEntity: optional(str),
  lastAuthenticatedRegion: optional(str),
  totalAuthenticatedEntities: int,
  trackedActions: optional(list(trackedActionCodec)),
});
const jobCodec: Codec<AccessAdvisorJob> = object({
  jobId: str,
  entityArn: str,
  granularity: oneOf('SERVICE_LEVEL', 'ACTION_LEVEL'),
  createdAtMs: instantMs,
  completesAtMs: instantMs,
  services: list(serviceLastAccessedCodec),
});
/** entity ARN → service namespace → action name → last access, as nested [key, value] lists. */
const accessesCodec = mapOf(str, mapOf(str, mapOf(str, accessCodec)));

/** One account's record of service use by its IAM entities, and its report jobs. */
export class AccessAdvisor {
  /** entity ARN → service namespace → action name → last access. */
  private readonly accesses = new Map<string, Map<string, Map<string, Access>>>();
  private readonly jobs = new Map<string, AccessAdvisorJob>();

  toSnapshot(): Json {
    return { accesses: accessesCodec.encode(this.accesses), jobs: list(jobCodec).encode([...this.jobs.values()]) };
  }

  restore(value: unknown, path: string): void {
    const parts = readParts(value, path, ['accesses', 'jobs']);
    if (parts.accesses !== undefined) {
      for (const [arn, byService] of accessesCodec.decode(parts.accesses, child(path, 'accesses'))) this.accesses.set(arn, byService);
    }
    const jobsPath = child(path, 'jobs');
    readList(jobCodec, parts.jobs, jobsPath).forEach((job, i) => {
      if (this.jobs.has(job.jobId)) fail(child(child(jobsPath, i), 'jobId'), 'this job comes earlier in the list');
      this.jobs.set(job.jobId, job);
    });
  }

  /** The entity used `service:Action` at that instant in that region. */
  recordAccess(entityArn: string, action: string, atMs: number, region: string): void {
    const [namespace = '', actionName = ''] = action.split(':');
    let byService = this.accesses.get(entityArn);
    if (!byService) this.accesses.set(entityArn, (byService = new Map()));
    let byAction = byService.get(namespace);
    if (!byAction) byService.set(namespace, (byAction = new Map()));
    byAction.set(actionName, { atMs, region });
  }

  /** A deleted entity's history goes with it: a role created again under the name starts afresh. */
  forgetEntity(entityArn: string): void {
    this.accesses.delete(entityArn);
  }

  /** The services an entity used, each with its latest access, most recent first. */
  lastAccesses(entityArn: string): { service: string; action: string; at: string; region: string }[] {
    const out: { service: string; action: string; at: string; region: string; atMs: number }[] = [];
    for (const [service, byAction] of this.accesses.get(entityArn) ?? []) {
      let latest: [string, Access] | undefined;
      for (const entry of byAction) if (!latest || entry[1].atMs > latest[1].atMs) latest = entry;
      if (latest) out.push({ service, action: `${service}:${latest[0]}`, at: new Date(latest[1].atMs).toISOString(), region: latest[1].region, atMs: latest[1].atMs });
    }
    return out.sort((a, b) => b.atMs - a.atMs).map(({ atMs: _, ...rest }) => rest);
  }

  startJob(entityArn: string, namespaces: readonly string[], granularity: Granularity, nowMs: number): AccessAdvisorJob {
    const job: AccessAdvisorJob = {
      jobId: uuid(),
      entityArn,
      granularity,
      createdAtMs: nowMs,
      completesAtMs: nowMs + ACCESS_ADVISOR_JOB_MS,
      services: namespaces.map((n) => this.serviceReport(entityArn, n, granularity)),
    };
    this.jobs.set(job.jobId, job);
    return job;
  }

  /** Forgets report jobs that completed before `beforeMs`. */
  forgetJobsCompletedBefore(beforeMs: number): void {
    for (const [id, job] of this.jobs) if (job.completesAtMs < beforeMs) this.jobs.delete(id);
  }

  findJob(jobId: string): AccessAdvisorJob | undefined {
    return this.jobs.get(jobId);
  }

  private serviceReport(entityArn: string, namespace: string, granularity: Granularity): ServiceLastAccessed {
    const byAction = this.accesses.get(entityArn)?.get(namespace);
    const report: ServiceLastAccessed = {
      serviceName: serviceDisplayName(namespace),
      serviceNamespace: namespace,
      totalAuthenticatedEntities: byAction ? 1 : 0,
    };
    if (!byAction) return report;
    let latest: Access | undefined;
    for (const access of byAction.values()) if (!latest || access.atMs > latest.atMs) latest = access;
    report.lastAuthenticatedAtMs = latest!.atMs;
    report.lastAuthenticatedRegion = latest!.region;
    report.lastAuthenticatedEntity = entityArn;
    if (granularity === 'ACTION_LEVEL') {
      report.trackedActions = [...byAction.entries()]
        .map(([actionName, a]) => ({ actionName, lastAccessedAtMs: a.atMs, lastAccessedRegion: a.region }))
        .sort((a, b) => a.actionName.localeCompare(b.actionName));
    }
    return report;
  }
}
