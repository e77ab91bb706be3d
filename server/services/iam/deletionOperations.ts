import { deletionStatus, parseDeletionTaskId } from '../../../state/deletion/deletionTasks.js';
import { findDeletionTask, submitServiceLinkedRoleDeletion } from '../../../state/deletion/serviceLinkedRoleDeletion.js';
import { iamArn } from '../../../state/arns.js';
import { linkedServiceForRoleName } from '../../../state/iam/serviceLinkedRoleCatalog.js';
import { defineOperation, type AuthRequest, type RequestContext } from '../../operation.js';
import { req, str, struct } from '../../shapes.js';
import { roleName } from './fields.js';

const deletionTaskId = () => str({ min: 1, max: 1000 });

/**
 * What the seed's policy statements are written against: the role's ARN and the service it is
 * linked to (`iam:AWSServiceName`), for the role as it exists or, when it does not, as the
 * service would name it.
 */
function serviceLinkedRoleRequest(action: string, name: string, ctx: RequestContext, principalHint?: string): AuthRequest {
  const role = ctx.account.iam.roles.find(name);
  if (role) {
    return { action, resource: role.arn, context: role.linkedService ? { 'iam:AWSServiceName': role.linkedService } : {} };
  }
  const principal = principalHint ?? linkedServiceForRoleName(name)?.servicePrincipal;
  return {
    action,
    resource: principal ? iamArn.serviceLinkedRole(ctx.account.id, principal, name) : iamArn.role(ctx.account.id, '/', name),
    context: principal ? { 'iam:AWSServiceName': principal } : {},
  };
}

export const deleteServiceLinkedRole = defineOperation({
  name: 'DeleteServiceLinkedRole',
  input: struct({ RoleName: req(roleName()) }),
  handle(input, ctx) {
    const task = submitServiceLinkedRoleDeletion(ctx.account, input.RoleName, ctx.now.getTime());
    return { DeletionTaskId: task.id };
  },
  authorize(input, ctx) {
    return serviceLinkedRoleRequest('iam:DeleteServiceLinkedRole', input.RoleName, ctx);
  },
});

export const getServiceLinkedRoleDeletionStatus = defineOperation({
  name: 'GetServiceLinkedRoleDeletionStatus',
  input: struct({ DeletionTaskId: req(deletionTaskId()) }),
  handle(input, ctx) {
    const task = findDeletionTask(ctx.account, input.DeletionTaskId);
    const status = deletionStatus(task, ctx.now.getTime());
    if (task.outcome?.status !== 'FAILED') return { Status: status };
    const { report } = task.outcome;
    return {
      Status: status,
      Reason: {
        Reason: report.reason,
        RoleUsageList: report.roleUsageList?.map((u) => ({ Region: u.region, Resources: u.resources })),
      },
    };
  },
  authorize(input, ctx) {
    const parsed = parseDeletionTaskId(input.DeletionTaskId);
    if (!parsed) return { action: 'iam:GetServiceLinkedRoleDeletionStatus', resource: '*' };
    return serviceLinkedRoleRequest('iam:GetServiceLinkedRoleDeletionStatus', parsed.roleName, ctx, parsed.servicePrincipal);
  },
});

export const deletionOperations = [deleteServiceLinkedRole, getServiceLinkedRoleDeletionStatus];
