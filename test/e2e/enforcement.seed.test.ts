import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  DeleteServiceLinkedRoleCommand,
  GetRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateRoleDescriptionCommand,
} from '@aws-sdk/client-iam';
import { CreateClusterCommand, ListClustersCommand } from '@aws-sdk/client-ecs';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, startEmulator, type Credentials, type Emulator } from '../support/emulator.js';

/**
 * Strict mode, with real SDK clients: the seed's three permission statements, written as the
 * seed writes them, do exactly what the seed says and no more.
 */

const ECS_ROLE_ARN = 'arn:aws:iam::000000000000:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS';
const EB_ROLE_ARN =
  'arn:aws:iam::000000000000:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk';

const seedStatement = (actions: string[]) => ({
  Effect: 'Allow',
  Action: actions,
  Resource: 'arn:aws:iam::*:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS*',
  Condition: { StringLike: { 'iam:AWSServiceName': 'ecs.amazonaws.com' } },
});
const CREATE = seedStatement(['iam:CreateServiceLinkedRole']);
const EDIT = seedStatement(['iam:UpdateRoleDescription']);
const DELETE = seedStatement(['iam:DeleteServiceLinkedRole', 'iam:GetServiceLinkedRoleDeletionStatus']);

const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator({ config: { enforceIam: 'strict' } });
});
afterEach(async () => {
  await emu.close();
});

/** A user holding exactly the given statements (made by the root, which is always allowed), and its key. */
async function userWith(name: string, ...statements: object[]): Promise<Credentials> {
  const iam = emu.iam();
  await iam.send(new CreateUserCommand({ UserName: name }));
  if (statements.length > 0) {
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'seed', PolicyDocument: policy(...statements) }));
  }
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
}

