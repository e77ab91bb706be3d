import type { Cluster } from '../../../state/ecs/clusters.js';
import {
  serviceDeploymentStatusAt,
  serviceDeploymentStatuses,
  type ServiceDeployment,
  type ServiceRevision,
} from '../../../state/ecs/deployments.js';
import {
  findServiceDeployment,
  findServiceRevision,
  listServiceDeployments,
} from '../../../state/ecs/serviceDeploymentQueries.js';
import { serviceTasks, taskCounts } from '../../../state/ecs/serviceScheduler.js';
import type { Service } from '../../../state/ecs/services.js';
import { defineOperation } from '../../operation.js';
import { enumOf, int, list, req, str, struct, timestamp } from '../../shapes.js';
import { clusterArnOf, ecsAuth, ecsOf, page } from './context.js';
import { describeEach } from './output.js';

/**
 * ListServiceDeployments, DescribeServiceDeployments and DescribeServiceRevisions: the history
 * of a service's deployments (one per CreateService / UpdateService that starts a deployment)
 * and the revisions they deploy, as the scheduler (state/ecs/serviceScheduler.ts) advanced them.
 */

/** A revision's requested, running and pending tasks within a service deployment. */
function revisionSummary(cluster: Cluster, service: Service, sd: ServiceDeployment, arn: string, now: Date) {
  const tasks = serviceTasks(cluster, service).filter((t) => t.revisionArn === arn);
  const { runningCount, pendingCount } = taskCounts(tasks, now);
  const current = service.deployments[0]?.serviceDeploymentArn === sd.arn;
  const target = (sd.rollback?.serviceRevisionArn ?? sd.targetRevisionArn) === arn;
  return {
    arn,
    requestedTaskCount: current && target ? service.desiredCount : 0,
    runningTaskCount: runningCount,
    pendingTaskCount: pendingCount,
  };
}

function circuitBreakerStatus(sd: ServiceDeployment, nowMs: number) {
  const status = serviceDeploymentStatusAt(sd, nowMs);
  if (!sd.circuitBreaker.enabled) return 'DISABLED';
  if (sd.circuitBreaker.triggered) return 'TRIGGERED';
  return status === 'IN_PROGRESS' || status === 'PENDING' ? 'MONITORING' : 'MONITORING_COMPLETE';
}

function serviceDeploymentOutput(cluster: Cluster, service: Service, sd: ServiceDeployment, now: Date) {
  const nowMs = now.getTime();
  const started = nowMs >= sd.startedAtMs;
  return {
    serviceDeploymentArn: sd.arn,
    serviceArn: sd.serviceArn,
    clusterArn: sd.clusterArn,
    createdAt: sd.createdAt,
    startedAt: started ? new Date(sd.startedAtMs) : undefined,
    finishedAt: sd.finishedAt,
    stoppedAt: sd.stoppedAt,
    updatedAt: started && sd.updatedAt.getTime() < sd.startedAtMs ? new Date(sd.startedAtMs) : sd.updatedAt,
    sourceServiceRevisions: sd.sourceRevisionArns.map((arn) => revisionSummary(cluster, service, sd, arn, now)),
    targetServiceRevision: revisionSummary(cluster, service, sd, sd.targetRevisionArn, now),
    status: serviceDeploymentStatusAt(sd, nowMs),
    statusReason: sd.statusReason,
    deploymentConfiguration: sd.deploymentConfiguration,
    rollback: sd.rollback,
    deploymentCircuitBreaker: {
      status: circuitBreakerStatus(sd, nowMs),
      failureCount: sd.circuitBreaker.failureCount,
      threshold: sd.circuitBreaker.threshold,
    },
    alarms: { status: 'DISABLED' },
  };
}

function serviceRevisionOutput(r: ServiceRevision) {
  return {
    serviceRevisionArn: r.arn,
    serviceArn: r.serviceArn,
    clusterArn: r.clusterArn,
    taskDefinition: r.taskDefinitionArn,
    capacityProviderStrategy: r.capacityProviderStrategy,
    launchType: r.launchType,
    platformVersion: r.platformVersion,
    platformFamily: r.platformFamily,
    loadBalancers: r.loadBalancers,
    serviceRegistries: r.serviceRegistries,
    networkConfiguration: r.networkConfiguration,
    containerImages: r.containerImages,
    guardDutyEnabled: false,
    serviceConnectConfiguration: { enabled: false },
    createdAt: r.createdAt,
  };
}

export const listServiceDeploymentsOperation = defineOperation({
  name: 'ListServiceDeployments',
  input: struct({
    service: req(str()),
    cluster: str(),
    status: list(enumOf(serviceDeploymentStatuses)),
    createdAt: struct({ before: timestamp(), after: timestamp() }),
    nextToken: str(),
    maxResults: int({ min: 1, max: 100 }),
  }),
  authorize: (input, ctx) => ecsAuth('ListServiceDeployments', '*', clusterArnOf(ctx, input.cluster)),
  handle(input, ctx) {
    const { deployments } = listServiceDeployments(ecsOf(ctx), input.cluster, input.service, input, ctx.now);
    const nowMs = ctx.now.getTime();
    const { items, nextToken } = page(deployments, input.nextToken, input.maxResults, 20);
    return {
      serviceDeployments: items.map((sd) => ({
        serviceDeploymentArn: sd.arn,
        serviceArn: sd.serviceArn,
        clusterArn: sd.clusterArn,
        startedAt: nowMs >= sd.startedAtMs ? new Date(sd.startedAtMs) : undefined,
        createdAt: sd.createdAt,
        finishedAt: sd.finishedAt,
        targetServiceRevisionArn: sd.targetRevisionArn,
        status: serviceDeploymentStatusAt(sd, nowMs),
        statusReason: sd.statusReason,
      })),
      nextToken,
    };
  },
});

export const describeServiceDeploymentsOperation = defineOperation({
  name: 'DescribeServiceDeployments',
  input: struct({ serviceDeploymentArns: req(list(str(), { min: 1, max: 20 })) }),
  authorize: (input) => input.serviceDeploymentArns.map((arn) => ecsAuth('DescribeServiceDeployments', arn)),
  handle(input, ctx) {
    const ecs = ecsOf(ctx);
    const { described, failures } = describeEach(
      input.serviceDeploymentArns,
      (arn) => findServiceDeployment(ecs, arn),
      (found) => serviceDeploymentOutput(found.cluster, found.service, found.deployment, ctx.now),
      (arn) => arn,
    );
    return { serviceDeployments: described, failures };
  },
});

export const describeServiceRevisionsOperation = defineOperation({
  name: 'DescribeServiceRevisions',
  input: struct({ serviceRevisionArns: req(list(str(), { min: 1, max: 20 })) }),
  authorize: (input) => input.serviceRevisionArns.map((arn) => ecsAuth('DescribeServiceRevisions', arn)),
  handle(input, ctx) {
    const ecs = ecsOf(ctx);
    const { described, failures } = describeEach(
      input.serviceRevisionArns,
      (arn) => findServiceRevision(ecs, arn),
      serviceRevisionOutput,
      (arn) => arn,
    );
    return { serviceRevisions: described, failures };
  },
});

export const serviceDeploymentOperations = [
  listServiceDeploymentsOperation,
  describeServiceDeploymentsOperation,
  describeServiceRevisionsOperation,
];
