import { iamArn } from '../../../state/arns.js';
import type { EcsCaller, EcsState } from '../../../state/ecs/ecsState.js';
import { ECS_SERVICE_LINKED_ROLE, ECS_SERVICE_PRINCIPAL } from '../../../state/iam/serviceLinkedRoleCatalog.js';
import { ecsErrors } from '../../../state/ecs/errors.js';
import type { AuthRequest, RequestContext } from '../../operation.js';

/** The ECS state of the caller's account in the region the request was signed for. */
export function ecsOf(ctx: RequestContext): EcsState {
  return ctx.account.region(ctx.region).ecs;
}

// What a parameter names, as an ARN, whether or not it exists (for authorize and MISSING
// failures): the resolution is state/ecs/arns.ts's; these only pick the caller's region.

export const clusterArnOf = (ctx: RequestContext, ref: string | undefined) => ecsOf(ctx).arns.clusterNamed(ref);
export const serviceArnOf = (ctx: RequestContext, clusterRef: string | undefined, ref: string) =>
  ecsOf(ctx).arns.serviceNamed(clusterRef, ref);
export const taskArnOf = (ctx: RequestContext, clusterRef: string | undefined, ref: string) => ecsOf(ctx).arns.taskNamed(clusterRef, ref);
export const instanceArnOf = (ctx: RequestContext, clusterRef: string | undefined, ref: string) =>
  ecsOf(ctx).arns.containerInstanceNamed(clusterRef, ref);
/** `family` alone means the latest ACTIVE revision. */
export const taskDefinitionArnOf = (ctx: RequestContext, ref: string) => ecsOf(ctx).taskDefinitions.arnNamed(ref);

/**
 * The caller as ECS acts for it: ECS creates its service-linked role as the caller, so the
 * caller needs iam:CreateServiceLinkedRole on the role (asked only when the role is missing).
 */
export function ecsCaller(ctx: RequestContext): EcsCaller {
  return {
    mayCreateServiceLinkedRole: () =>
      ctx.permits({
        action: 'iam:CreateServiceLinkedRole',
        resource: iamArn.serviceLinkedRole(ctx.account.id, ECS_SERVICE_PRINCIPAL, ECS_SERVICE_LINKED_ROLE),
        context: { 'iam:AWSServiceName': ECS_SERVICE_PRINCIPAL },
      }),
  };
}

/** `ecs:<action>` on a resource, with the `ecs:cluster` condition key where the call has one. */
export function ecsAuth(action: string, resource: string, clusterArn?: string): AuthRequest {
  return { action: `ecs:${action}`, resource, context: clusterArn ? { 'ecs:cluster': clusterArn } : undefined };
}

/**
 * One page of a list. The token is the offset of the next item, opaque to clients; `nextToken`
 * is present only when more items follow, as the SDK paginators expect.
 */
export function page<T>(items: readonly T[], nextToken: string | undefined, maxResults: number | undefined, defaultMax: number) {
  const start = nextToken === undefined ? 0 : decodeNextToken(nextToken);
  const end = start + (maxResults ?? defaultMax);
  return {
    items: items.slice(start, end),
    nextToken: end < items.length ? encodeNextToken(end) : undefined,
  };
}

/** The position a nextToken carries (an offset, or for ListTasks a launch position). */
export function decodeNextToken(nextToken: string): number {
  const decoded = Number(Buffer.from(nextToken, 'base64url').toString('utf8'));
  if (!Number.isInteger(decoded) || decoded < 0) throw ecsErrors.invalidNextToken();
  return decoded;
}

export function encodeNextToken(position: number): string {
  return Buffer.from(String(position), 'utf8').toString('base64url');
}
