import { ecsErrors } from '../../../state/ecs/errors.js';
import { executeCommandSessionId, sessionToken } from '../../../state/ecs/ecsIds.js';
import { ECS_SERVICE_LINKED_ROLE } from '../../../state/iam/serviceLinkedRoleCatalog.js';
import { startServiceRoleSession } from '../../../state/roleSessions.js';
import type { RequestContext } from '../../operation.js';
import { defineOperation } from '../../operation.js';
import { bool, req, str, struct } from '../../shapes.js';
import { clusterArnOf, ecsAuth, ecsOf } from './context.js';
import { taskArnOf } from './taskOperations.js';

/** How long the role session behind an ExecuteCommand session lasts (SSM's default idle timeout). */
export const EXECUTE_COMMAND_SESSION_SECONDS = 20 * 60;

/**
 * ECS opens the session through its service-linked role, so the role has a session (and is in
 * use) while the command runs. Role sessions belong to the deletion/session area (issue 4): this
 * is the one place ExecuteCommand starts one.
 */
function startRoleSession(ctx: RequestContext): void {
  // The role also shows in GetRole's RoleLastUsed and, as ssm:StartSession, in Access Advisor.
  if (!ctx.account.iam.roles.find(ECS_SERVICE_LINKED_ROLE)) return;
  startServiceRoleSession(
    ctx.account,
    ECS_SERVICE_LINKED_ROLE,
    ctx.region,
    ctx.now,
    EXECUTE_COMMAND_SESSION_SECONDS,
    'ecs:ExecuteCommand',
    ['ssm:StartSession'],
  );
}

export const executeCommand = defineOperation({
  name: 'ExecuteCommand',
  input: struct({
    cluster: str(),
    container: str(),
    command: req(str()),
    interactive: req(bool()),
    task: req(str()),
  }),
  authorize: (input, ctx) => [
    ecsAuth('ExecuteCommand', clusterArnOf(ctx, input.cluster)),
    ecsAuth('ExecuteCommand', taskArnOf(ctx, input.cluster, input.task), clusterArnOf(ctx, input.cluster)),
  ],
  handle(input, ctx) {
    const ecs = ecsOf(ctx);
    const cluster = ecs.activeCluster(input.cluster);
    if (!input.interactive) throw ecsErrors.interactiveOnly();
    const task = ecs.findTask(cluster, input.task, ctx.now);
    if (!task) throw ecsErrors.taskNotFound();
    if (task.lastStatus !== 'RUNNING') throw ecsErrors.taskNotRunning();
    if (!task.enableExecuteCommand) throw ecsErrors.executeCommandNotEnabled();
    let container = task.containers[0]!;
    if (input.container !== undefined) {
      const named = task.containers.find((c) => c.name === input.container);
      if (!named) throw ecsErrors.containerNotFound(input.container);
      container = named;
    } else if (task.containers.length > 1) {
      throw ecsErrors.containerRequired();
    }
    startRoleSession(ctx);
    const sessionId = executeCommandSessionId();
    return {
      clusterArn: cluster.arn,
      containerArn: container.containerArn,
      containerName: container.name,
      interactive: true,
      session: {
        sessionId,
        streamUrl: `wss://ssmmessages.${ctx.region}.amazonaws.com/v1/data-channel/${sessionId}?role=publish_subscribe&cell-number=AAEAAQ`,
        tokenValue: sessionToken(),
      },
      taskArn: task.arn,
    };
  },
});
