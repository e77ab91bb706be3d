import {
  CreateCapacityProviderCommand,
  CreateClusterCommand,
  DeleteCapacityProviderCommand,
  DeleteClusterCommand,
  DescribeCapacityProvidersCommand,
  DescribeClustersCommand,
  PutClusterCapacityProvidersCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateCapacityProviderCommand,
  UpdateClusterCommand,
  type CapacityProvider,
  type CapacityProviderStrategyItem,
  type Cluster,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../support/emulator.js';

/**
 * Terraform's AWS provider driving linkstack, call for call, as its source does it
 * (hashicorp/terraform-provider-aws):
 * - internal/service/ecs/cluster.go — resourceClusterCreate (CreateCluster, retried while "Unable
 *   to assume the service linked role"; waitClusterAvailable), resourceClusterRead
 *   (findClusterByNameOrARN: DescribeClusters with include TAGS, CONFIGURATIONS, SETTINGS; INACTIVE
 *   is "not found"), resourceClusterUpdate (UpdateCluster with settings/configuration/
 *   serviceConnectDefaults, then waitClusterAvailable; tags through TagResource/UntagResource),
 *   resourceClusterDelete (DeleteCluster retried on ClusterContains{ContainerInstances,Services,
 *   Tasks}/UpdateInProgress; waitClusterDeleted).
 * - internal/service/ecs/cluster_capacity_providers.go — resourceClusterCapacityProvidersPut
 *   (create and update: PutClusterCapacityProviders retried on "Cluster was not ACTIVE",
 *   ResourceInUse and UpdateInProgress; waitClusterAvailable), …Read (DescribeClusters:
 *   capacityProviders, defaultCapacityProviderStrategy), …Delete (Put with empty lists;
 *   ClusterNotFound is fine; waitClusterAvailable).
 * - internal/service/ecs/capacity_provider.go — resourceCapacityProviderCreate
 *   (CreateCapacityProvider with name, autoScalingGroupProvider, tags), …Read
 *   (findCapacityProviderByARN: DescribeCapacityProviders [arn] include TAGS; INACTIVE is "not
 *   found"), …Update (UpdateCapacityProvider retried on UpdateInProgress;
 *   waitCapacityProviderUpdated: UPDATE_IN_PROGRESS → UPDATE_COMPLETE, UPDATE_FAILED is an
 *   error), …Delete (DeleteCapacityProvider, "capacity provider does not exist" is fine;
 *   waitCapacityProviderDeleted: ACTIVE/DEPROVISIONING pending until not found, DELETE_FAILED
 *   fails with its updateStatusReason).
 * The waiters poll on linkstack's frozen clock: each poll advances it by the poll interval.
 * (`ecs-lifecycle` re-enacts aws_ecs_task_definition and aws_ecs_service in its own file.)
 */

let emu: Emulator;
let ecs: ECSClient;
beforeEach(async () => {
  emu = await startEmulator();
  ecs = emu.ecs();
});
afterEach(async () => {
  await emu.close();
});

class NotFound extends Error {}

/** retry.StateChangeConf: refresh until the state is a target ([] = not found), failing on an error. */
async function waitForState<T>(
  refresh: () => Promise<{ value?: T; state: string; error?: string }>,
  pending: string[],
  target: string[],
  everySeconds = 1,
): Promise<T | undefined> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const { value, state, error } = await refresh();
    if (error) throw new Error(error);
    if (target.length === 0 ? state === '' : target.includes(state)) return value;
    if (!pending.includes(state)) throw new Error(`unexpected state '${state}', wanted ${target.join(', ') || 'gone'}`);
    await emu.admin('clock', { advanceSeconds: everySeconds });
  }
  throw new Error('timeout while waiting for state');
}

/** tfresource.RetryWhen…: retry while the error is one Terraform retries. */
async function retryWhen<T>(call: () => Promise<T>, retryable: (e: Error & { name: string }) => boolean): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (attempt >= 10 || !retryable(e as Error & { name: string })) throw e;
      await emu.admin('clock', { advanceSeconds: 5 });
    }
  }
}

// ---- internal/service/ecs/cluster.go ----

