import { defineOperation } from '../../operation.js';
import { any, bool, enumOf, int, list, req, str, struct } from '../../shapes.js';
import { clusterArnOf, ecsAuth, decodeNextToken, ecsOf, encodeNextToken, taskArnOf, taskDefinitionArnOf } from './context.js';
import {
  capacityProviderStrategy,
  includeOf,
  launchType,
  maxResults,
  networkConfiguration,
  nextToken,
  placementConstraints,
  placementStrategy,
  propagateTags,
  tags,
} from './fields.js';
import { describeEach, taskOutput } from './output.js';

export const runTask = defineOperation({
  name: 'RunTask',
  input: struct({
    taskDefinition: req(str()),
    cluster: str(),
    count: int({ min: 1, max: 10 }),
    launchType: launchType(),
    capacityProviderStrategy: capacityProviderStrategy(),
    networkConfiguration: networkConfiguration(),
    overrides: any(),
    placementConstraints: placementConstraints(),
    placementStrategy: placementStrategy(),
    platformVersion: str(),
    propagateTags: propagateTags(),
    referenceId: str(),
    startedBy: str({ max: 128 }),
    group: str(),
    tags: tags(),
    enableECSManagedTags: bool(),
    enableExecuteCommand: bool(),
    clientToken: str({ max: 64 }),
    volumeConfigurations: any(),
  }),
  authorize: (input, ctx) =>
    ecsAuth('RunTask', taskDefinitionArnOf(ctx, input.taskDefinition), clusterArnOf(ctx, input.cluster)),
  handle(input, ctx) {
    const tasks = ecsOf(ctx).runTask(
      input.cluster,
      {
        taskDefinition: input.taskDefinition,
        count: input.count,
        launchType: input.launchType,
        capacityProviderStrategy: input.capacityProviderStrategy,
        group: input.group,
        startedBy: input.startedBy,
        enableExecuteCommand: input.enableExecuteCommand,
        tags: input.tags,
        overrides: input.overrides as Record<string, unknown> | undefined,
        networkConfiguration: input.networkConfiguration,
      },
      ctx.now,
    );
    return { tasks: tasks.map((t) => taskOutput(t, ctx.region, true, ctx.now)), failures: [] };
  },
});

export const stopTask = defineOperation({
  name: 'StopTask',
  input: struct({ cluster: str(), task: req(str()), reason: str({ max: 255 }) }),
  authorize: (input, ctx) => ecsAuth('StopTask', taskArnOf(ctx, input.cluster, input.task), clusterArnOf(ctx, input.cluster)),
  handle(input, ctx) {
    const task = ecsOf(ctx).stopTask(input.cluster, input.task, input.reason, ctx.now);
    return { task: taskOutput(task, ctx.region, false, ctx.now) };
  },
});

export const listTasks = defineOperation({
  name: 'ListTasks',
  input: struct({
    cluster: str(),
    containerInstance: str(),
    family: str(),
    nextToken: nextToken(),
    maxResults: maxResults(),
    startedBy: str(),
    serviceName: str(),
    desiredStatus: enumOf(['RUNNING', 'PENDING', 'STOPPED'] as const),
    launchType: launchType(),
    daemonName: str(),
  }),
  authorize: (input, ctx) => ecsAuth('ListTasks', '*', clusterArnOf(ctx, input.cluster)),
  handle(input, ctx) {
    const ecs = ecsOf(ctx);
    const cluster = ecs.existingCluster(input.cluster);
    // The token is a launch position: a page is read from there, not sliced from every match.
    const fromSeq = input.nextToken === undefined ? 0 : decodeNextToken(input.nextToken);
    const { arns, nextSeq } = ecs.listTaskArns(cluster, input, ctx.now, { fromSeq, size: input.maxResults ?? 100 });
    return { taskArns: arns, nextToken: nextSeq === undefined ? undefined : encodeNextToken(nextSeq) };
  },
});

export const describeTasks = defineOperation({
  name: 'DescribeTasks',
  input: struct({ cluster: str(), tasks: req(list(str(), { max: 100 })), include: includeOf(['TAGS'] as const) }),
  authorize: (input, ctx) =>
    input.tasks.map((t) => ecsAuth('DescribeTasks', taskArnOf(ctx, input.cluster, t), clusterArnOf(ctx, input.cluster))),
  handle(input, ctx) {
    const ecs = ecsOf(ctx);
    const cluster = ecs.existingCluster(input.cluster);
    const withTags = input.include?.includes('TAGS') ?? false;
    const { described, failures } = describeEach(
      input.tasks,
      (ref) => ecs.findTask(cluster, ref, ctx.now),
      (task) => taskOutput(task, ctx.region, withTags, ctx.now),
      (ref) => taskArnOf(ctx, input.cluster, ref),
    );
    return { tasks: described, failures };
  },
});

export const taskOperations = [runTask, stopTask, listTasks, describeTasks];
