import { defineOperation } from '../../operation.js';
import { any, list, req, str, struct } from '../../shapes.js';
import { clusterArnOf, ecsAuth, ecsOf, page } from './context.js';
import { capacityProviderStrategy, includeOf, keyValuePair, maxResults, nextToken, resourceName, tags } from './fields.js';
import { allClusterIncludes, clusterOutput, missing } from './output.js';
import { ensureEcsServiceLinkedRole } from './serviceLinkedRole.js';

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
    ensureEcsServiceLinkedRole(ctx);
    const ecs = ecsOf(ctx);
    const cluster = ecs.createCluster(input.clusterName ?? 'default', ctx.now, {
      tags: input.tags,
      settings: input.settings,
      configuration: input.configuration,
      capacityProviders: input.capacityProviders,
      defaultCapacityProviderStrategy: input.defaultCapacityProviderStrategy,
      serviceConnectDefaults: input.serviceConnectDefaults,
    });
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
    const clusters = [];
    const failures = [];
    for (const ref of input.clusters?.length ? input.clusters : ['default']) {
      const cluster = ecs.findCluster(ref);
      if (cluster) clusters.push(clusterOutput(ecs, cluster, ctx.now, include));
      else failures.push(missing(clusterArnOf(ctx, ref)));
    }
    return { clusters, failures };
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
