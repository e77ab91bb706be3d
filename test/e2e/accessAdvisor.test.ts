import {
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsCommand,
  PutRolePolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  ExecuteCommandCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runExecutableTask } from '../support/ecsFixtures.js';
import { caught, FROZEN_AT, startEmulator, type Emulator } from '../support/emulator.js';

let emu: Emulator;
let iam: IAMClient;
beforeEach(async () => {
  emu = await startEmulator();
  iam = emu.iam('eu-west-1');
});
afterEach(async () => {
  await emu.close();
});

const ECS_ROLE_ARN = 'arn:aws:iam::000000000000:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS';

async function advance(seconds: number) {
  await emu.admin('clock', { advanceSeconds: seconds });
}

async function generate(arn: string, granularity?: 'SERVICE_LEVEL' | 'ACTION_LEVEL') {
  const { JobId } = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn, Granularity: granularity }));
  return JobId!;
}
const details = (JobId: string, extra: { MaxItems?: number; Marker?: string } = {}) =>
  iam.send(new GetServiceLastAccessedDetailsCommand({ JobId, ...extra }));

describe('GenerateServiceLastAccessedDetails', () => {
  it('returns a 36-character JobId for the ECS service-linked role', async () => {
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    const jobId = await generate(ECS_ROLE_ARN);
    expect(jobId).toHaveLength(36);
  });

  it('answers InvalidInput for text that is not an IAM ARN', async () => {
    const e = await caught(generate('arn:aws:s3:::my-bucket-name'));
    expect(e.name).toBe('InvalidInputException');
    expect(e.message).toBe('ARN arn:aws:s3:::my-bucket-name is not valid.');
  });

  it('answers NoSuchEntity for a role that does not exist', async () => {
    const e = await caught(generate(ECS_ROLE_ARN));
    expect(e.name).toBe('NoSuchEntityException');
    expect(e.$metadata.httpStatusCode).toBe(404);
  });
});

describe('GetServiceLastAccessedDetails', () => {
  beforeEach(async () => {
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
  });

  it('is IN_PROGRESS at first, then COMPLETED with every service the ECS role policy allows', async () => {
    const jobId = await generate(ECS_ROLE_ARN);
    const running = await details(jobId);
    expect(running).toMatchObject({ JobStatus: 'IN_PROGRESS', JobType: 'SERVICE_LEVEL', JobCreationDate: FROZEN_AT });
    expect(running.ServicesLastAccessed).toEqual([]);
    expect(running.JobCompletionDate).toBeUndefined();

    await advance(1);
    const done = await details(jobId);
    expect(done).toMatchObject({
      JobStatus: 'COMPLETED',
      JobCompletionDate: new Date(FROZEN_AT.getTime() + 1000),
      IsTruncated: false,
    });
    expect(done.Marker).toBeUndefined();
    expect(done.ServicesLastAccessed!.map((s) => [s.ServiceNamespace, s.ServiceName])).toEqual([
      ['autoscaling', 'Amazon EC2 Auto Scaling'],
      ['autoscaling-plans', 'AWS Auto Scaling'],
      ['cloudwatch', 'Amazon CloudWatch'],
      ['ec2', 'Amazon EC2'],
      ['elasticloadbalancing', 'Elastic Load Balancing'],
      ['logs', 'Amazon CloudWatch Logs'],
      ['route53', 'Amazon Route 53'],
      ['servicediscovery', 'AWS Cloud Map'],
      ['ssm', 'AWS Systems Manager'],
    ]);
    // Nothing has used the role yet.
    for (const s of done.ServicesLastAccessed!) {
      expect(s.TotalAuthenticatedEntities).toBe(0);
      expect(s.LastAuthenticated).toBeUndefined();
    }
  });

  it('pages with MaxItems and Marker', async () => {
    const jobId = await generate(ECS_ROLE_ARN);
    await advance(1);
    const first = await details(jobId, { MaxItems: 4 });
    expect(first.IsTruncated).toBe(true);
    expect(first.ServicesLastAccessed).toHaveLength(4);
    const second = await details(jobId, { MaxItems: 4, Marker: first.Marker });
    const third = await details(jobId, { MaxItems: 4, Marker: second.Marker });
    expect(third.IsTruncated).toBe(false);
    expect(third.Marker).toBeUndefined();
    expect([...first.ServicesLastAccessed!, ...second.ServicesLastAccessed!, ...third.ServicesLastAccessed!]).toHaveLength(9);
    expect((await caught(details(jobId, { Marker: 'nonsense' }))).name).toBe('InvalidInputException');
  });

  it('reads the services from an ordinary role\'s inline policies too', async () => {
    const { Role } = await iam.send(
      new CreateRoleCommand({
        RoleName: 'app',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'app',
        PolicyName: 'p',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['s3:GetObject', 'S3:PutObject', 'dynamodb:GetItem'], Resource: '*' },
            { Effect: 'Deny', Action: 'iam:*', Resource: '*' },
            { Effect: 'Allow', NotAction: 'lambda:*', Resource: '*' },
          ],
        }),
      }),
    );
    const jobId = await generate(Role!.Arn!);
    await advance(1);
    const done = await details(jobId);
    expect(done.ServicesLastAccessed!.map((s) => [s.ServiceNamespace, s.ServiceName])).toEqual([
      ['dynamodb', 'dynamodb'],
      ['s3', 'Amazon S3'],
    ]);
  });

  it("counts an Allow of '*' as every service linkstack can name", async () => {
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'admin', AssumeRolePolicyDocument: trust }));
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'admin',
        PolicyName: 'all',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
      }),
    );
    const jobId = await generate(Role!.Arn!);
    await advance(1);
    const namespaces = (await details(jobId)).ServicesLastAccessed!.map((s) => s.ServiceNamespace);
    expect(namespaces).toEqual(expect.arrayContaining(['ec2', 'ecs', 'iam', 'logs', 's3', 'ssm', 'sts']));
    expect(namespaces).toEqual([...namespaces].sort());
  });

  it('answers NoSuchEntity for a job it never started', async () => {
    const e = await caught(details('0f6c3a4e-2b7d-4c1e-9a8b-123456789abc'));
    expect(e.name).toBe('NoSuchEntityException');
    expect(e.message).toBe('No job found with JobId 0f6c3a4e-2b7d-4c1e-9a8b-123456789abc.');
  });

  it('rejects a JobId that is not 36 characters with ValidationError', async () => {
    expect((await caught(details('short'))).name).toBe('ValidationError');
  });
});