async function findClusterByNameOrARN(nameOrArn: string): Promise<Cluster> {
  const { clusters } = await ecs.send(
    new DescribeClustersCommand({ clusters: [nameOrArn], include: ['TAGS', 'CONFIGURATIONS', 'SETTINGS'] }),
  );
  if (clusters?.length !== 1) throw new NotFound(nameOrArn);
  if (clusters[0]!.status === 'INACTIVE') throw new NotFound('INACTIVE');
  return clusters[0]!;
}

const statusCluster = (arn: string) => async () => {
  try {
    const cluster = await findClusterByNameOrARN(arn);
    return { value: cluster, state: cluster.status! };
  } catch (e) {
    if (e instanceof NotFound) return { state: '' };
    throw e;
  }
};
const waitClusterAvailable = (arn: string) => waitForState(statusCluster(arn), ['PROVISIONING'], ['ACTIVE'], 10);
const waitClusterDeleted = (arn: string) => waitForState(statusCluster(arn), ['ACTIVE', 'DEPROVISIONING'], []);

async function resourceClusterCreate(config: { name: string; tags: Record<string, string>; containerInsights?: string }) {
  const { cluster } = await retryWhen(
    () =>
      ecs.send(
        new CreateClusterCommand({
          clusterName: config.name,
          tags: Object.entries(config.tags).map(([key, value]) => ({ key, value })),
          settings: config.containerInsights ? [{ name: 'containerInsights', value: config.containerInsights }] : undefined,
        }),
      ),
    (e) => e.name === 'InvalidParameterException' && e.message.includes('Unable to assume the service linked role'),
  );
  const id = cluster!.clusterArn!;
  await waitClusterAvailable(id);
  return { id, state: await findClusterByNameOrARN(id) };
}

async function resourceClusterUpdate(id: string, config: { containerInsights: string; logging: 'DEFAULT' | 'OVERRIDE' }) {
  await ecs.send(
    new UpdateClusterCommand({
      cluster: id,
      settings: [{ name: 'containerInsights', value: config.containerInsights }],
      configuration: { executeCommandConfiguration: { logging: config.logging } },
    }),
  );
  await waitClusterAvailable(id);
}

async function resourceClusterDelete(id: string) {
  await retryWhen(
    () => ecs.send(new DeleteClusterCommand({ cluster: id })),
    (e) =>
      [
        'ClusterContainsContainerInstancesException',
        'ClusterContainsServicesException',
        'ClusterContainsTasksException',
        'UpdateInProgressException',
      ].includes(e.name),
  );
  await waitClusterDeleted(id);
}

// ---- internal/service/ecs/cluster_capacity_providers.go ----

async function retryClusterCapacityProvidersPut(cluster: string, providers: string[], strategy: CapacityProviderStrategyItem[]) {
  await retryWhen(
    () => ecs.send(new PutClusterCapacityProvidersCommand({ cluster, capacityProviders: providers, defaultCapacityProviderStrategy: strategy })),
    (e) =>
      (e.name === 'ClientException' && e.message.includes('Cluster was not ACTIVE')) ||
      e.name === 'ResourceInUseException' ||
      e.name === 'UpdateInProgressException',
  );
}

async function resourceClusterCapacityProvidersPut(clusterName: string, providers: string[], strategy: CapacityProviderStrategyItem[]) {
  await retryClusterCapacityProvidersPut(clusterName, providers, strategy);
  await waitClusterAvailable(clusterName);
  return resourceClusterCapacityProvidersRead(clusterName);
}

async function resourceClusterCapacityProvidersRead(id: string) {
  const cluster = await findClusterByNameOrARN(id);
  return { capacityProviders: cluster.capacityProviders, defaultCapacityProviderStrategy: cluster.defaultCapacityProviderStrategy };
}

async function resourceClusterCapacityProvidersDelete(id: string) {
  try {
    await retryClusterCapacityProvidersPut(id, [], []);
  } catch (e) {
    if ((e as Error).name === 'ClusterNotFoundException') return;
    throw e;
  }
  await waitClusterAvailable(id);
}

// ---- internal/service/ecs/capacity_provider.go ----

async function findCapacityProviderByARN(arn: string): Promise<CapacityProvider> {
  const { capacityProviders } = await ecs.send(new DescribeCapacityProvidersCommand({ capacityProviders: [arn], include: ['TAGS'] }));
  if (capacityProviders?.length !== 1) throw new NotFound(arn);
  if (capacityProviders[0]!.status === 'INACTIVE') throw new NotFound('INACTIVE');
  return capacityProviders[0]!;
}

