import { defineOperation } from '../../operation.js';
import { any, list, req, str, struct } from '../../shapes.js';
import { clusterArnOf, ecsAuth, ecsCaller, ecsOf, page } from './context.js';
import { capacityProviderStrategy, includeOf, keyValuePair, maxResults, nextToken, resourceName, tags } from './fields.js';
import { allClusterIncludes, clusterOutput, describeEach } from './output.js';

export const createCluster = defineOperation({
  name: 'CreateCluster',
  input: struct({
    clusterName: resourceName(),
    tags: tags(),
    settings: list(keyValuePair()),
    configuration: any(),
    capacityProviders: list(str()),
    defaultCapacityProviderStrategy: capacityProviderStrategy(),
    serviceConnectDefaults: struct({ namespace: req(str()) }),
  }),
  authorize: (input, ctx) => ecsAuth('CreateCluster', clusterArnOf(ctx, input.clusterName)),
  handle(input, ctx) {
    const ecs = ecsOf(ctx);
    const cluster = ecs.createCluster(
      input.clusterName ?? 'default',
      ctx.now,
      {
        tags: input.tags,
        settings: input.settings,
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

export const clusterOperations = [createCluster, deleteCluster, describeClusters, listClusters];
