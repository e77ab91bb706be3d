import type { StrategyItem } from './capacityProviders.js';
import { deploymentCodec, serviceDeploymentCodec, serviceRevisionCodec, type Deployment, type ServiceDeployment, type ServiceRevision } from './deployments.js';
import { ecsTagCodec, type EcsTag } from './tags.js';
import { bool, instant, instantMs, int, jsonObject, list, mapOf, object, oneOf, optional, str, type Codec } from '../snapshot/codec.js';

/**
 * How long a deleted service stays DRAINING before it is INACTIVE. AWS gives no figure; the
 * transition is computed from the clock, never by a timer.
 */
export const SERVICE_DRAINING_MS = 10_000;

/** DescribeServices shows the 100 most recent events; older ones are dropped. */
export const SERVICE_EVENTS_KEPT = 100;

export type ServiceStatus = 'ACTIVE' | 'DRAINING' | 'INACTIVE';

export interface ServiceEvent {
  id: string;
  createdAt: Date;
  message: string;
}

export interface Service {
  name: string;
  arn: string;
  clusterArn: string;
  taskDefinitionArn?: string;
  desiredCount: number;
  /** As requested; undefined when a capacity provider strategy was given instead. */
  launchType?: 'EC2' | 'FARGATE' | 'EXTERNAL' | 'MANAGED_INSTANCES';
  schedulingStrategy: 'REPLICA' | 'DAEMON';
  createdAt: Date;
  createdBy?: string;
  /** When DeleteService ran; the status is derived from it. */
  deletedAt?: Date;
  /** The PRIMARY deployment first, then older ones that still have tasks (status ACTIVE). */
  deployments: Deployment[];
  /** Every service deployment started (ListServiceDeployments), newest first, bounded. */
  serviceDeployments: ServiceDeployment[];
  /** By ARN: the revisions the kept service deployments name. */
  revisions: Map<string, ServiceRevision>;
  /** Newest first, at most SERVICE_EVENTS_KEPT. */
  events: ServiceEvent[];
  /** The scheduler's own state (see serviceScheduler.ts). */
  scheduler: {
    /** The instant up to which the scheduler has acted. */
    settledAtMs: number;
    /** Whether the service was at steady state when the scheduler last looked. */
    steady: boolean;
    /** Tasks that failed to start in a row, and when the throttle allows the next launch. */
    consecutiveStartFailures: number;
    nextLaunchAtMs: number;
    /** The last deployment that completed: where a circuit-breaker rollback returns to. */
    lastCompleted?: { deploymentId: string; revisionArn: string; taskDefinitionArn: string };
  };
  tags: EcsTag[];
  enableExecuteCommand: boolean;
  settings: ServiceSettings;
}

/**
 * The members of CreateService/UpdateService that ECS keeps and echoes back in the Service
 * (network configuration, load balancers, placement…). The ones linkstack reads have their types;
 * the rest are stored as given.
 */
export interface ServiceSettings {
  capacityProviderStrategy?: StrategyItem[];
  platformVersion?: string;
  deploymentConfiguration?: unknown;
  loadBalancers?: { targetGroupArn?: string; loadBalancerName?: string; containerName?: string; containerPort?: number }[];
  serviceRegistries?: { registryArn?: string; port?: number; containerName?: string; containerPort?: number }[];
  placementConstraints?: unknown[];
  placementStrategy?: unknown[];
  networkConfiguration?: { awsvpcConfiguration?: { subnets?: string[]; securityGroups?: string[]; assignPublicIp?: string } };
  healthCheckGracePeriodSeconds?: number;
  deploymentController?: { type?: string };
  enableECSManagedTags?: boolean;
  propagateTags?: string;
  serviceConnectConfiguration?: unknown;
  availabilityZoneRebalancing?: string;
  volumeConfigurations?: unknown;
  vpcLatticeConfigurations?: unknown;
  monitoring?: unknown;
  /** The IAM role for the service's load balancer (CreateService only). */
  role?: string;
}

export function serviceStatus(service: Service, now: Date): ServiceStatus {
  if (!service.deletedAt) return 'ACTIVE';
  return now.getTime() < service.deletedAt.getTime() + SERVICE_DRAINING_MS ? 'DRAINING' : 'INACTIVE';
}

export function primaryDeployment(service: Service): Deployment | undefined {
  return service.deployments[0];
}

const serviceEventCodec: Codec<ServiceEvent> = object({ id: str, createdAt: instant, message: str });

export const serviceCodec: Codec<Service> = object({
  name: str,
  arn: str,
  clusterArn: str,
  taskDefinitionArn: optional(str),
  desiredCount: int,
  launchType: optional(oneOf('EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES')),
  schedulingStrategy: oneOf('REPLICA', 'DAEMON'),
  createdAt: instant,
  createdBy: optional(str),
  deletedAt: optional(instant),
  deployments: list(deploymentCodec),
  serviceDeployments: list(serviceDeploymentCodec),
  revisions: mapOf(str, serviceRevisionCodec),
  events: list(serviceEventCodec),
  scheduler: object({
    settledAtMs: instantMs,
    steady: bool,
    consecutiveStartFailures: int,
    nextLaunchAtMs: int,
    lastCompleted: optional(object({ deploymentId: str, revisionArn: str, taskDefinitionArn: str })),
  }),
  tags: list(ecsTagCodec),
  enableExecuteCommand: bool,
  settings: jsonObject as unknown as Codec<ServiceSettings>,
});