async function resourceCapacityProviderCreate(config: { name: string; asgArn: string; tags: Record<string, string> }) {
  const { capacityProvider } = await ecs.send(
    new CreateCapacityProviderCommand({
      name: config.name,
      autoScalingGroupProvider: {
        autoScalingGroupArn: config.asgArn,
        managedScaling: { status: 'ENABLED', targetCapacity: 100, instanceWarmupPeriod: 300 },
        managedTerminationProtection: 'ENABLED',
        managedDraining: 'ENABLED',
      },
      tags: Object.entries(config.tags).map(([key, value]) => ({ key, value })),
    }),
  );
  const id = capacityProvider!.capacityProviderArn!;
  return { id, state: await findCapacityProviderByARN(id) };
}

async function resourceCapacityProviderUpdate(id: string, name: string, targetCapacity: number) {
  await retryWhen(
    () =>
      ecs.send(
        new UpdateCapacityProviderCommand({
          name,
          autoScalingGroupProvider: {
            managedScaling: { status: 'ENABLED', targetCapacity, instanceWarmupPeriod: 300 },
            managedTerminationProtection: 'ENABLED',
            managedDraining: 'ENABLED',
          },
        }),
      ),
    (e) => e.name === 'UpdateInProgressException',
  );
  await waitForState(
    async () => {
      const cp = await findCapacityProviderByARN(id);
      if (cp.updateStatus === 'UPDATE_FAILED') return { value: cp, state: cp.updateStatus, error: cp.updateStatusReason };
      return { value: cp, state: cp.updateStatus! };
    },
    ['UPDATE_IN_PROGRESS'],
    ['UPDATE_COMPLETE'],
  );
  return findCapacityProviderByARN(id);
}

async function resourceCapacityProviderDelete(id: string) {
  try {
    await ecs.send(new DeleteCapacityProviderCommand({ capacityProvider: id }));
  } catch (e) {
    if ((e as Error).name === 'ClientException' && (e as Error).message.includes('capacity provider does not exist')) return;
    throw e;
  }
  await waitForState(
    async () => {
      try {
        const cp = await findCapacityProviderByARN(id);
        if (cp.updateStatus === 'DELETE_FAILED') return { value: cp, state: cp.status!, error: cp.updateStatusReason };
        return { value: cp, state: cp.status! };
      } catch (e) {
        if (e instanceof NotFound) return { state: '' };
        throw e;
      }
    },
    ['ACTIVE', 'DEPROVISIONING'],
    [],
  );
}

const ASG = 'arn:aws:autoscaling:us-east-1:000000000000:autoScalingGroup:0c7f4d9e-0000-4000-8000-000000000000:autoScalingGroupName/ecs-asg';