const implicitDenial = (who: string, action: string, resource: string) =>
  `User: ${who} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

describe('strict mode: the seed statement for creating the role', () => {
  it('lets its holder create AWSServiceRoleForECS', async () => {
    const creator = await userWith('creator', CREATE);
    const { Role } = await emu.iam('eu-west-1', creator).send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    expect(Role!.Arn).toBe(ECS_ROLE_ARN);
  });

  it('does not let its holder create the role of another service, with AWS full AccessDenied text', async () => {
    const creator = await userWith('creator', CREATE);
    const e = await caught(
      emu.iam('eu-west-1', creator).send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'elasticbeanstalk.amazonaws.com' })),
    );
    expect(e.name).toBe('AccessDenied');
    expect(e.$metadata.httpStatusCode).toBe(403);
    expect(e.message).toBe(
      implicitDenial('arn:aws:iam::000000000000:user/creator', 'iam:CreateServiceLinkedRole', EB_ROLE_ARN),
    );
    // The refused request created nothing.
    expect((await caught(emu.iam().send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForElasticBeanstalk' })))).name).toBe(
      'NoSuchEntityException',
    );
  });

  it('does not let a user without it create the ECS role', async () => {
    const nobody = await userWith('nobody');
    const e = await caught(emu.iam('us-east-1', nobody).send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' })));
    expect(e.message).toBe(implicitDenial('arn:aws:iam::000000000000:user/nobody', 'iam:CreateServiceLinkedRole', ECS_ROLE_ARN));
  });
});

describe('strict mode: the seed statement for editing the description', () => {
  it('lets its holder edit the ECS role description, but not the Elastic Beanstalk one', async () => {
    const iam = emu.iam();
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'elasticbeanstalk.amazonaws.com' }));
    const editor = await userWith('editor', EDIT);
    const { Role } = await emu
      .iam('us-east-1', editor)
      .send(new UpdateRoleDescriptionCommand({ RoleName: 'AWSServiceRoleForECS', Description: 'ours' }));
    expect(Role!.Description).toBe('ours');
    const e = await caught(
      emu
        .iam('us-east-1', editor)
        .send(new UpdateRoleDescriptionCommand({ RoleName: 'AWSServiceRoleForElasticBeanstalk', Description: 'ours' })),
    );
    expect(e.message).toBe(implicitDenial('arn:aws:iam::000000000000:user/editor', 'iam:UpdateRoleDescription', EB_ROLE_ARN));
  });

  it('does not let its holder create the role', async () => {
    const editor = await userWith('editor', EDIT);
    const e = await caught(emu.iam('us-east-1', editor).send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' })));
    expect(e.name).toBe('AccessDenied');
  });
});

describe('strict mode: the seed statement for deleting the role', () => {
  it('lets its holder submit the deletion and poll it, for the ECS role only', async () => {
    const iam = emu.iam();
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'elasticbeanstalk.amazonaws.com' }));
    const deleter = await userWith('deleter', DELETE);
    const asDeleter = emu.iam('us-east-1', deleter);
    const { DeletionTaskId } = await asDeleter.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
    const { Status } = await asDeleter.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }));
    expect(['NOT_STARTED', 'IN_PROGRESS', 'SUCCEEDED']).toContain(Status);

    const e = await caught(asDeleter.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForElasticBeanstalk' })));
    expect(e.message).toBe(implicitDenial('arn:aws:iam::000000000000:user/deleter', 'iam:DeleteServiceLinkedRole', EB_ROLE_ARN));
    // Somebody else's deletion task cannot be polled either.
    const eb = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForElasticBeanstalk' }));
    const poll = await caught(asDeleter.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: eb.DeletionTaskId })));
    expect(poll.message).toBe(
      implicitDenial('arn:aws:iam::000000000000:user/deleter', 'iam:GetServiceLinkedRoleDeletionStatus', EB_ROLE_ARN),
    );
  });
});

describe('strict mode: explicit Deny', () => {
  it('overrides any Allow, and says so', async () => {
    const user = await userWith('denied', { Effect: 'Allow', Action: '*', Resource: '*' }, { ...CREATE, Effect: 'Deny' });
    const e = await caught(emu.iam('us-east-1', user).send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' })));
    expect(e.message).toBe(
      `User: arn:aws:iam::000000000000:user/denied is not authorized to perform: iam:CreateServiceLinkedRole on resource: ${ECS_ROLE_ARN} with an explicit deny in an identity-based policy`,
    );
    // Everything else is still allowed.
    await emu.iam('us-east-1', user).send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'elasticbeanstalk.amazonaws.com' }));
  });

  it('does not stop GetCallerIdentity, which needs no permission', async () => {
    const user = await userWith('denied', { Effect: 'Deny', Action: '*', Resource: '*' });
    const { Arn } = await emu.sts('us-east-1', user).send(new GetCallerIdentityCommand({}));
    expect(Arn).toBe('arn:aws:iam::000000000000:user/denied');
  });
});

describe('strict mode: assumed roles', () => {
  const trustUser = (userArn: string) =>
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: userArn }, Action: 'sts:AssumeRole' }] });

  it('are evaluated by the role own policies, not the caller', async () => {
    const iam = emu.iam();
    const alice = await userWith('alice', { Effect: 'Allow', Action: 'ecs:*', Resource: '*' });
    await iam.send(new CreateRoleCommand({ RoleName: 'creator', AssumeRolePolicyDocument: trustUser('arn:aws:iam::000000000000:user/alice') }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'creator', PolicyName: 'seed', PolicyDocument: policy(CREATE) }));

    const { Credentials, AssumedRoleUser } = await emu
      .sts('us-east-1', alice)
      .send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/creator', RoleSessionName: 'build' }));
    expect(Credentials!.AccessKeyId).toMatch(/^ASIA/);
    expect(AssumedRoleUser!.Arn).toBe('arn:aws:sts::000000000000:assumed-role/creator/build');
    const session = {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretAccessKey!,
      sessionToken: Credentials!.SessionToken!,
    };
    const me = await emu.sts('us-east-1', session).send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe('arn:aws:sts::000000000000:assumed-role/creator/build');
    expect(me.UserId).toMatch(/^AROA[A-Z0-9]{17}:build$/);

    // The role may create the ECS role (alice may not) …
    await emu.iam('us-east-1', session).send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    expect((await caught(emu.iam('us-east-1', alice).send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'elasticbeanstalk.amazonaws.com' })))).name).toBe('AccessDenied');
    // … and may not use ECS (alice may).
    const e = await caught(emu.ecs('us-east-1', session).send(new ListClustersCommand({})));
    expect(e.name).toBe('AccessDeniedException');
    expect(e.message).toBe(
      implicitDenial('arn:aws:sts::000000000000:assumed-role/creator/build', 'ecs:ListClusters', '*'),
    );
    await emu.ecs('us-east-1', alice).send(new ListClustersCommand({}));
  });

  it('cannot be assumed by a user the trust policy does not name', async () => {
    const bob = await userWith('bob', { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' });
    await emu.iam().send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trustUser('arn:aws:iam::000000000000:user/alice') }));
    const e = await caught(emu.sts('us-east-1', bob).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/r', RoleSessionName: 'ss' })));
    expect(e.name).toBe('AccessDenied');
    expect(e.$metadata.httpStatusCode).toBe(403);
    expect(e.message).toBe(
      'User: arn:aws:iam::000000000000:user/bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::000000000000:role/r',
    );
  });

  it('trusting the account needs the caller own permission to assume', async () => {
    const trustAccount = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sts:AssumeRole' }],
    });
    await emu.iam().send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trustAccount }));
    const request = new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/r', RoleSessionName: 'ss' });
    const without = await userWith('without');
    expect((await caught(emu.sts('us-east-1', without).send(request))).name).toBe('AccessDenied');
    const withIt = await userWith('with', { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/r' });
    const { Credentials } = await emu.sts('us-east-1', withIt).send(request);
    expect(Credentials!.AccessKeyId).toMatch(/^ASIA/);
  });

  it('refuses to let anyone assume a service-linked role', async () => {
    await emu.iam().send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    const admin = await userWith('admin', { Effect: 'Allow', Action: '*', Resource: '*' });
    const e = await caught(emu.sts('us-east-1', admin).send(new AssumeRoleCommand({ RoleArn: ECS_ROLE_ARN, RoleSessionName: 'ss' })));
    expect(e.name).toBe('AccessDenied');
    expect(e.message).toBe(`User: arn:aws:iam::000000000000:user/admin is not authorized to perform: sts:AssumeRole on resource: ${ECS_ROLE_ARN}`);
  });
});

describe('strict mode: ECS', () => {
  it('is enforced too, with AccessDeniedException', async () => {
    const user = await userWith('iamonly', { Effect: 'Allow', Action: 'iam:*', Resource: '*' });
    const e = await caught(emu.ecs('eu-west-1', user).send(new CreateClusterCommand({ clusterName: 'c1' })));
    expect(e.name).toBe('AccessDeniedException');
    expect(e.$metadata.httpStatusCode).toBe(400);
    expect(e.message).toBe(
      implicitDenial('arn:aws:iam::000000000000:user/iamonly', 'ecs:CreateCluster', 'arn:aws:ecs:eu-west-1:000000000000:cluster/c1'),
    );
  });

  it('CreateCluster fails as AWS does when the caller may not create the missing service-linked role', async () => {
    const user = await userWith('ecsonly', { Effect: 'Allow', Action: 'ecs:*', Resource: '*' });
    const e = await caught(emu.ecs('eu-west-1', user).send(new CreateClusterCommand({ clusterName: 'c1' })));
    expect(e.name).toBe('InvalidParameterException');
    expect(e.message).toBe('Unable to assume the service linked role. Please verify that the ECS service linked role exists.');
    expect((await emu.ecs('eu-west-1', user).send(new ListClustersCommand({}))).clusterArns).toEqual([]);
    // Once the role exists, the same caller creates clusters.
    await emu.iam().send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    const { cluster } = await emu.ecs('eu-west-1', user).send(new CreateClusterCommand({ clusterName: 'c1' }));
    expect(cluster!.status).toBe('ACTIVE');
  });

  it('CreateCluster creates the role for a caller holding the seed create statement', async () => {
    const user = await userWith('both', { Effect: 'Allow', Action: 'ecs:*', Resource: '*' }, CREATE);
    await emu.ecs('eu-west-1', user).send(new CreateClusterCommand({ clusterName: 'c1' }));
    expect((await emu.iam().send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }))).Role!.Arn).toBe(ECS_ROLE_ARN);
  });
});

describe('strict mode: credentials', () => {
  it('always allows the account root', async () => {
    await emu.iam().send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    await emu.ecs('eu-west-1', { accessKeyId: '111122223333', secretAccessKey: 'test' }).send(new CreateClusterCommand({}));
  });

  it('refuses keys it never issued: InvalidClientTokenId for IAM/STS, UnrecognizedClientException for ECS', async () => {
    const unknown = { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'x' };
    const e = await caught(emu.sts('us-east-1', unknown).send(new GetCallerIdentityCommand({})));
    expect(e.name).toBe('InvalidClientTokenId');
    expect(e.$metadata.httpStatusCode).toBe(403);
    expect(e.message).toBe('The security token included in the request is invalid.');
    const ecsError = await caught(emu.ecs('us-east-1', unknown).send(new ListClustersCommand({})));
    expect(ecsError.name).toBe('UnrecognizedClientException');
  });

  it('refuses expired session credentials with ExpiredToken', async () => {
    await emu.iam().send(
      new CreateRoleCommand({
        RoleName: 'r',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sts:AssumeRole' }],
        }),
      }),
    );
    const { Credentials } = await emu
      .sts()
      .send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/r', RoleSessionName: 'ss', DurationSeconds: 900 }));
    const session = { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
    await emu.sts('us-east-1', session).send(new GetCallerIdentityCommand({}));
    emu.clock.advance(901_000);
    const e = await caught(emu.sts('us-east-1', session).send(new GetCallerIdentityCommand({})));
    expect(e.name).toBe('ExpiredToken');
    expect(e.message).toBe('The security token included in the request is expired');
  });
});
