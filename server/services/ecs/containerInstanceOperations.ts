import { defineOperation } from '../../operation.js';
import { any, bool, enumOf, list, req, str, struct } from '../../shapes.js';
import { clusterArnOf, ecsAuth, ecsOf, instanceArnOf, page } from './context.js';
import { attribute, includeOf, maxResults, nextToken, resource, tags } from './fields.js';
import { containerInstanceOutput, describeEach, missing } from './output.js';
import { updateContainerInstancesState } from '../../../state/ecs/draining.js';

export const registerContainerInstance = defineOperation({
  name: 'RegisterContainerInstance',
  input: struct({
    cluster: str(),
    instanceIdentityDocument: str(),
    instanceIdentityDocumentSignature: str(),
    totalResources: list(resource()),
    versionInfo: struct({ agentVersion: str(), agentHash: str(), dockerVersion: str() }),
    containerInstanceArn: str(),
    attributes: list(attribute()),
    platformDevices: any(),
    tags: tags(),
  }),
  authorize: (input, ctx) => ecsAuth('RegisterContainerInstance', clusterArnOf(ctx, input.cluster)),
  handle(input, ctx) {
    const ecs = ecsOf(ctx);
    const instance = ecs.registerContainerInstance(
      input.cluster,
      {
        instanceIdentityDocument: input.instanceIdentityDocument,
        totalResources: input.totalResources?.map((r) => ({ name: r.name ?? '', type: r.type ?? 'INTEGER', ...r })),
        versionInfo: input.versionInfo,
        containerInstanceArn: input.containerInstanceArn,
        attributes: input.attributes,
        tags: input.tags,
      },
      ctx.now,
    );
    return { containerInstance: containerInstanceOutput(ecs, ecs.activeCluster(input.cluster), instance, true, ctx.now) };
  },
});

export const deregisterContainerInstance = defineOperation({
  name: 'DeregisterContainerInstance',
  input: struct({ cluster: str(), containerInstance: req(str()), force: bool() }),
  authorize: (input, ctx) =>
    ecsAuth('DeregisterContainerInstance', clusterArnOf(ctx, input.cluster), clusterArnOf(ctx, input.cluster)),
  handle(input, ctx) {
    const ecs = ecsOf(ctx);
    const instance = ecs.deregisterContainerInstance(input.cluster, input.containerInstance, input.force ?? false, ctx.now);
    return { containerInstance: containerInstanceOutput(ecs, ecs.activeCluster(input.cluster), instance, false, ctx.now) };
  },
});

export const listContainerInstances = defineOperation({
  name: 'ListContainerInstances',
  input: struct({
    cluster: str(),
    filter: str(),
    nextToken: nextToken(),
    maxResults: maxResults(),
    status: enumOf(['ACTIVE', 'DRAINING', 'REGISTERING', 'DEREGISTERING', 'REGISTRATION_FAILED'] as const),
  }),
  authorize: (input, ctx) => ecsAuth('ListContainerInstances', clusterArnOf(ctx, input.cluster)),
  handle(input, ctx) {
    const ecs = ecsOf(ctx);
    const cluster = ecs.existingCluster(input.cluster);
    const { items, nextToken } = page(ecs.listContainerInstanceArns(cluster, input.status), input.nextToken, input.maxResults, 100);
    return { containerInstanceArns: items, nextToken };
  },
});

export const describeContainerInstances = defineOperation({
  name: 'DescribeContainerInstances',
  input: struct({
    cluster: str(),
    containerInstances: req(list(str(), { max: 100 })),
    include: includeOf(['TAGS', 'CONTAINER_INSTANCE_HEALTH'] as const),
  }),
  authorize: (input, ctx) =>
    input.containerInstances.map((i) =>
      ecsAuth('DescribeContainerInstances', instanceArnOf(ctx, input.cluster, i), clusterArnOf(ctx, input.cluster)),
    ),
  handle(input, ctx) {
    const ecs = ecsOf(ctx);
    const cluster = ecs.existingCluster(input.cluster);
    const withTags = input.include?.includes('TAGS') ?? false;
    const { described, failures } = describeEach(
      input.containerInstances,
      (ref) => ecs.findContainerInstance(cluster, ref),
      (instance) => containerInstanceOutput(ecs, cluster, instance, withTags, ctx.now),
      (ref) => instanceArnOf(ctx, input.cluster, ref),
    );
    return { containerInstances: described, failures };
  },
});

export const updateContainerInstancesStateOperation = defineOperation({
  name: 'UpdateContainerInstancesState',
  input: struct({
    cluster: str(),
    containerInstances: req(list(str(), { max: 10 })),
    status: req(enumOf(['ACTIVE', 'DRAINING', 'REGISTERING', 'DEREGISTERING', 'REGISTRATION_FAILED'] as const)),
  }),
  authorize: (input, ctx) =>
    input.containerInstances.map((i) =>
      ecsAuth('UpdateContainerInstancesState', instanceArnOf(ctx, input.cluster, i), clusterArnOf(ctx, input.cluster)),
    ),
  handle(input, ctx) {
    const ecs = ecsOf(ctx);
    const change = updateContainerInstancesState(ecs, input.cluster, input.containerInstances, input.status, ctx.now);
    const cluster = ecs.activeCluster(input.cluster);
    return {
      containerInstances: change.instances.map((i) => containerInstanceOutput(ecs, cluster, i, false, ctx.now)),
      failures: change.missing.map((ref) => missing(instanceArnOf(ctx, input.cluster, ref))),
    };
  },
});

export const containerInstanceOperations = [
  updateContainerInstancesStateOperation,
  registerContainerInstance,
  deregisterContainerInstance,
  listContainerInstances,
  describeContainerInstances,
];
