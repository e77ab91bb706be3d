import { ECS_SERVICE_LINKED_ROLE, ECS_SERVICE_PRINCIPAL } from '../../../state/iam/serviceLinkedRoleCatalog.js';
import { iamArn } from '../../../state/arns.js';
import { ecsErrors } from '../../../state/ecs/errors.js';
import type { RequestContext } from '../../operation.js';

/**
 * What ECS does with its service-linked role on CreateCluster, CreateService and UpdateService:
 * create `AWSServiceRoleForECS` when the account has none (the seed's "usually you don't create
 * it by hand"), and record that ECS used it in this region (GetRole → RoleLastUsed).
 * Called before the operation changes any ECS state, so a refusal here leaves ECS untouched.
 */
export function ensureEcsServiceLinkedRole(ctx: RequestContext): void {
  const roles = ctx.account.iam.roles;
  if (!roles.find(ECS_SERVICE_LINKED_ROLE)) {
    // ECS creates the role as the caller: a caller who may not create it gets AWS's refusal.
    const mayCreate = ctx.permits({
      action: 'iam:CreateServiceLinkedRole',
      resource: iamArn.serviceLinkedRole(ctx.account.id, ECS_SERVICE_PRINCIPAL, ECS_SERVICE_LINKED_ROLE),
      context: { 'iam:AWSServiceName': ECS_SERVICE_PRINCIPAL },
    });
    if (!mayCreate) {
      throw ecsErrors.serviceLinkedRoleUnavailable();
    }
    roles.createServiceLinkedRole(ECS_SERVICE_PRINCIPAL, ctx.now);
  }
  roles.recordUse(ECS_SERVICE_LINKED_ROLE, ctx.now, ctx.region);
  // ECS took the role up again: a deletion of it that is IN_PROGRESS now will fail.
  ctx.account.deletionTasks.noteRoleUse(ECS_SERVICE_LINKED_ROLE, ctx.now.getTime());
}

/**
 * What ECS does with the role for a service, as Access Advisor shows it: network interfaces for
 * `awsvpc` tasks (`ec2:CreateNetworkInterface`) and load balancer targets
 * (`elasticloadbalancing:RegisterTargets`). Called once the service call has succeeded.
 */
export function recordServiceRoleActions(
  ctx: RequestContext,
  settings: { networkConfiguration?: { awsvpcConfiguration?: unknown }; loadBalancers?: unknown[] },
): void {
  const actions: string[] = [];
  if (settings.networkConfiguration?.awsvpcConfiguration) actions.push('ec2:CreateNetworkInterface');
  if (settings.loadBalancers && settings.loadBalancers.length > 0) actions.push('elasticloadbalancing:RegisterTargets');
  const role = ctx.account.iam.roles.find(ECS_SERVICE_LINKED_ROLE);
  if (!role) return;
  for (const action of actions) ctx.account.accessAdvisor.recordAccess(role.arn, action, ctx.now.getTime(), ctx.region);
}
