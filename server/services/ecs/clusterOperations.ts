import { defineOperation } from '../../operation.js';
import { any, list, req, str, struct } from '../../shapes.js';
import { clusterArnOf, ecsAuth, ecsCaller, ecsOf, page } from './context.js';
import { capacityProviderStrategy, includeOf, keyValuePair, maxResults, nextToken, resourceName, tags } from './fields.js';
import { allClusterIncludes, clusterOutput, describeEach } from './output.js';
import { putCapacityProvidersOf } from '../../../state/ecs/clusterCapacity.js';
import { defaultClusterSettings, mergeClusterSettings, updateCluster, validateClusterSettings } from '../../../state/ecs/clusterSettings.js';
import { enumOf } from '../../shapes.js';

const clusterSetting = () => struct({ name: req(enumOf(['containerInsights'] as const)), value: req(str()) });

export const createCluster = defineOperation({
  name: 'CreateCluster',
  input: struct({
    clusterName: resourceName(),
    tags: tags(),
    settings: list(clusterSetting()),
    configuration: any(),
    capacityProviders: list(str()),
    defaultCapacityProviderStrategy: capacityProviderStrategy(),
    serviceConnectDefaults: struct({ namespace: req(str()) }),
  }),
  authorize: (input, ctx) => ecsAuth('CreateCluster', clusterArnOf(ctx, input.clusterName)),
  handle(input, ctx) {
    if (input.settings) validateClusterSettings(input.settings);
    const ecs = ecsOf(ctx);
    const cluster = ecs.createCluster(
      input.clusterName ?? 'default',
      ctx.now,
      {
        tags: input.tags,
        settings: input.settings ?? defaultClusterSettings(ecs.accountSettings, ctx.principal.arn),
        configuration: input.configuration,
        capacityProviders: input.capacityProviders,
        defaultCapacityProviderStrategy: input.defaultCapacityProviderStrategy,
        serviceConnectDefaults: input.serviceConnectDefaults,
      },
      ecsCaller(ctx),
    );
    return { cluster: clusterOutput(ecs, cluster, ctx.now, allClusterIncludes) };
  },
});

export const deleteCluster = defineOperation({
  name: 'DeleteCluster',
  input: struct({ cluster: req(str()) }),
  authorize: (input, ctx) => ecsAuth('DeleteCluster', clusterArnOf(ctx, input.cluster)),
  handle(input, ctx) {
    const ecs = ecsOf(ctx);
    const cluster = ecs.deleteCluster(input.cluster, ctx.now);
    return { cluster: clusterOutput(ecs, cluster, ctx.now, allClusterIncludes) };
  },
});

export const describeClusters = defineOperation({
  name: 'DescribeClusters',
  input: struct({
    clusters: list(str(), { max: 100 }),
    include: includeOf(['ATTACHMENTS', 'CONFIGURATIONS', 'SETTINGS', 'STATISTICS', 'TAGS'] as const),
  }),
  authorize: (input, ctx) => (input.clusters ?? ['default']).map((c) => ecsAuth('DescribeClusters', clusterArnOf(ctx, c))),
  handle(input, ctx) {
    const ecs = ecsOf(ctx);
    const include = input.include ?? [];
    const { described, failures } = describeEach(
      input.clusters?.length ? input.clusters : ['default'],
      (ref) => ecs.findCluster(ref),
      (cluster) => clusterOutput(ecs, cluster, ctx.now, include),
      (ref) => clusterArnOf(ctx, ref),
    );
    return { clusters: described, failures };
  },
});

export const listClusters = defineOperation({
  name: 'ListClusters',
  input: struct({ nextToken: nextToken(), maxResults: maxResults() }),
  handle(input, ctx) {
    const { items, nextToken } = page(ecsOf(ctx).listClusterArns(), input.nextToken, input.maxResults, 100);
    return { clusterArns: items, nextToken };
  },
});

export const updateClusterOperation = defineOperation({
  name: 'UpdateCluster',
  input: struct({
    cluster: req(str()),
    settings: list(clusterSetting()),
    configuration: any(),
    serviceConnectDefaults: struct({ namespace: req(str()) }),
  }),
  authorize: (input, ctx) => ecsAuth('UpdateCluster', clusterArnOf(ctx, input.cluster)),
  handle(input, ctx) {
    const ecs = ecsOf(ctx);
    const cluster = ecs.activeCluster(input.cluster);
    updateCluster(cluster, input);
    return { cluster: clusterOutput(ecs, cluster, ctx.now, allClusterIncludes) };
  },
});

export const updateClusterSettings = defineOperation({
  name: 'UpdateClusterSettings',
  input: struct({ cluster: req(str()), settings: req(list(clusterSetting())) }),
  authorize: (input, ctx) => ecsAuth('UpdateClusterSettings', clusterArnOf(ctx, input.cluster)),
  handle(input, ctx) {
    const ecs = ecsOf(ctx);
    const cluster = ecs.activeCluster(input.cluster);
    mergeClusterSettings(cluster, input.settings);
    return { cluster: clusterOutput(ecs, cluster, ctx.now, allClusterIncludes) };
  },
});

export const putClusterCapacityProviders = defineOperation({
  name: 'PutClusterCapacityProviders',
  input: struct({
    cluster: req(str()),
    capacityProviders: req(list(str())),
    defaultCapacityProviderStrategy: req(capacityProviderStrategy()),
  }),
  authorize: (input, ctx) => ecsAuth('PutClusterCapacityProviders', clusterArnOf(ctx, input.cluster)),
  handle(input, ctx) {
    const ecs = ecsOf(ctx);
    const cluster = putCapacityProvidersOf(ecs, input.cluster, input.capacityProviders, input.defaultCapacityProviderStrategy, ctx.now);
    return { cluster: clusterOutput(ecs, cluster, ctx.now, allClusterIncludes) };
  },
});

export const clusterOperations = [
  createCluster,
  deleteCluster,
  describeClusters,
  listClusters,
  updateClusterOperation,
  updateClusterSettings,
  putClusterCapacityProviders,
];