describe('Terraform: aws_ecs_cluster, aws_ecs_capacity_provider, aws_ecs_cluster_capacity_providers', () => {
  it('apply creates, a second apply updates, destroy removes everything in dependency order', async () => {
    // apply: the cluster and the capacity provider (independent), then the association.
    const cluster = await resourceClusterCreate({ name: 'tf-cluster', tags: { env: 'ci' }, containerInsights: 'enabled' });
    expect(cluster.state).toMatchObject({
      clusterName: 'tf-cluster',
      status: 'ACTIVE',
      tags: [{ key: 'env', value: 'ci' }],
      settings: [{ name: 'containerInsights', value: 'enabled' }],
    });
    const cp = await resourceCapacityProviderCreate({ name: 'tf-asg', asgArn: ASG, tags: { env: 'ci' } });
    expect(cp.state).toMatchObject({ name: 'tf-asg', status: 'ACTIVE', tags: [{ key: 'env', value: 'ci' }] });
    const association = await resourceClusterCapacityProvidersPut(
      'tf-cluster',
      ['FARGATE', 'tf-asg'],
      [{ capacityProvider: 'tf-asg', base: 1, weight: 100 }],
    );
    expect(association).toEqual({
      capacityProviders: ['FARGATE', 'tf-asg'],
      defaultCapacityProviderStrategy: [{ capacityProvider: 'tf-asg', base: 1, weight: 100 }],
    });

    // plan after apply: every read answers what was applied (no diff).
    expect((await findClusterByNameOrARN(cluster.id)).settings).toEqual([{ name: 'containerInsights', value: 'enabled' }]);
    expect((await findCapacityProviderByARN(cp.id)).autoScalingGroupProvider).toMatchObject({
      managedScaling: { status: 'ENABLED', targetCapacity: 100, instanceWarmupPeriod: 300 },
      managedTerminationProtection: 'ENABLED',
    });

    // second apply: change settings, configuration, tags, the provider's scaling and the association.
    await resourceClusterUpdate(cluster.id, { containerInsights: 'disabled', logging: 'OVERRIDE' });
    await ecs.send(new TagResourceCommand({ resourceArn: cluster.id, tags: [{ key: 'owner', value: 'me' }] }));
    await ecs.send(new UntagResourceCommand({ resourceArn: cluster.id, tagKeys: ['env'] }));
    const updated = await findClusterByNameOrARN(cluster.id);
    expect(updated).toMatchObject({
      settings: [{ name: 'containerInsights', value: 'disabled' }],
      configuration: { executeCommandConfiguration: { logging: 'OVERRIDE' } },
      tags: [{ key: 'owner', value: 'me' }],
    });
    const cpUpdated = await resourceCapacityProviderUpdate(cp.id, 'tf-asg', 80);
    expect(cpUpdated.autoScalingGroupProvider!.managedScaling!.targetCapacity).toBe(80);
    expect(
      await resourceClusterCapacityProvidersPut('tf-cluster', ['FARGATE', 'FARGATE_SPOT', 'tf-asg'], [{ capacityProvider: 'tf-asg', weight: 1 }]),
    ).toEqual({
      capacityProviders: ['FARGATE', 'FARGATE_SPOT', 'tf-asg'],
      defaultCapacityProviderStrategy: [{ capacityProvider: 'tf-asg', base: 0, weight: 1 }],
    });

    // destroy: the association first, then the provider and the cluster.
    await resourceClusterCapacityProvidersDelete('tf-cluster');
    expect(await resourceClusterCapacityProvidersRead('tf-cluster')).toEqual({ capacityProviders: [], defaultCapacityProviderStrategy: [] });
    await resourceCapacityProviderDelete(cp.id);
    await expect(findCapacityProviderByARN(cp.id)).rejects.toBeInstanceOf(NotFound);
    await resourceClusterDelete(cluster.id);
    await expect(findClusterByNameOrARN(cluster.id)).rejects.toBeInstanceOf(NotFound);
  });

  it('destroying a provider still associated out of band fails at once with AWS reason (the provider is kept)', async () => {
    const cluster = await resourceClusterCreate({ name: 'tf-cluster', tags: {} });
    const cp = await resourceCapacityProviderCreate({ name: 'tf-asg', asgArn: ASG, tags: {} });
    await ecs.send(
      new PutClusterCapacityProvidersCommand({ cluster: 'tf-cluster', capacityProviders: ['tf-asg'], defaultCapacityProviderStrategy: [] }),
    );
    await expect(resourceCapacityProviderDelete(cp.id)).rejects.toThrow(
      'The capacity provider cannot be deleted because it is associated with cluster: tf-cluster. Remove the capacity provider from the cluster and try again.',
    );
    // The cluster cannot go either until the association does (not one of the errors Terraform retries).
    await expect(resourceClusterDelete(cluster.id)).rejects.toMatchObject({ name: 'ClusterContainsCapacityProviderException' });
    await resourceClusterCapacityProvidersDelete('tf-cluster');
    await resourceCapacityProviderDelete(cp.id);
    await resourceClusterDelete(cluster.id);
  });

  it('a provider deleted out of band is gone from the next refresh; deleting it again is quiet', async () => {
    const cp = await resourceCapacityProviderCreate({ name: 'tf-asg', asgArn: ASG, tags: {} });
    await ecs.send(new DeleteCapacityProviderCommand({ capacityProvider: cp.id }));
    await emu.admin('clock', { advanceSeconds: 5 });
    await expect(findCapacityProviderByARN(cp.id)).rejects.toBeInstanceOf(NotFound);
    await resourceCapacityProviderDelete(cp.id);
  });
});
