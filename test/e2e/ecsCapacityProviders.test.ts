import {
  CreateCapacityProviderCommand,
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteCapacityProviderCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DescribeCapacityProvidersCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  ListTagsForResourceCommand,
  PutClusterCapacityProvidersCommand,
  RegisterContainerInstanceCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  TagResourceCommand,
  UpdateCapacityProviderCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { DeleteServiceLinkedRoleCommand, GetRoleCommand, GetServiceLinkedRoleDeletionStatusCommand } from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CAPACITY_PROVIDER_DEPROVISIONING_MS } from '../../state/ecs/capacityProviders.js';
import { caught, startEmulator, TASK_SECONDS, type Emulator } from '../support/emulator.js';

let emu: Emulator;
let ecs: ECSClient;
beforeEach(async () => {
  emu = await startEmulator();
  ecs = emu.ecs();
});
afterEach(async () => {
  await emu.close();
});

const ACCOUNT = '000000000000';
const cpArn = (name: string) => `arn:aws:ecs:us-east-1:${ACCOUNT}:capacity-provider/${name}`;
const asgArn = (name: string) =>
  `arn:aws:autoscaling:us-east-1:${ACCOUNT}:autoScalingGroup:6a6b4f4b-0000-4000-8000-000000000000:autoScalingGroupName/${name}`;

async function createAsgProvider(name: string, asg = name, extra: Record<string, unknown> = {}) {
  const { capacityProvider } = await ecs.send(
    new CreateCapacityProviderCommand({ name, autoScalingGroupProvider: { autoScalingGroupArn: asgArn(asg), ...extra } }),
  );
  return capacityProvider!;
}

async function advance(ms: number) {
  await emu.admin('clock', { advanceSeconds: ms / 1000 });
}

/** A container instance whose capacity belongs to a provider (the `linkstack.capacity-provider` attribute). */
async function registerInstance(cluster: string, provider?: string) {
  const { containerInstance } = await ecs.send(
    new RegisterContainerInstanceCommand({
      cluster,
      attributes: provider ? [{ name: 'linkstack.capacity-provider', value: provider }] : undefined,
    }),
  );
  return containerInstance!;
}

async function registerWeb() {
  await ecs.send(
    new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }] }),
  );
}

