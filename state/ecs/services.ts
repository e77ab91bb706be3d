import { ecsTagCodec, type EcsTag } from './tags.js';
import { bool, instant, int, jsonObject, list, object, oneOf, optional, str, type Codec } from '../snapshot/codec.js';

/**
 * How long a deleted service stays DRAINING before it is INACTIVE. AWS gives no figure; the
 * transition is computed from the clock, never by a timer.
 */
export const SERVICE_DRAINING_MS = 10_000;

export type ServiceStatus = 'ACTIVE' | 'DRAINING' | 'INACTIVE';

export interface Deployment {
  id: string;
  createdAt: Date;
  updatedAt: Date;
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
  deployment: Deployment;
  tags: EcsTag[];
  enableExecuteCommand: boolean;
  /** Settings AWS echoes back unchanged (network configuration, load balancers, placement…). */
  settings: Record<string, unknown>;
}

export function serviceStatus(service: Service, now: Date): ServiceStatus {
  if (!service.deletedAt) return 'ACTIVE';
  return now.getTime() < service.deletedAt.getTime() + SERVICE_DRAINING_MS ? 'DRAINING' : 'INACTIVE';
}

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
  deployment: object({ id: str, createdAt: instant, updatedAt: instant }),
  tags: list(ecsTagCodec),
  enableExecuteCommand: bool,
  settings: jsonObject,
});
