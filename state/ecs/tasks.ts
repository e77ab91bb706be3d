import { ecsTagCodec, type EcsTag } from './tags.js';
import { bool, instant, jsonObject, list, num, object, oneOf, optional, str, type Codec } from '../snapshot/codec.js';
import {
  desiredStatusAt,
  isActiveAt,
  isLiveAt,
  lastStatusAt,
  requestStop,
  stopAt,
  type TaskLifecycle,
  type TaskStopCode,
  type TaskTimings,
  taskLifecycleCodec,
} from './taskLifecycle.js';

export interface Container {
  containerArn: string;
  name: string;
  image?: string;
  /** The Docker id `aws ecs execute-command` needs (DescribeTasks → containers[].runtimeId). */
  runtimeId: string;
  cpu?: number;
  memory?: number;
  memoryReservation?: number;
  essential: boolean;
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
  /** The service whose scheduler started the task, and the deployment it belongs to. */
  serviceName?: string;
  deploymentId?: string;
  /** The service revision the task runs (its deployment's). */
  revisionArn?: string;
  createdAt: Date;
  /** Statuses and timestamps are read off this for the instant asked about (see taskLifecycle.ts). */
  lifecycle: TaskLifecycle;
  containers: Container[];
  enableExecuteCommand: boolean;
  tags: EcsTag[];
  overrides: Record<string, unknown>;
  cpu?: string;
  memory?: string;
  /** What the service scheduler has already counted of this task (its start, its failure). */
  noted?: { running?: boolean; failed?: boolean };
}

/** AWS keeps stopped tasks describable for at least an hour; linkstack keeps them exactly that long. */
export const STOPPED_TASK_RETENTION_MS = 60 * 60 * 1000;

export function taskLastStatus(task: Task, now: Date) {
  return lastStatusAt(task.lifecycle, now.getTime());
}

export function taskDesiredStatus(task: Task, now: Date) {
  return desiredStatusAt(task.lifecycle, now.getTime());
}

/** Meant to run at `now` (desiredStatus RUNNING). */
export function isLive(task: Task, now: Date | number): boolean {
  return isLiveAt(task.lifecycle, typeof now === 'number' ? now : now.getTime());
}

/** Not yet STOPPED at `now`. */
export function isActive(task: Task, now: Date | number): boolean {
  return isActiveAt(task.lifecycle, typeof now === 'number' ? now : now.getTime());
}

export function isRunning(task: Task, now: Date): boolean {
  return taskLastStatus(task, now) === 'RUNNING';
}

/** Stopped tasks that have outlived their retention are gone (DescribeTasks reports them MISSING). */
export function isExpired(task: Task, now: Date): boolean {
  const stop = stopAt(task.lifecycle, now.getTime());
  return stop !== undefined && now.getTime() >= stop.stoppedAtMs + STOPPED_TASK_RETENTION_MS;
}

/** Asks the task to stop at `now`; false if it was already asked. */
export function stopTask(task: Task, now: Date, timings: TaskTimings, stopCode: TaskStopCode, reason: string): boolean {
  if (!requestStop(task.lifecycle, now.getTime(), timings, stopCode, reason)) return false;
  // StopTask deletes the task's tags (AWS documents this).
  task.tags = [];
  return true;
}

const containerCodec: Codec<Container> = object({
  containerArn: str,
  name: str,
  image: optional(str),
  runtimeId: str,
  cpu: optional(num),
  memory: optional(num),
  memoryReservation: optional(num),
  essential: bool,
});

export const taskCodec: Codec<Task> = object({
  id: str,
  arn: str,
  clusterArn: str,
  taskDefinitionArn: str,
  containerInstanceId: optional(str),
  containerInstanceArn: optional(str),
  launchType: oneOf('EC2', 'FARGATE', 'EXTERNAL'),
  capacityProviderName: optional(str),
  group: str,
  startedBy: optional(str),
  serviceName: optional(str),
  deploymentId: optional(str),
  revisionArn: optional(str),
  createdAt: instant,
  lifecycle: taskLifecycleCodec,
  containers: list(containerCodec),
  enableExecuteCommand: bool,
  tags: list(ecsTagCodec),
  overrides: jsonObject,
  cpu: optional(str),
  memory: optional(str),
  noted: optional(object({ running: optional(bool), failed: optional(bool) })),
});
