import {
  capacityProviderStatus,
  capacityProviderUpdateStatus,
  type CapacityProvider,
} from '../../../state/ecs/capacityProviders.js';
import { createCapacityProvider, deleteCapacityProvider } from '../../../state/ecs/clusterCapacity.js';
import { defineOperation } from '../../operation.js';
import { any, enumOf, int, list, req, str, struct } from '../../shapes.js';
import { ecsAuth, ecsCaller, ecsOf, page } from './context.js';
import { includeOf, nextToken, tags } from './fields.js';
import { describeEach } from './output.js';

const enabledDisabled = () => enumOf(['ENABLED', 'DISABLED'] as const);
const managedScaling = () =>
  struct({
    status: enabledDisabled(),
    targetCapacity: int({ min: 1, max: 100 }),
    minimumScalingStepSize: int({ min: 1, max: 10000 }),
    maximumScalingStepSize: int({ min: 1, max: 10000 }),
    instanceWarmupPeriod: int({ min: 0, max: 10000 }),
  });

export function capacityProviderOutput(cp: CapacityProvider, now: Date, withTags: boolean) {
  return {
    capacityProviderArn: cp.arn,
    name: cp.name,
    cluster: cp.cluster,
    status: capacityProviderStatus(cp, now),
    autoScalingGroupProvider: cp.autoScalingGroupProvider,
    managedInstancesProvider: cp.managedInstancesProvider,
    updateStatus: capacityProviderUpdateStatus(cp, now),
    updateStatusReason: cp.updateStatusReason,
    tags: withTags ? cp.tags : undefined,
    type: cp.type,
  };
}

export const createCapacityProviderOperation = defineOperation({
  name: 'CreateCapacityProvider',
  input: struct({
    name: req(str()),
    cluster: str(),
    autoScalingGroupProvider: struct({
      autoScalingGroupArn: req(str()),
      managedScaling: managedScaling(),
      managedTerminationProtection: enabledDisabled(),
      managedDraining: enabledDisabled(),
    }),
    managedInstancesProvider: any(),
    tags: tags(),
  }),
  authorize: (input, ctx) => ecsAuth('CreateCapacityProvider', ecsOf(ctx).capacityProviders.arnOf(input.name)),
  handle(input, ctx) {
    const ecs = ecsOf(ctx);
    const cp = createCapacityProvider(
      ecs,
      {
        name: input.name,
        cluster: input.cluster,
        autoScalingGroupProvider: input.autoScalingGroupProvider,
        managedInstancesProvider: input.managedInstancesProvider as Record<string, unknown> | undefined,
        tags: input.tags,
      },
      ctx.now,
      ecsCaller(ctx),
    );
    return { capacityProvider: capacityProviderOutput(cp, ctx.now, true) };
  },
});

export const describeCapacityProviders = defineOperation({
  name: 'DescribeCapacityProviders',
  input: struct({
    capacityProviders: list(str(), { max: 100 }),
    cluster: str(),
    include: includeOf(['TAGS'] as const),
    maxResults: int({ min: 1, max: 10 }),
    nextToken: nextToken(),
  }),
  handle(input, ctx) {
    const ecs = ecsOf(ctx);
    const registry = ecs.capacityProviders;
    const withTags = input.include?.includes('TAGS') ?? false;
    const cluster = input.cluster !== undefined ? ecs.existingCluster(input.cluster).name : undefined;
    const refs = input.capacityProviders?.length ? input.capacityProviders : registry.listed(ctx.now, cluster).map((cp) => cp.arn);
    const { items, nextToken } = page(refs, input.nextToken, input.maxResults, 10);
    const { described, failures } = describeEach(
      items,
      (ref) => registry.find(ref),
      (cp) => capacityProviderOutput(cp, ctx.now, withTags),
      (ref) => (ref.startsWith('arn:') ? ref : registry.arnOf(ref)),
    );
    return { capacityProviders: described, failures, nextToken };
  },
});

export const updateCapacityProvider = defineOperation({
  name: 'UpdateCapacityProvider',
  input: struct({
    name: req(str()),
    cluster: str(),
    autoScalingGroupProvider: struct({
      managedScaling: managedScaling(),
      managedTerminationProtection: enabledDisabled(),
      managedDraining: enabledDisabled(),
    }),
    managedInstancesProvider: any(),
  }),
  authorize: (input, ctx) => ecsAuth('UpdateCapacityProvider', ecsOf(ctx).capacityProviders.arnOf(input.name)),
  handle(input, ctx) {
    const cp = ecsOf(ctx).capacityProviders.update(
      input.name,
      {
        autoScalingGroupProvider: input.autoScalingGroupProvider,
        managedInstancesProvider: input.managedInstancesProvider as Record<string, unknown> | undefined,
      },
      ctx.now,
    );
    return { capacityProvider: capacityProviderOutput(cp, ctx.now, false) };
  },
});

export const deleteCapacityProviderOperation = defineOperation({
  name: 'DeleteCapacityProvider',
  input: struct({ capacityProvider: req(str()), cluster: str() }),
  authorize: (input, ctx) =>
    ecsAuth(
      'DeleteCapacityProvider',
      input.capacityProvider.startsWith('arn:') ? input.capacityProvider : ecsOf(ctx).capacityProviders.arnOf(input.capacityProvider),
    ),
  handle(input, ctx) {
    const cp = deleteCapacityProvider(ecsOf(ctx), input.capacityProvider, ctx.now);
    return { capacityProvider: capacityProviderOutput(cp, ctx.now, false) };
  },
});

export const capacityProviderOperations = [
  createCapacityProviderOperation,
  describeCapacityProviders,
  updateCapacityProvider,
  deleteCapacityProviderOperation,
];