describe('Access Advisor after ECS used the role', () => {
  it('shows when and where ECS last used the role, for the service it used it with', async () => {
    const ecs = emu.ecs('ap-northeast-2');
    await ecs.send(new CreateClusterCommand({ clusterName: 'ops' }));
    const taskArn = await runExecutableTask(ecs, 'ops');
    await advance(120);
    await ecs.send(new ExecuteCommandCommand({ cluster: 'ops', task: taskArn, command: 'ls', interactive: true }));
    const usedAt = new Date(FROZEN_AT.getTime() + 120_000);

    const serviceLevel = await generate(ECS_ROLE_ARN);
    const actionLevel = await generate(ECS_ROLE_ARN, 'ACTION_LEVEL');
    await advance(1);
    const report = await details(serviceLevel);
    const ssm = report.ServicesLastAccessed!.find((s) => s.ServiceNamespace === 'ssm');
    expect(ssm).toEqual({
      ServiceName: 'AWS Systems Manager',
      ServiceNamespace: 'ssm',
      LastAuthenticated: usedAt,
      LastAuthenticatedEntity: ECS_ROLE_ARN,
      LastAuthenticatedRegion: 'ap-northeast-2',
      TotalAuthenticatedEntities: 1,
    });
    const unused = report.ServicesLastAccessed!.filter((s) => s.ServiceNamespace !== 'ssm');
    expect(unused.every((s) => s.LastAuthenticated === undefined && s.TotalAuthenticatedEntities === 0)).toBe(true);

    const actions = await details(actionLevel);
    expect(actions.JobType).toBe('ACTION_LEVEL');
    expect(actions.ServicesLastAccessed!.find((s) => s.ServiceNamespace === 'ssm')!.TrackedActionsLastAccessed).toEqual([
      { ActionName: 'StartSession', LastAccessedEntity: ECS_ROLE_ARN, LastAccessedTime: usedAt, LastAccessedRegion: 'ap-northeast-2' },
    ]);
  });
});

describe('Access Advisor after ECS ran a service with the role', () => {
  it('shows network interfaces for awsvpc tasks and load balancer targets, where and when', async () => {
    const ecs = emu.ecs('eu-west-1');
    await ecs.send(new CreateClusterCommand({ clusterName: 'web' }));
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'site',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        containerDefinitions: [{ name: 'site', image: 'nginx', essential: true, portMappings: [{ containerPort: 80 }] }],
      }),
    );
    await advance(30);
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'web',
        serviceName: 'site',
        taskDefinition: 'site',
        desiredCount: 1,
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-12345678'] } },
        loadBalancers: [
          {
            targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:000000000000:targetgroup/site/0123456789abcdef',
            containerName: 'site',
            containerPort: 80,
          },
        ],
      }),
    );
    const usedAt = new Date(FROZEN_AT.getTime() + 30_000);

    const jobId = await generate(ECS_ROLE_ARN, 'ACTION_LEVEL');
    await advance(1);
    const used = (await details(jobId)).ServicesLastAccessed!.filter((s) => s.TotalAuthenticatedEntities === 1);
    expect(used.map((s) => [s.ServiceNamespace, s.LastAuthenticated, s.LastAuthenticatedRegion])).toEqual([
      ['ec2', usedAt, 'eu-west-1'],
      ['elasticloadbalancing', usedAt, 'eu-west-1'],
    ]);
    expect(used.map((s) => s.TrackedActionsLastAccessed!.map((a) => a.ActionName))).toEqual([
      ['CreateNetworkInterface'],
      ['RegisterTargets'],
    ]);
  });

  it('records nothing for a service call ECS refused', async () => {
    const ecs = emu.ecs('eu-west-1');
    await ecs.send(new CreateClusterCommand({ clusterName: 'web' }));
    await caught(
      ecs.send(
        new CreateServiceCommand({
          cluster: 'web',
          serviceName: 'site',
          taskDefinition: 'no-such-family',
          desiredCount: 1,
          networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-12345678'] } },
        }),
      ),
    );
    const jobId = await generate(ECS_ROLE_ARN);
    await advance(1);
    const { ServicesLastAccessed } = await details(jobId);
    expect(ServicesLastAccessed!.filter((s) => s.TotalAuthenticatedEntities > 0)).toEqual([]);
  });
});
