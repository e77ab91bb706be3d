import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, startEmulator, type Emulator } from '../support/emulator.js';

let emu: Emulator;
let ecs: ECSClient;
beforeEach(async () => {
  emu = await startEmulator();
  ecs = emu.ecs();
  await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
});
afterEach(async () => {
  await emu.close();
});

const ROLE = 'arn:aws:iam::000000000000:role/ecsServiceRole';
const TARGET = (n: number) => `arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/t${n}/0123456789abcdef`;

async function register(family: string, awsvpc = false) {
  const { taskDefinition } = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      networkMode: awsvpc ? 'awsvpc' : undefined,
      containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128, portMappings: [{ containerPort: 80 }] }],
      tags: [{ key: 'team', value: 'a' }],
    }),
  );
  return taskDefinition!;
}

describe('CreateService with role', () => {
  const refusal = 'You cannot specify an IAM role for services that require a service linked role.';

  it('is refused for awsvpc tasks, service discovery, an external controller or several target groups', async () => {
    await register('vpc', true);
    await register('bridge');
    const lb = (n: number) => ({ targetGroupArn: TARGET(n), containerName: 'app', containerPort: 80 });
    const cases = [
      { taskDefinition: 'vpc', loadBalancers: [lb(1)], networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } } },
      { taskDefinition: 'bridge', loadBalancers: [lb(1)], serviceRegistries: [{ registryArn: 'arn:aws:servicediscovery:us-east-1:000000000000:service/srv-1' }] },
      { taskDefinition: 'bridge', deploymentController: { type: 'EXTERNAL' as const } },
      { taskDefinition: 'bridge', loadBalancers: [lb(1), lb(2)] },
    ];
    for (const [n, c] of cases.entries()) {
      const e = await caught(ecs.send(new CreateServiceCommand({ cluster: 'c1', serviceName: `s${n}`, desiredCount: 0, role: ROLE, ...c })));
      expect([e.name, e.message]).toEqual(['InvalidParameterException', refusal]);
    }
  });

  it('is accepted for a bridge-mode service behind one load balancer, and echoed as roleArn', async () => {
    await register('bridge');
    const { service } = await ecs.send(
      new CreateServiceCommand({
        cluster: 'c1',
        serviceName: 's',
        taskDefinition: 'bridge',
        desiredCount: 0,
        role: ROLE,
        loadBalancers: [{ targetGroupArn: TARGET(1), containerName: 'app', containerPort: 80 }],
      }),
    );
    expect(service!.roleArn).toBe(ROLE);
  });
});

describe('DeleteTaskDefinitions', () => {
  it('moves INACTIVE revisions to DELETE_IN_PROGRESS; they can no longer run', async () => {
    await register('web');
    await register('web');
    await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:1' }));
    const { taskDefinitions, failures } = await ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: ['web:1'] }));
    expect(failures).toEqual([]);
    expect(taskDefinitions![0]).toMatchObject({ family: 'web', revision: 1, status: 'DELETE_IN_PROGRESS' });
    const listed = await ecs.send(new ListTaskDefinitionsCommand({ status: 'DELETE_IN_PROGRESS' }));
    expect(listed.taskDefinitionArns).toEqual(['arn:aws:ecs:us-east-1:000000000000:task-definition/web:1']);
    const e = await caught(ecs.send(new RunTaskCommand({ cluster: 'c1', taskDefinition: 'web:1' })));
    expect(e.name).toBe('ClientException');
    // The family goes on counting revisions.
    expect((await register('web')).revision).toBe(3);
  });

  it('reports ACTIVE and unknown revisions as failures, deleting the rest', async () => {
    await register('web');
    await register('web');
    await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:2' }));
    const { taskDefinitions, failures } = await ecs.send(
      new DeleteTaskDefinitionsCommand({ taskDefinitions: ['web:1', 'web:2', 'ghost:1'] }),
    );
    expect(taskDefinitions!.map((t) => t.revision)).toEqual([2]);
    expect(failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:000000000000:task-definition/web:1', reason: expect.stringMatching(/ACTIVE/) },
      { arn: 'arn:aws:ecs:us-east-1:000000000000:task-definition/ghost:1', reason: 'MISSING' },
    ]);
  });

  it('takes 1 to 10 revisions', async () => {
    const e = await caught(ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: Array.from({ length: 11 }, (_, i) => `web:${i + 1}`) })));
    expect(e.name).toBe('InvalidParameterException');
  });
});

describe('DescribeTaskDefinition include TAGS', () => {
  it('answers the tags only when asked', async () => {
    await register('web');
    const plain = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web' }));
    expect(plain.tags).toBeUndefined();
    const tagged = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web', include: ['TAGS'] }));
    expect(tagged.tags).toEqual([{ key: 'team', value: 'a' }]);
  });
});
