import { ecsTagCodec, type EcsTag } from './tags.js';
import { bool, instant, int, jsonObject, list, num, object, oneOf, optional, str, type Codec } from '../snapshot/codec.js';

export interface Container {
  containerArn: string;
  name: string;
  image?: string;
  /** The Docker id `aws ecs execute-command` needs (DescribeTasks → containers[].runtimeId). */
  runtimeId: string;
  cpu?: number;
  memory?: number;
  memoryReservation?: number;
}

export type TaskLaunchType = 'EC2' | 'FARGATE' | 'EXTERNAL';

export interface Task {
  id: string;
  arn: string;
  clusterArn: string;
  taskDefinitionArn: string;
  /** Set when the task was placed on a container instance. */
  containerInstanceId?: string;
  containerInstanceArn?: string;
  launchType: TaskLaunchType;
  /** The capacity provider the task was placed with, when a strategy placed it. */
  capacityProviderName?: string;
  group: string;
  startedBy?: string;
  /** The service whose scheduler started the task. */
  serviceName?: string;
  lastStatus: 'RUNNING' | 'STOPPED';
  desiredStatus: 'RUNNING' | 'STOPPED';
  createdAt: Date;
  startedAt: Date;
  stoppingAt?: Date;
  stoppedAt?: Date;
  stopCode?: 'UserInitiated' | 'ServiceSchedulerInitiated';
  stoppedReason?: string;
  containers: Container[];
  enableExecuteCommand: boolean;
  tags: EcsTag[];
  overrides: Record<string, unknown>;
  cpu?: string;
  memory?: string;
  version: number;
}

/** AWS keeps stopped tasks describable for at least an hour; linkstack keeps them exactly that long. */
export const STOPPED_TASK_RETENTION_MS = 60 * 60 * 1000;

export function isStopped(task: Task): boolean {
  return task.lastStatus === 'STOPPED';
}

/** Stopped tasks that have outlived their retention are gone (DescribeTasks reports them MISSING). */
export function isExpired(task: Task, now: Date): boolean {
  return task.stoppedAt !== undefined && now.getTime() >= task.stoppedAt.getTime() + STOPPED_TASK_RETENTION_MS;
}

export function stopTask(
  task: Task,
  now: Date,
  stopCode: NonNullable<Task['stopCode']>,
  reason: string,
): void {
  if (isStopped(task)) return;
  task.lastStatus = 'STOPPED';
  task.desiredStatus = 'STOPPED';
  task.stoppingAt = now;
  task.stoppedAt = now;
  task.stopCode = stopCode;
  task.stoppedReason = reason;
  // StopTask deletes the task's tags (AWS documents this).
  task.tags = [];
  task.version += 1;
}

const containerCodec: Codec<Container> = object({
  containerArn: str,
  name: str,
  image: optional(str),
  runtimeId: str,
  cpu: optional(num),
  memory: optional(num),
  memoryReservation: optional(num),
});

export const taskCodec: Codec<Task> = object({
  id: str,
  arn: str,
  clusterArn: str,
  taskDefinitionArn: str,
  containerInstanceId: optional(str),
  containerInstanceArn: optional(str),
  launchType: oneOf('EC2', 'FARGATE', 'EXTERNAL'),
  group: str,
  startedBy: optional(str),
  serviceName: optional(str),
  lastStatus: oneOf('RUNNING', 'STOPPED'),
  desiredStatus: oneOf('RUNNING', 'STOPPED'),
  createdAt: instant,
  startedAt: instant,
  stoppingAt: optional(instant),
  stoppedAt: optional(instant),
  stopCode: optional(oneOf('UserInitiated', 'ServiceSchedulerInitiated')),
  stoppedReason: optional(str),
  containers: list(containerCodec),
  enableExecuteCommand: bool,
  tags: list(ecsTagCodec),
  overrides: jsonObject,
  cpu: optional(str),
  memory: optional(str),
  version: int,
});
