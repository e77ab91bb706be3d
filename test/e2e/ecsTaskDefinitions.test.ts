import {
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  paginateListTaskDefinitions,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, FROZEN_AT, startEmulator, type Emulator } from '../support/emulator.js';

let emu: Emulator;
let ecs: ECSClient;
beforeEach(async () => {
  emu = await startEmulator();
  ecs = emu.ecs('eu-west-1');
});
afterEach(async () => {
  await emu.close();
});

const arn = (family: string, rev: number) => `arn:aws:ecs:eu-west-1:000000000000:task-definition/${family}:${rev}`;
const register = (family: string, extra: Record<string, unknown> = {}) =>
  ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128, portMappings: [{ containerPort: 80 }] }],
      ...extra,
    }),
  );

describe('RegisterTaskDefinition', () => {
  it('numbers revisions per family from 1 and echoes the definition back', async () => {
    const first = await register('web', { networkMode: 'awsvpc', cpu: '256', memory: '512', tags: [{ key: 'k', value: 'v' }] });
    expect(first.taskDefinition).toMatchObject({
      taskDefinitionArn: arn('web', 1),
      family: 'web',
      revision: 1,
      status: 'ACTIVE',
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      compatibilities: ['EC2', 'FARGATE'],
      registeredAt: FROZEN_AT,
      registeredBy: 'arn:aws:iam::000000000000:root',
      containerDefinitions: [
        expect.objectContaining({ name: 'app', image: 'nginx', memory: 128, essential: true, portMappings: [{ containerPort: 80 }] }),
      ],
    });
    expect(first.tags).toEqual([{ key: 'k', value: 'v' }]);
    expect((await register('web')).taskDefinition!.revision).toBe(2);
    expect((await register('api')).taskDefinition!.revision).toBe(1);
  });

  it('refuses container definitions without a name, an image or any memory', async () => {
    let e = await caught(ecs.send(new RegisterTaskDefinitionCommand({ family: 'x', containerDefinitions: [{ image: 'nginx', memory: 1 }] })));
    expect(e.name).toBe('ClientException');
    expect(e.message).toBe('Container.name should not be null or empty.');
    e = await caught(ecs.send(new RegisterTaskDefinitionCommand({ family: 'x', containerDefinitions: [{ name: 'a', memory: 1 }] })));
    expect(e.message).toBe('Container.image should not be null or empty.');
    e = await caught(ecs.send(new RegisterTaskDefinitionCommand({ family: 'x', containerDefinitions: [{ name: 'a', image: 'i' }] })));
    expect(e.message).toBe("Invalid setting for container 'a'. At least one of 'memory' or 'memoryReservation' must be specified.");
    e = await caught(ecs.send(new RegisterTaskDefinitionCommand({ family: 'x', containerDefinitions: [] })));
    expect(e.name).toBe('ClientException');
    expect((await ecs.send(new ListTaskDefinitionsCommand({}))).taskDefinitionArns).toEqual([]);
  });

  it('refuses a family name with characters AWS does not allow', async () => {
    const e = await caught(register('bad family'));
    expect(e.name).toBe('InvalidParameterException');
  });
});

describe('DescribeTaskDefinition', () => {
  it('finds the latest ACTIVE revision by family, a revision by family:revision, or by ARN', async () => {
    await register('web');
    await register('web');
    await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:2' }));
    const latest = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web' }));
    expect(latest.taskDefinition!.revision).toBe(1);
    const byRevision = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:2' }));
    expect(byRevision.taskDefinition!.status).toBe('INACTIVE');
    const byArn = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn('web', 1), include: ['TAGS'] }));
    expect(byArn.taskDefinition!.revision).toBe(1);
    expect(byArn.tags).toEqual([]);
  });

  it('refuses an unknown definition with ClientException', async () => {
    const e = await caught(ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'ghost:1' })));
    expect(e.name).toBe('ClientException');
    expect(e.message).toBe('Unable to describe task definition.');
  });

  it('keeps regions apart', async () => {
    await register('web');
    const e = await caught(emu.ecs('us-east-1').send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web' })));
    expect(e.name).toBe('ClientException');
  });
});

describe('ListTaskDefinitions', () => {
  it('lists ACTIVE revisions by family then revision, filters by prefix and status, sorts and pages', async () => {
    await register('web');
    await register('api');
    await register('web');
    await register('worker');
    await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn('worker', 1) }));
    expect((await ecs.send(new ListTaskDefinitionsCommand({}))).taskDefinitionArns).toEqual([arn('api', 1), arn('web', 1), arn('web', 2)]);
    expect((await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'we' }))).taskDefinitionArns).toEqual([
      arn('web', 1),
      arn('web', 2),
    ]);
    expect((await ecs.send(new ListTaskDefinitionsCommand({ status: 'INACTIVE' }))).taskDefinitionArns).toEqual([arn('worker', 1)]);
    expect((await ecs.send(new ListTaskDefinitionsCommand({ sort: 'DESC' }))).taskDefinitionArns![0]).toBe(arn('web', 2));
    const paged: string[] = [];
    for await (const page of paginateListTaskDefinitions({ client: ecs, pageSize: 1 }, {})) paged.push(...page.taskDefinitionArns!);
    expect(paged).toHaveLength(3);
  });
});

describe('DeregisterTaskDefinition', () => {
  it('marks the revision INACTIVE with the time, and stays idempotent', async () => {
    await register('web');
    emu.clock.advance(1000);
    const { taskDefinition } = await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:1' }));
    expect(taskDefinition).toMatchObject({ status: 'INACTIVE', deregisteredAt: new Date(FROZEN_AT.getTime() + 1000) });
    const again = await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:1' }));
    expect(again.taskDefinition!.status).toBe('INACTIVE');
  });

  it('needs a revision, and refuses an unknown one', async () => {
    await register('web');
    let e = await caught(ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web' })));
    expect(e.name).toBe('InvalidParameterException');
    e = await caught(ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:9' })));
    expect(e.name).toBe('ClientException');
  });
});
