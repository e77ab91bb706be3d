import type { ServiceSettings } from './services.js';
import { createHash } from 'node:crypto';
import { bool, instant, instantMs, int, json, list, object, oneOf, optional, str, type Codec } from '../snapshot/codec.js';
import type { TaskDefinition } from './taskDefinitions.js';

/**
 * Deployments of a service, in AWS's two views: the `deployments` of DescribeServices (one
 * PRIMARY, older ones ACTIVE while they still have tasks) and the service deployments and
 * service revisions of ListServiceDeployments / DescribeServiceDeployments /
 * DescribeServiceRevisions. Their progress is decided by the service scheduler
 * (serviceScheduler.ts) at the instants tasks change, never by a timer.
 */

export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export type ServiceDeploymentStatus =
  | 'PENDING'
  | 'IN_PROGRESS'
  | 'SUCCESSFUL'
  | 'STOPPED'
  | 'STOP_REQUESTED'
  | 'ROLLBACK_REQUESTED'
  | 'ROLLBACK_IN_PROGRESS'
  | 'ROLLBACK_SUCCESSFUL'
  | 'ROLLBACK_FAILED';

export const serviceDeploymentStatuses: readonly ServiceDeploymentStatus[] = [
  'PENDING',
  'SUCCESSFUL',
  'STOPPED',
  'STOP_REQUESTED',
  'IN_PROGRESS',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED',
];

/** A service keeps its 100 most recent service deployments (and the revisions they name). */
export const SERVICE_DEPLOYMENTS_KEPT = 100;

export interface DeploymentSettings {
  maximumPercent: number;
  minimumHealthyPercent: number;
  circuitBreaker: { enable: boolean; rollback: boolean };
}

/** The deployment configuration a service runs with: what was given, over AWS's defaults. */
export function deploymentSettingsOf(settings: ServiceSettings): DeploymentSettings {
  const given = (settings.deploymentConfiguration ?? {}) as Record<string, unknown>;
  const breaker = (given['deploymentCircuitBreaker'] ?? {}) as Record<string, unknown>;
  const percent = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : fallback);
  return {
    maximumPercent: percent(given['maximumPercent'], 200),
    minimumHealthyPercent: percent(given['minimumHealthyPercent'], 100),
    circuitBreaker: { enable: breaker['enable'] === true, rollback: breaker['rollback'] === true },
  };
}

/** The DeploymentConfiguration structure DescribeServices echoes: the given one with defaults filled in. */
export function deploymentConfigurationView(settings: ServiceSettings) {
  const given = (settings.deploymentConfiguration ?? {}) as Record<string, unknown>;
  const s = deploymentSettingsOf(settings);
  return {
    ...given,
    deploymentCircuitBreaker: { enable: s.circuitBreaker.enable, rollback: s.circuitBreaker.rollback },
    maximumPercent: s.maximumPercent,
    minimumHealthyPercent: s.minimumHealthyPercent,
  };
}

/**
 * The circuit breaker's failed-task threshold: half the desired count, at least 3 and at most
 * 200, as the API reference gives it (rounded up [O]).
 */
export function circuitBreakerThreshold(desiredCount: number): number {
  return Math.min(200, Math.max(3, Math.ceil(desiredCount / 2)));
}

/** One entry of DescribeServices' `deployments`. */
export interface Deployment {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  taskDefinitionArn: string;
  revisionArn: string;
  serviceDeploymentArn: string;
  /** Tasks are placed from this instant (the service deployment's startedAt). */
  startsAtMs: number;
  rolloutState: RolloutState;
  rolloutStateReason: string;
  /** Consecutive tasks that failed to start, until one runs (then 0, and no longer counted). */
  failedTasks: number;
  everRunning: boolean;
  /** The deployment a circuit-breaker rollback returns to, when this one is the rollback. */
  rollbackOf?: string;
}

export interface ServiceDeployment {
  arn: string;
  serviceArn: string;
  clusterArn: string;
  createdAt: Date;
  startedAtMs: number;
  updatedAt: Date;
  finishedAt?: Date;
  stoppedAt?: Date;
  sourceRevisionArns: string[];
  targetRevisionArn: string;
  /** What the scheduler decided; PENDING is read off the clock before `startedAtMs`. */
  status: Exclude<ServiceDeploymentStatus, 'PENDING'>;
  statusReason?: string;
  deploymentConfiguration: unknown;
  rollback?: { reason: string; startedAt: Date; serviceRevisionArn: string };
  circuitBreaker: { enabled: boolean; failureCount: number; threshold: number; triggered: boolean };
  /** The classic deployment ids this service deployment drove (the target, then a rollback). */
  deploymentIds: string[];
}

