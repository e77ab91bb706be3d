import type { Cluster } from './clusters.js';
import { serviceDeploymentStatusAt, type ServiceDeployment, type ServiceDeploymentStatus, type ServiceRevision } from './deployments.js';
import type { EcsState } from './ecsState.js';
import { ecsErrors } from './errors.js';
import type { Service } from './services.js';

/**
 * The reads of the service-deployment API: ListServiceDeployments (by service, with status and
 * createdAt filters, newest first) and the by-ARN lookups of DescribeServiceDeployments and
 * DescribeServiceRevisions (an ARN that names nothing is reported MISSING by the caller).
 */

export interface ServiceDeploymentFilter {
  status?: readonly string[];
  createdAt?: { before?: Date; after?: Date };
}

export function listServiceDeployments(
  ecs: EcsState,
  clusterRef: string | undefined,
  serviceRef: string,
  filter: ServiceDeploymentFilter,
  now: Date,
): { service: Service; deployments: ServiceDeployment[] } {
  const cluster = ecs.existingCluster(clusterRef);
  const service = ecs.findService(cluster, serviceRef);
  if (!service) throw ecsErrors.serviceNotFound();
  const nowMs = now.getTime();
  const deployments = service.serviceDeployments.filter((sd) => {
    if (filter.status?.length && !filter.status.includes(serviceDeploymentStatusAt(sd, nowMs))) return false;
    const created = sd.createdAt.getTime();
    if (filter.createdAt?.before && created >= filter.createdAt.before.getTime()) return false;
    if (filter.createdAt?.after && created <= filter.createdAt.after.getTime()) return false;
    return true;
  });
  return { service, deployments };
}

/** The cluster and service a `service-deployment/…` or `service-revision/…` ARN names. */
function owner(ecs: EcsState, arn: string, type: 'service-deployment' | 'service-revision'): { cluster: Cluster; service: Service } | undefined {
  const parsed = ecs.arns.own(arn, type);
  if (!parsed || parsed.parts.length !== 3) return undefined;
  const cluster = ecs.findCluster(parsed.parts[0]!);
  const service = cluster?.services.get(parsed.parts[1]!);
  return cluster && service ? { cluster, service } : undefined;
}

export function findServiceDeployment(ecs: EcsState, arn: string): { cluster: Cluster; service: Service; deployment: ServiceDeployment } | undefined {
  const found = owner(ecs, arn, 'service-deployment');
  const deployment = found?.service.serviceDeployments.find((sd) => sd.arn === arn);
  return found && deployment ? { ...found, deployment } : undefined;
}

export function findServiceRevision(ecs: EcsState, arn: string): ServiceRevision | undefined {
  return owner(ecs, arn, 'service-revision')?.service.revisions.get(arn);
}

export type { ServiceDeploymentStatus };