describe('CreateCapacityProvider', () => {
  it('creates an Auto Scaling group provider with AWS defaults for managed scaling, termination protection and draining', async () => {
    const cp = await createAsgProvider('asg-cp');
    expect(cp).toEqual({
      capacityProviderArn: cpArn('asg-cp'),
      name: 'asg-cp',
      status: 'ACTIVE',
      type: 'EC2_AUTOSCALING',
      updateStatus: 'CREATE_COMPLETE',
      tags: [],
      autoScalingGroupProvider: {
        autoScalingGroupArn: asgArn('asg-cp'),
        managedScaling: {
          status: 'DISABLED',
          targetCapacity: 100,
          minimumScalingStepSize: 1,
          maximumScalingStepSize: 10000,
          instanceWarmupPeriod: 300,
        },
        managedTerminationProtection: 'DISABLED',
        managedDraining: 'ENABLED',
      },
    });
  });

  it('keeps managed scaling and managed termination protection as given', async () => {
    const cp = await createAsgProvider('managed', 'managed', {
      managedScaling: { status: 'ENABLED', targetCapacity: 80, maximumScalingStepSize: 5 },
      managedTerminationProtection: 'ENABLED',
    });
    expect(cp.autoScalingGroupProvider).toMatchObject({
      managedScaling: { status: 'ENABLED', targetCapacity: 80, minimumScalingStepSize: 1, maximumScalingStepSize: 5 },
      managedTerminationProtection: 'ENABLED',
    });
  });

  it('creates AWSServiceRoleForECS when the account has none, as CreateCluster does', async () => {
    const before = await caught(emu.iam().send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' })));
    expect(before.name).toBe('NoSuchEntityException');
    await createAsgProvider('first');
    const { Role } = await emu.iam().send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
    expect(Role!.Path).toBe('/aws-service-role/ecs.amazonaws.com/');
  });

  it('a refused create leaves the account without the role', async () => {
    await caught(ecs.send(new CreateCapacityProviderCommand({ name: 'awsBad', autoScalingGroupProvider: { autoScalingGroupArn: asgArn('x') } })));
    const e = await caught(emu.iam().send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' })));
    expect(e.name).toBe('NoSuchEntityException');
  });

  it('refuses a name that exists, with AWS text', async () => {
    await createAsgProvider('dup', 'g1');
    const e = await caught(createAsgProvider('dup', 'g2'));
    expect(e.name).toBe('ClientException');
    expect(e.message).toBe(
      'The specified capacity provider already exists. To change the configuration of an existing capacity provider, update the capacity provider.',
    );
  });

  it('refuses an Auto Scaling group that another provider uses, with AWS text', async () => {
    await createAsgProvider('one', 'shared');
    const e = await caught(createAsgProvider('two', 'shared'));
    expect(e.name).toBe('ClientException');
    expect(e.message).toBe(
      'The specified Auto Scaling group ARN is already being used by another capacity provider. Specify a unique Auto Scaling group ARN and try again.',
    );
  });

  it('refuses names that begin with aws, ecs or fargate', async () => {
    for (const name of ['aws-x', 'ecsProvider', 'fargate2']) {
      const e = await caught(createAsgProvider(name, `g-${name}`));
      expect(e.name).toBe('ClientException');
    }
  });

  it('refuses managed termination protection without managed scaling', async () => {
    const e = await caught(createAsgProvider('mtp', 'mtp', { managedTerminationProtection: 'ENABLED' }));
    expect(e.name).toBe('ClientException');
    expect(e.message).toMatch(/managed termination protection/);
  });

  it('validates managed scaling against the model limits', async () => {
    const e = await caught(createAsgProvider('big', 'big', { managedScaling: { targetCapacity: 101 } }));
    expect(e.name).toBe('InvalidParameterException');
    expect(e.message).toMatch(/targetCapacity/);
  });

  it('refuses a provider with no configuration', async () => {
    const e = await caught(ecs.send(new CreateCapacityProviderCommand({ name: 'empty' })));
    expect(e.name).toBe('ClientException');
  });

  it('attaches a Managed Instances provider to the cluster it names (cluster-scoped)', async () => {
    await ecs.send(new CreateClusterCommand({ clusterName: 'mi' }));
    const { capacityProvider } = await ecs.send(
      new CreateCapacityProviderCommand({
        name: 'mi-cp',
        cluster: 'mi',
        managedInstancesProvider: {
          infrastructureRoleArn: `arn:aws:iam::${ACCOUNT}:role/infra`,
          instanceLaunchTemplate: {
            ec2InstanceProfileArn: `arn:aws:iam::${ACCOUNT}:instance-profile/ecs`,
            networkConfiguration: { subnets: ['subnet-1'] },
          },
        },
      }),
    );
    expect(capacityProvider).toMatchObject({ type: 'MANAGED_INSTANCES', cluster: 'mi', status: 'ACTIVE' });
    const { clusters } = await ecs.send(new DescribeClustersCommand({ clusters: ['mi'] }));
    expect(clusters![0]!.capacityProviders).toEqual(['mi-cp']);
    // Cluster-scoped providers are listed only for their cluster.
    const all = await ecs.send(new DescribeCapacityProvidersCommand({}));
    expect(all.capacityProviders!.map((c) => c.name)).toEqual(['FARGATE', 'FARGATE_SPOT']);
    const scoped = await ecs.send(new DescribeCapacityProvidersCommand({ cluster: 'mi' }));
    expect(scoped.capacityProviders!.map((c) => c.name)).toEqual(['mi-cp']);
    const e = await caught(ecs.send(new DeleteClusterCommand({ cluster: 'mi' })));
    expect(e.name).toBe('ClusterContainsCapacityProviderException');
    expect(e.message).toBe('The Cluster cannot be deleted while Cluster Scoped Capacity Providers are attached to the cluster.');
  });
});

describe('DescribeCapacityProviders', () => {
  it('lists AWS Fargate providers first, then the account providers in creation order', async () => {
    await createAsgProvider('b');
    await createAsgProvider('a');
    const { capacityProviders, failures } = await ecs.send(new DescribeCapacityProvidersCommand({}));
    expect(capacityProviders!.map((c) => [c.name, c.type, c.status])).toEqual([
      ['FARGATE', 'FARGATE', 'ACTIVE'],
      ['FARGATE_SPOT', 'FARGATE_SPOT', 'ACTIVE'],
      ['b', 'EC2_AUTOSCALING', 'ACTIVE'],
      ['a', 'EC2_AUTOSCALING', 'ACTIVE'],
    ]);
    expect(failures).toEqual([]);
  });

  it('describes by name or ARN and reports unknown ones as MISSING failures', async () => {
    await createAsgProvider('known');
    const { capacityProviders, failures } = await ecs.send(
      new DescribeCapacityProvidersCommand({ capacityProviders: ['known', cpArn('FARGATE'), 'nope'] }),
    );
    expect(capacityProviders!.map((c) => c.name)).toEqual(['known', 'FARGATE']);
    expect(failures).toEqual([{ arn: cpArn('nope'), reason: 'MISSING' }]);
  });

  it('includes tags only when asked', async () => {
    await ecs.send(
      new CreateCapacityProviderCommand({
        name: 'tagged',
        autoScalingGroupProvider: { autoScalingGroupArn: asgArn('tagged') },
        tags: [{ key: 'team', value: 'a' }],
      }),
    );
    const plain = await ecs.send(new DescribeCapacityProvidersCommand({ capacityProviders: ['tagged'] }));
    expect(plain.capacityProviders![0]!.tags).toBeUndefined();
    const withTags = await ecs.send(new DescribeCapacityProvidersCommand({ capacityProviders: ['tagged'], include: ['TAGS'] }));
    expect(withTags.capacityProviders![0]!.tags).toEqual([{ key: 'team', value: 'a' }]);
  });

  it('pages by maxResults (1–10, default 10) and nextToken', async () => {
    for (let i = 0; i < 12; i++) await createAsgProvider(`p${i}`);
    const first = await ecs.send(new DescribeCapacityProvidersCommand({}));
    expect(first.capacityProviders).toHaveLength(10);
    expect(first.nextToken).toBeDefined();
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ecs.send(new DescribeCapacityProvidersCommand({ maxResults: 3, nextToken }));
      expect(page.capacityProviders!.length).toBeLessThanOrEqual(3);
      names.push(...page.capacityProviders!.map((c) => c.name!));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(names).toHaveLength(14);
    expect(new Set(names).size).toBe(14);
    const e = await caught(ecs.send(new DescribeCapacityProvidersCommand({ maxResults: 11 })));
    expect(e.name).toBe('InvalidParameterException');
  });

  it('is tagged and untagged by ARN like other ECS resources', async () => {
    await createAsgProvider('t');
    await ecs.send(new TagResourceCommand({ resourceArn: cpArn('t'), tags: [{ key: 'k', value: 'v' }] }));
    const { tags } = await ecs.send(new ListTagsForResourceCommand({ resourceArn: cpArn('t') }));
    expect(tags).toEqual([{ key: 'k', value: 'v' }]);
  });
});

describe('UpdateCapacityProvider', () => {
  it('changes managed scaling, termination protection and draining, keeping the Auto Scaling group', async () => {
    await createAsgProvider('u');
    const { capacityProvider } = await ecs.send(
      new UpdateCapacityProviderCommand({
        name: 'u',
        autoScalingGroupProvider: {
          managedScaling: { status: 'ENABLED', targetCapacity: 90 },
          managedTerminationProtection: 'ENABLED',
          managedDraining: 'DISABLED',
        },
      }),
    );
    expect(capacityProvider).toMatchObject({
      updateStatus: 'UPDATE_COMPLETE',
      autoScalingGroupProvider: {
        autoScalingGroupArn: asgArn('u'),
        managedScaling: { status: 'ENABLED', targetCapacity: 90, instanceWarmupPeriod: 300 },
        managedTerminationProtection: 'ENABLED',
        managedDraining: 'DISABLED',
      },
    });
  });

  it('refuses unknown providers and the Fargate ones', async () => {
    const unknown = await caught(ecs.send(new UpdateCapacityProviderCommand({ name: 'nope', autoScalingGroupProvider: {} })));
    expect(unknown.name).toBe('ClientException');
    expect(unknown.message).toBe('The specified capacity provider does not exist. Specify a valid name or ARN and try again.');
    const fargate = await caught(ecs.send(new UpdateCapacityProviderCommand({ name: 'FARGATE', autoScalingGroupProvider: {} })));
    expect(fargate.name).toBe('ClientException');
  });
});

describe('DeleteCapacityProvider', () => {
  it('deprovisions on the clock: DEPROVISIONING, then INACTIVE and gone from the list; the name is free again', async () => {
    await createAsgProvider('gone');
    const { capacityProvider } = await ecs.send(new DeleteCapacityProviderCommand({ capacityProvider: 'gone' }));
    expect(capacityProvider).toMatchObject({ status: 'DEPROVISIONING', updateStatus: 'DELETE_IN_PROGRESS' });
    await advance(CAPACITY_PROVIDER_DEPROVISIONING_MS);
    const { capacityProviders } = await ecs.send(new DescribeCapacityProvidersCommand({ capacityProviders: ['gone'] }));
    expect(capacityProviders![0]).toMatchObject({ status: 'INACTIVE', updateStatus: 'DELETE_COMPLETE' });
    const listed = await ecs.send(new DescribeCapacityProvidersCommand({}));
    expect(listed.capacityProviders!.map((c) => c.name)).not.toContain('gone');
    await createAsgProvider('gone');
  });

  it('is refused while associated with a cluster: DELETE_FAILED with AWS reason, still ACTIVE', async () => {
    await createAsgProvider('held');
    await ecs.send(new CreateClusterCommand({ clusterName: 'c1', capacityProviders: ['held'] }));
    const { capacityProvider } = await ecs.send(new DeleteCapacityProviderCommand({ capacityProvider: cpArn('held') }));
    expect(capacityProvider).toMatchObject({
      status: 'ACTIVE',
      updateStatus: 'DELETE_FAILED',
      updateStatusReason:
        'The capacity provider cannot be deleted because it is associated with cluster: c1. Remove the capacity provider from the cluster and try again.',
    });
    await advance(60_000);
    const { capacityProviders } = await ecs.send(new DescribeCapacityProvidersCommand({ capacityProviders: ['held'] }));
    expect(capacityProviders![0]).toMatchObject({ status: 'ACTIVE', updateStatus: 'DELETE_FAILED' });
  });

  it('refuses unknown providers with AWS text and the reserved Fargate ones', async () => {
    const e = await caught(ecs.send(new DeleteCapacityProviderCommand({ capacityProvider: 'nope' })));
    expect(e.name).toBe('ClientException');
    expect(e.message).toBe('The specified capacity provider does not exist. Specify a valid name or ARN and try again.');
    const f = await caught(ecs.send(new DeleteCapacityProviderCommand({ capacityProvider: 'FARGATE_SPOT' })));
    expect(f.name).toBe('ClientException');
  });
});

describe('PutClusterCapacityProviders', () => {
  beforeEach(async () => {
    await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
  });

  it('associates Fargate and custom providers with a default strategy, as DescribeClusters shows', async () => {
    await createAsgProvider('asg');
    const { cluster } = await ecs.send(
      new PutClusterCapacityProvidersCommand({
        cluster: 'c1',
        capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
        defaultCapacityProviderStrategy: [
          { capacityProvider: 'FARGATE', base: 1, weight: 1 },
          { capacityProvider: 'FARGATE_SPOT', weight: 3 },
        ],
      }),
    );
    expect(cluster!.capacityProviders).toEqual(['FARGATE', 'FARGATE_SPOT']);
    expect(cluster!.defaultCapacityProviderStrategy).toEqual([
      { capacityProvider: 'FARGATE', base: 1, weight: 1 },
      { capacityProvider: 'FARGATE_SPOT', base: 0, weight: 3 },
    ]);
    await ecs.send(
      new PutClusterCapacityProvidersCommand({
        cluster: 'c1',
        capacityProviders: ['asg'],
        defaultCapacityProviderStrategy: [{ capacityProvider: 'asg', weight: 1 }],
      }),
    );
    const { clusters } = await ecs.send(new DescribeClustersCommand({ clusters: ['c1'], include: ['ATTACHMENTS'] }));
    expect(clusters![0]).toMatchObject({
      capacityProviders: ['asg'],
      attachmentsStatus: 'UPDATE_COMPLETE',
      attachments: [
        {
          type: 'as_policy',
          details: [
            { name: 'capacityProviderName', value: 'asg' },
            { name: 'scalingPolicyName', value: expect.stringMatching(/^ECSManagedAutoScalingPolicy-/) },
          ],
        },
      ],
    });
  });

  it('needs all three members', async () => {
    const e = await caught(ecs.send(new PutClusterCapacityProvidersCommand({ cluster: 'c1', capacityProviders: ['FARGATE'] } as any)));
    expect(e.name).toBe('InvalidParameterException');
    expect(e.message).toMatch(/defaultCapacityProviderStrategy/);
  });

  it('refuses a strategy naming a provider the cluster does not have, with AWS text', async () => {
    const e = await caught(
      ecs.send(
        new PutClusterCapacityProvidersCommand({
          cluster: 'c1',
          capacityProviders: ['FARGATE'],
          defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
        }),
      ),
    );
    expect(e.name).toBe('InvalidParameterException');
    expect(e.message).toBe(
      'The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again.',
    );
  });

  it('refuses unknown providers, strategies with two bases, and mixes of Fargate and Auto Scaling providers', async () => {
    await createAsgProvider('asg');
    const unknown = await caught(
      ecs.send(new PutClusterCapacityProvidersCommand({ cluster: 'c1', capacityProviders: ['ghost'], defaultCapacityProviderStrategy: [] })),
    );
    expect(unknown.name).toBe('InvalidParameterException');
    const bases = await caught(
      ecs.send(
        new PutClusterCapacityProvidersCommand({
          cluster: 'c1',
          capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
          defaultCapacityProviderStrategy: [
            { capacityProvider: 'FARGATE', base: 1, weight: 1 },
            { capacityProvider: 'FARGATE_SPOT', base: 1, weight: 1 },
          ],
        }),
      ),
    );
    expect(bases.name).toBe('InvalidParameterException');
    const mixed = await caught(
      ecs.send(
        new PutClusterCapacityProvidersCommand({
          cluster: 'c1',
          capacityProviders: ['FARGATE', 'asg'],
          defaultCapacityProviderStrategy: [
            { capacityProvider: 'FARGATE', weight: 1 },
            { capacityProvider: 'asg', weight: 1 },
          ],
        }),
      ),
    );
    expect(mixed.name).toBe('InvalidParameterException');
    const { clusters } = await ecs.send(new DescribeClustersCommand({ clusters: ['c1'] }));
    expect(clusters![0]!.capacityProviders).toEqual([]);
  });

  it('refuses more than 20 providers per cluster', async () => {
    for (let i = 0; i < 21; i++) await createAsgProvider(`p${i}`);
    const e = await caught(
      ecs.send(
        new PutClusterCapacityProvidersCommand({
          cluster: 'c1',
          capacityProviders: Array.from({ length: 21 }, (_, i) => `p${i}`),
          defaultCapacityProviderStrategy: [],
        }),
      ),
    );
    expect(e.name).toBe('InvalidParameterException');
    expect(e.message).toBe('The maximum number of capacity providers per cluster has been exceeded.');
  });

  it('refuses to remove a provider that services or tasks use (ResourceInUseException), and allows it once they are gone', async () => {
    await ecs.send(
      new PutClusterCapacityProvidersCommand({
        cluster: 'c1',
        capacityProviders: ['FARGATE'],
        defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
      }),
    );
    await registerWeb();
    await ecs.send(new CreateServiceCommand({ cluster: 'c1', serviceName: 's', taskDefinition: 'web', desiredCount: 1 }));
    const detach = () =>
      ecs.send(new PutClusterCapacityProvidersCommand({ cluster: 'c1', capacityProviders: [], defaultCapacityProviderStrategy: [] }));
    const e = await caught(detach());
    expect(e.name).toBe('ResourceInUseException');
    expect(e.message).toBe('The specified capacity provider is in use and cannot be removed.');
    await ecs.send(new DeleteServiceCommand({ cluster: 'c1', service: 's', force: true }));
    await advance(60_000);
    await detach();
  });

  it('refuses an unknown cluster', async () => {
    const e = await caught(
      ecs.send(new PutClusterCapacityProvidersCommand({ cluster: 'nope', capacityProviders: [], defaultCapacityProviderStrategy: [] })),
    );
    expect(e.name).toBe('ClusterNotFoundException');
  });
});

describe('DeleteCluster with capacity providers', () => {
  it('is refused with ClusterContainsCapacityProviderException while a custom provider is attached; Fargate ones do not block', async () => {
    await createAsgProvider('asg');
    await ecs.send(new CreateClusterCommand({ clusterName: 'c1', capacityProviders: ['asg', 'FARGATE'] }));
    const e = await caught(ecs.send(new DeleteClusterCommand({ cluster: 'c1' })));
    expect(e.name).toBe('ClusterContainsCapacityProviderException');
    expect(e.message).toBe('The Cluster cannot be deleted while Capacity Providers are attached to the cluster.');
    await ecs.send(
      new PutClusterCapacityProvidersCommand({
        cluster: 'c1',
        capacityProviders: ['FARGATE'],
        defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
      }),
    );
    const { cluster } = await ecs.send(new DeleteClusterCommand({ cluster: 'c1' }));
    expect(cluster).toMatchObject({ status: 'INACTIVE', capacityProviders: [] });
    // Detached, the provider can now be deleted.
    const { capacityProvider } = await ecs.send(new DeleteCapacityProviderCommand({ capacityProvider: 'asg' }));
    expect(capacityProvider!.updateStatus).toBe('DELETE_IN_PROGRESS');
  });
});

describe('Placement by capacity provider strategy', () => {
  beforeEach(async () => {
    await registerWeb();
  });

  it('RunTask with a Fargate strategy honours base, then weight, and names each task capacityProviderName', async () => {
    await ecs.send(new CreateClusterCommand({ clusterName: 'c1', capacityProviders: ['FARGATE', 'FARGATE_SPOT'] }));
    const { tasks } = await ecs.send(
      new RunTaskCommand({
        cluster: 'c1',
        taskDefinition: 'web',
        count: 6,
        capacityProviderStrategy: [
          { capacityProvider: 'FARGATE', base: 2, weight: 1 },
          { capacityProvider: 'FARGATE_SPOT', weight: 3 },
        ],
      }),
    );
    const names = tasks!.map((t) => t.capacityProviderName);
    expect(names.filter((n) => n === 'FARGATE')).toHaveLength(3);
    expect(names.filter((n) => n === 'FARGATE_SPOT')).toHaveLength(3);
    expect(names.slice(0, 2)).toEqual(['FARGATE', 'FARGATE']);
    expect(tasks!.every((t) => t.launchType === 'FARGATE' && t.containerInstanceArn === undefined)).toBe(true);
  });

  it('uses the cluster default strategy when neither a launch type nor a strategy is given; a launch type bypasses it', async () => {
    await ecs.send(
      new CreateClusterCommand({
        clusterName: 'c1',
        capacityProviders: ['FARGATE_SPOT'],
        defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      }),
    );
    const byDefault = await ecs.send(new RunTaskCommand({ cluster: 'c1', taskDefinition: 'web' }));
    expect(byDefault.tasks![0]!.capacityProviderName).toBe('FARGATE_SPOT');
    const byLaunchType = await ecs.send(new RunTaskCommand({ cluster: 'c1', taskDefinition: 'web', launchType: 'FARGATE' }));
    expect(byLaunchType.tasks![0]!.capacityProviderName).toBeUndefined();
  });

  it('runs an Auto Scaling group provider tasks as EC2 on the instances that belong to it, least loaded first', async () => {
    await createAsgProvider('asg');
    await ecs.send(new CreateClusterCommand({ clusterName: 'c1', capacityProviders: ['asg'] }));
    const other = await registerInstance('c1');
    const a = await registerInstance('c1', 'asg');
    const b = await registerInstance('c1', 'asg');
    expect(a.capacityProviderName).toBe('asg');
    const { tasks } = await ecs.send(
      new RunTaskCommand({ cluster: 'c1', taskDefinition: 'web', count: 4, capacityProviderStrategy: [{ capacityProvider: 'asg', weight: 1 }] }),
    );
    const on = tasks!.map((t) => t.containerInstanceArn);
    expect(on.filter((i) => i === a.containerInstanceArn)).toHaveLength(2);
    expect(on.filter((i) => i === b.containerInstanceArn)).toHaveLength(2);
    expect(on).not.toContain(other.containerInstanceArn);
    expect(tasks!.every((t) => t.launchType === 'EC2' && t.capacityProviderName === 'asg')).toBe(true);
  });

  it('refuses RunTask when the provider has no ACTIVE instance, starting nothing', async () => {
    await createAsgProvider('asg');
    await ecs.send(new CreateClusterCommand({ clusterName: 'c1', capacityProviders: ['asg'] }));
    const e = await caught(
      ecs.send(new RunTaskCommand({ cluster: 'c1', taskDefinition: 'web', capacityProviderStrategy: [{ capacityProvider: 'asg', weight: 1 }] })),
    );
    expect(e.name).toBe('InvalidParameterException');
    const { clusters } = await ecs.send(new DescribeClustersCommand({ clusters: ['c1'] }));
    expect(clusters![0]!.runningTasksCount).toBe(0);
  });

  it('refuses a strategy together with a launch type, and one naming a provider the cluster lacks', async () => {
    await ecs.send(new CreateClusterCommand({ clusterName: 'c1', capacityProviders: ['FARGATE'] }));
    const both = await caught(
      ecs.send(
        new RunTaskCommand({
          cluster: 'c1',
          taskDefinition: 'web',
          launchType: 'FARGATE',
          capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
        }),
      ),
    );
    expect(both.name).toBe('InvalidParameterException');
    const lacking = await caught(
      ecs.send(
        new CreateServiceCommand({
          cluster: 'c1',
          serviceName: 's',
          taskDefinition: 'web',
          desiredCount: 1,
          capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
        }),
      ),
    );
    expect(lacking.message).toMatch(/not associated with the cluster/);
  });

  it('a service takes the cluster default strategy and spreads its tasks by it', async () => {
    await ecs.send(
      new CreateClusterCommand({
        clusterName: 'c1',
        capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
        defaultCapacityProviderStrategy: [
          { capacityProvider: 'FARGATE', weight: 1 },
          { capacityProvider: 'FARGATE_SPOT', weight: 1 },
        ],
      }),
    );
    const { service } = await ecs.send(new CreateServiceCommand({ cluster: 'c1', serviceName: 's', taskDefinition: 'web', desiredCount: 4 }));
    expect(service!.launchType).toBeUndefined();
    expect(service!.capacityProviderStrategy).toEqual([
      { capacityProvider: 'FARGATE', weight: 1, base: 0 },
      { capacityProvider: 'FARGATE_SPOT', weight: 1, base: 0 },
    ]);
    await emu.passTime(TASK_SECONDS); // the deployment places the tasks, which start
    const { clusters } = await ecs.send(new DescribeClustersCommand({ clusters: ['c1'], include: ['STATISTICS'] }));
    const stat = (name: string) => clusters![0]!.statistics!.find((s) => s.name === name)?.value;
    expect(stat('runningFargateTasksCount')).toBe('4');
    const described = await ecs.send(new DescribeServicesCommand({ cluster: 'c1', services: ['s'] }));
    expect(described.services![0]!.capacityProviderStrategy).toHaveLength(2);
  });
});

describe('The service-linked role and capacity providers', () => {
  it('an attached Auto Scaling group provider is reported as using the role, after its cluster', async () => {
    await emu.admin('config', { deletion: { startDelayMs: 0, durationMs: 1000 } }, 'PUT');
    await createAsgProvider('asg');
    await ecs.send(new CreateClusterCommand({ clusterName: 'c1', capacityProviders: ['asg'] }));
    const { DeletionTaskId } = await emu.iam().send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
    await advance(1000);
    const status = await emu.iam().send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }));
    expect(status.Status).toBe('FAILED');
    expect(status.Reason!.RoleUsageList).toEqual([
      { Region: 'us-east-1', Resources: ['arn:aws:ecs:us-east-1:000000000000:cluster/c1', cpArn('asg')] },
    ]);
  });

  it('an unattached provider does not keep the role in use', async () => {
    await emu.admin('config', { deletion: { startDelayMs: 0, durationMs: 1000 } }, 'PUT');
    await createAsgProvider('asg');
    const { DeletionTaskId } = await emu.iam().send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
    await advance(1000);
    const status = await emu.iam().send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }));
    expect(status.Status).toBe('SUCCEEDED');
  });
});
