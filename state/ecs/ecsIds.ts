import { alphanumeric, digits, ecsId } from '../ids.js';

export { ecsId };

/** Deployment ids look like `ecs-svc/9223370564342348388`. */
export function deploymentId(): string {
  return `ecs-svc/${digits(19)}`;
}

/** A container's Docker runtime id as ECS shows it: `<task id>-<10 digits>`. */
export function runtimeId(taskId: string): string {
  return `${taskId}-${digits(10)}`;
}

/** An EC2 instance id (`i-` and 17 hex digits), for instances registered without an identity document. */
export function ec2InstanceId(): string {
  return `i-${ecsId().slice(0, 17)}`;
}

/** ExecuteCommand session ids: `ecs-execute-command-` and 17 hex digits. */
export function executeCommandSessionId(): string {
  return `ecs-execute-command-${ecsId().slice(0, 17)}`;
}

/** An opaque session token value. */
export function sessionToken(): string {
  return Buffer.from(ecsId() + ecsId() + ecsId()).toString('base64');
}

/** The last part of a service deployment ARN: 21 letters and digits (`ejGvqq2ilnbKT9qj0vLJe`). */
export function serviceDeploymentId(): string {
  return alphanumeric(21);
}
