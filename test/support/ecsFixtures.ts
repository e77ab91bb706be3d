import { RegisterTaskDefinitionCommand, RunTaskCommand, type ECSClient } from '@aws-sdk/client-ecs';

/**
 * A running Fargate task with ECS Exec enabled in an existing cluster, registering its task
 * definition `shell` first: what ExecuteCommand needs. Returns the task's ARN.
 */
export async function runExecutableTask(ecs: ECSClient, cluster: string): Promise<string> {
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'shell',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'shell', image: 'busybox', essential: true }],
    }),
  );
  const { tasks } = await ecs.send(
    new RunTaskCommand({
      cluster,
      taskDefinition: 'shell',
      launchType: 'FARGATE',
      enableExecuteCommand: true,
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-12345678'] } },
    }),
  );
  return tasks![0]!.taskArn!;
}