export function serviceDeploymentStatusAt(sd: ServiceDeployment, nowMs: number): ServiceDeploymentStatus {
  return sd.status === 'IN_PROGRESS' && nowMs < sd.startedAtMs ? 'PENDING' : sd.status;
}

export interface ServiceRevision {
  arn: string;
  serviceArn: string;
  clusterArn: string;
  taskDefinitionArn: string;
  launchType?: string;
  capacityProviderStrategy?: unknown[];
  platformVersion?: string;
  platformFamily?: string;
  loadBalancers: unknown[];
  serviceRegistries: unknown[];
  networkConfiguration?: unknown;
  containerImages: { containerName: string; imageDigest: string; image: string }[];
  createdAt: Date;
}

/** A revision: the task definition and the environment settings the deployment places tasks with. */
export function newServiceRevision(
  arn: string,
  service: { arn: string; clusterArn: string; launchType?: string; settings: ServiceSettings },
  td: TaskDefinition,
  now: Date,
): ServiceRevision {
  // A revision keeps its own copy: it records the settings as they were when it was made.
  const s = structuredClone(service.settings);
  const capacityProviderStrategy = s.capacityProviderStrategy;
  const launchType = capacityProviderStrategy?.length ? undefined : (service.launchType ?? 'EC2');
  const fargate = launchType === 'FARGATE' || capacityProviderStrategy?.length;
  return {
    arn,
    serviceArn: service.arn,
    clusterArn: service.clusterArn,
    taskDefinitionArn: td.arn,
    launchType,
    capacityProviderStrategy,
    platformVersion: fargate ? (s.platformVersion ?? 'LATEST') : undefined,
    platformFamily: fargate ? 'Linux' : undefined,
    loadBalancers: s.loadBalancers ?? [],
    serviceRegistries: s.serviceRegistries ?? [],
    networkConfiguration: s.networkConfiguration,
    containerImages: td.containerDefinitions.map((c) => ({
      containerName: c.name ?? '',
      // linkstack pulls nothing; the digest is derived from the image name so it is stable.
      imageDigest: `sha256:${createHash('sha256').update(c.image ?? '').digest('hex')}`,
      image: c.image ?? '',
    })),
    createdAt: now,
  };
}

export function completedReason(deploymentId: string): string {
  return `ECS deployment ${deploymentId} completed.`;
}

export function inProgressReason(deploymentId: string): string {
  return `ECS deployment ${deploymentId} in progress.`;
}

export const CIRCUIT_BREAKER_FAILED_REASON = 'ECS deployment circuit breaker: tasks failed to start.';

/** [O] */
export function rollingBackReason(toDeploymentId: string): string {
  return `ECS deployment circuit breaker: rolling back to deploymentId ${toDeploymentId}.`;
}

export const deploymentCodec: Codec<Deployment> = object({
  id: str,
  createdAt: instant,
  updatedAt: instant,
  taskDefinitionArn: str,
  revisionArn: str,
  serviceDeploymentArn: str,
  startsAtMs: instantMs,
  rolloutState: oneOf('IN_PROGRESS', 'COMPLETED', 'FAILED'),
  rolloutStateReason: str,
  failedTasks: int,
  everRunning: bool,
  rollbackOf: optional(str),
});

export const serviceDeploymentCodec: Codec<ServiceDeployment> = object({
  arn: str,
  serviceArn: str,
  clusterArn: str,
  createdAt: instant,
  startedAtMs: instantMs,
  updatedAt: instant,
  finishedAt: optional(instant),
  stoppedAt: optional(instant),
  sourceRevisionArns: list(str),
  targetRevisionArn: str,
  status: oneOf(
    'IN_PROGRESS',
    'SUCCESSFUL',
    'STOPPED',
    'STOP_REQUESTED',
    'ROLLBACK_REQUESTED',
    'ROLLBACK_IN_PROGRESS',
    'ROLLBACK_SUCCESSFUL',
    'ROLLBACK_FAILED',
  ),
  statusReason: optional(str),
  deploymentConfiguration: json,
  rollback: optional(object({ reason: str, startedAt: instant, serviceRevisionArn: str })),
  circuitBreaker: object({ enabled: bool, failureCount: int, threshold: int, triggered: bool }),
  deploymentIds: list(str),
});

export const serviceRevisionCodec: Codec<ServiceRevision> = object({
  arn: str,
  serviceArn: str,
  clusterArn: str,
  taskDefinitionArn: str,
  launchType: optional(str),
  capacityProviderStrategy: optional(list(json)),
  platformVersion: optional(str),
  platformFamily: optional(str),
  loadBalancers: list(json),
  serviceRegistries: list(json),
  networkConfiguration: optional(json),
  containerImages: list(object({ containerName: str, imageDigest: str, image: str })),
  createdAt: instant,
});
