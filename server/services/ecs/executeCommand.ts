import { defineOperation } from '../../operation.js';
import { bool, req, str, struct } from '../../shapes.js';
import { clusterArnOf, ecsAuth, ecsOf, taskArnOf } from './context.js';

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
    const { cluster, task, container, sessionId, tokenValue } = ecsOf(ctx).executeCommand(input.cluster, input, ctx.now);
    return {
      clusterArn: cluster.arn,
      containerArn: container.containerArn,
      containerName: container.name,
      interactive: true,
      session: {
        sessionId,
        streamUrl: `wss://ssmmessages.${ctx.region}.amazonaws.com/v1/data-channel/${sessionId}?role=publish_subscribe&cell-number=AAEAAQ`,
        tokenValue,
      },
      taskArn: task.arn,
    };
  },
});
