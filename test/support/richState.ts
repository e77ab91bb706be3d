import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  ListPolicyTagsCommand,
  TagPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  DeleteServiceLinkedRoleCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetGroupCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetServiceLastAccessedDetailsCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListGroupPoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  TagRoleCommand,
  IAMClient,
  CreateInstanceProfileCommand,
  AddRoleToInstanceProfileCommand,
  CreateOpenIDConnectProviderCommand,
  CreateAccountAliasCommand,
  ListInstanceProfilesCommand,
  ListOpenIDConnectProvidersCommand,
  GetOpenIDConnectProviderCommand,
  ListAccountAliasesCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountSummaryCommand,
} from '@aws-sdk/client-iam';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DeregisterContainerInstanceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ExecuteCommandCommand,
  ListClustersCommand,
  ListContainerInstancesCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  RegisterContainerInstanceCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  TagResourceCommand,
  CreateCapacityProviderCommand,
  PutClusterCapacityProvidersCommand,
  PutAccountSettingCommand,
  DescribeCapacityProvidersCommand,
  ListAccountSettingsCommand,
} from '@aws-sdk/client-ecs';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { runExecutableTask } from './ecsFixtures.js';

/**
 * State that fills every registry, built the way users build it: through the SDK clients.
 * When you add an entity to the emulator, add it here too, so the snapshot round-trip test
 * proves it survives (test/e2e/snapshot.roundTrip.test.ts fails while a registry stays empty).
 */

interface Target {
  endpoint: string;
  admin(path: string, body?: unknown, method?: string): Promise<{ status: number; body: any }>;
}

const policy = (action: string, resource = '*') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });
const trust = (service: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

function clients(endpoint: string, region: string, accessKeyId = 'test', secretAccessKey = 'test', sessionToken?: string) {
  const config = { endpoint, region, credentials: { accessKeyId, secretAccessKey, sessionToken }, maxAttempts: 1 };
  return { iam: new IAMClient(config), ecs: new ECSClient(config), sts: new STSClient(config) };
}

export async function buildRichState(target: Target): Promise<void> {
  const { endpoint } = target;
  const advance = (seconds: number) => target.admin('clock', { advanceSeconds: seconds });
  const { iam, sts } = clients(endpoint, 'eu-west-1');
  await target.admin('config', { usageReport: 'limit:2', deletion: { startDelayMs: 100, durationMs: 200 } }, 'PUT');

  // IAM: customer policies with versions, a boundary, roles, users with keys, groups.
  const { Policy: readOnly } = await iam.send(
    new CreatePolicyCommand({ PolicyName: 'read-only', Path: '/team/', PolicyDocument: policy('ecs:Describe*'), Tags: [{ Key: 'team', Value: 'ops' }] }),
  );
  await iam.send(new CreatePolicyVersionCommand({ PolicyArn: readOnly!.Arn, PolicyDocument: policy('ecs:List*'), SetAsDefault: true }));
  const { Policy: boundary } = await iam.send(new CreatePolicyCommand({ PolicyName: 'boundary', PolicyDocument: policy('*') }));
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'deployer',
      Path: '/ci/',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sts:AssumeRole' }],
      }),
      Description: 'deploys',
      MaxSessionDuration: 7200,
      PermissionsBoundary: boundary!.Arn,
      Tags: [{ Key: 'env', Value: 'ci' }],
    }),
  );
  await iam.send(new PutRolePolicyCommand({ RoleName: 'deployer', PolicyName: 'inline', PolicyDocument: policy('ecs:*') }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'deployer', PolicyArn: readOnly!.Arn }));
  await iam.send(new TagRoleCommand({ RoleName: 'deployer', Tags: [{ Key: 'owner', Value: 'alice' }] }));
  await iam.send(new CreateRoleCommand({ RoleName: 'task-role', AssumeRolePolicyDocument: trust('ecs-tasks.amazonaws.com') }));
  // AWS managed policies: only this account's counts are state (the catalog itself is shared).
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'task-role', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy' }));
  await iam.send(new TagPolicyCommand({ PolicyArn: readOnly!.Arn, Tags: [{ Key: 'tier', Value: 'gold' }] }));

  await iam.send(new CreateUserCommand({ UserName: 'alice', Path: '/people/', Tags: [{ Key: 'team', Value: 'ops' }], PermissionsBoundary: boundary!.Arn }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'assume', PolicyDocument: policy('sts:AssumeRole') }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: readOnly!.Arn }));
  const { AccessKey: aliceKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
  await iam.send(new CreateUserCommand({ UserName: 'bob', PermissionsBoundary: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
  await iam.send(new CreateAccessKeyCommand({})); // the root's own key
  await iam.send(new CreateGroupCommand({ GroupName: 'operators', Path: '/ops/' }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'operators', UserName: 'alice' }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'operators', UserName: 'bob' }));
  await iam.send(new PutGroupPolicyCommand({ GroupName: 'operators', PolicyName: 'ops', PolicyDocument: policy('ecs:*') }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: 'operators', PolicyArn: readOnly!.Arn }));
  await iam.send(new GetUserCommand({})); // fixes the root's CreateDate
  await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web-host', Path: '/hosts/', Tags: [{ Key: 'tier', Value: 'web' }] }));
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web-host', RoleName: 'task-role' }));
  await iam.send(
    new CreateOpenIDConnectProviderCommand({ Url: 'https://token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com'], ThumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1'] }),
  );
  await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'linkstack-demo' }));

  // STS: alice assumes the deployer role; the key is used once (its LastUsed is state too).
  const alice = clients(endpoint, 'eu-west-1', aliceKey!.AccessKeyId!, aliceKey!.SecretAccessKey!);
  await alice.sts.send(new GetCallerIdentityCommand({}));
  const { Credentials: assumed } = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/ci/deployer', RoleSessionName: 'build-7', DurationSeconds: 3600 }));
  await clients(endpoint, 'eu-west-1', assumed!.AccessKeyId!, assumed!.SecretAccessKey!, assumed!.SessionToken).sts.send(new GetCallerIdentityCommand({}));

  // ECS in two regions: clusters (one INACTIVE), task definitions (one deregistered), services
  // (one draining), container instances (one deregistered), tasks (running and stopped).
  const seoul = clients(endpoint, 'ap-northeast-2').ecs;
  await seoul.send(new CreateClusterCommand({ clusterName: 'web', tags: [{ key: 'team', value: 'web' }], settings: [{ name: 'containerInsights', value: 'enabled' }] }));
  await seoul.send(
    new RegisterTaskDefinitionCommand({ family: 'api', containerDefinitions: [{ name: 'api', image: 'nginx', memory: 128, cpu: 64 }], tags: [{ key: 'v', value: '1' }] }),
  );
  await seoul.send(new RegisterTaskDefinitionCommand({ family: 'api', containerDefinitions: [{ name: 'api', image: 'nginx:2', memory: 256 }] }));
  await seoul.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'api:1' }));
  const { containerInstance } = await seoul.send(
    new RegisterContainerInstanceCommand({ cluster: 'web', totalResources: [{ name: 'CPU', type: 'INTEGER', integerValue: 4096 }], attributes: [{ name: 'zone', value: 'a' }] }),
  );
  const { containerInstance: gone } = await seoul.send(new RegisterContainerInstanceCommand({ cluster: 'web' }));
  await seoul.send(new CreateServiceCommand({ cluster: 'web', serviceName: 'api', taskDefinition: 'api', desiredCount: 2, launchType: 'EC2', enableExecuteCommand: true }));
  await seoul.send(new CreateServiceCommand({ cluster: 'web', serviceName: 'old', taskDefinition: 'api', desiredCount: 0 }));
  await seoul.send(new DeleteServiceCommand({ cluster: 'web', service: 'old' }));
  await seoul.send(new DeregisterContainerInstanceCommand({ cluster: 'web', containerInstance: gone!.containerInstanceArn, force: true }));
  const execTask = await runExecutableTask(seoul, 'web');
  // A second: the services' deployments place their tasks, which run (with events, revisions).
  await advance(1);
  const { taskArns } = await seoul.send(new ListTasksCommand({ cluster: 'web' }));
  await seoul.send(new TagResourceCommand({ resourceArn: taskArns![0], tags: [{ key: 'pinned', value: 'yes' }] }));
  await seoul.send(new TagResourceCommand({ resourceArn: containerInstance!.containerInstanceArn, tags: [{ key: 'rack', value: '3' }] }));
  await seoul.send(new ExecuteCommandCommand({ cluster: 'web', task: execTask, command: 'ls', interactive: true }));
  const { tasks: batch } = await seoul.send(new RunTaskCommand({ cluster: 'web', taskDefinition: 'api', count: 2, startedBy: 'cron' }));
  await seoul.send(new StopTaskCommand({ cluster: 'web', task: batch![0]!.taskArn, reason: 'done' }));
  await seoul.send(
    new CreateCapacityProviderCommand({
      name: 'spot-fleet',
      autoScalingGroupProvider: {
        autoScalingGroupArn: 'arn:aws:autoscaling:ap-northeast-2:000000000000:autoScalingGroup:6a6b4f4b-0000-4000-8000-000000000000:autoScalingGroupName/spot',
        managedScaling: { status: 'ENABLED', targetCapacity: 80 },
      },
      tags: [{ key: 'cost', value: 'low' }],
    }),
  );
  await seoul.send(
    new PutClusterCapacityProvidersCommand({
      cluster: 'web',
      capacityProviders: ['spot-fleet', 'FARGATE'],
      defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 1 }],
    }),
  );
  await seoul.send(new PutAccountSettingCommand({ name: 'containerInsights', value: 'enabled' }));
  const ireland = clients(endpoint, 'eu-west-1').ecs;
  await ireland.send(new CreateClusterCommand({ clusterName: 'batch' }));
  await ireland.send(new CreateClusterCommand({ clusterName: 'retired' }));
  await ireland.send(new DeleteClusterCommand({ cluster: 'retired' }));

  // A finished deletion (FAILED: clusters use the role), and one still in progress.
  const { DeletionTaskId } = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
  await advance(1);
  await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }));
  await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com' }));
  await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForAutoScaling' }));

  // A service session, and Access Advisor jobs (one complete, one running).
  await target.admin('sessions', { roleName: 'AWSServiceRoleForECS', region: 'eu-west-1', durationSeconds: 900 });
  const ecsRole = 'arn:aws:iam::000000000000:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS';
  const { JobId } = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: ecsRole, Granularity: 'ACTION_LEVEL' }));
  await advance(0.05);
  await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
  await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: ecsRole }));

  // A second account, with its own role and cluster.
  const other = clients(endpoint, 'us-east-1', '111122223333', 'test');
  await other.iam.send(new CreateRoleCommand({ RoleName: 'deployer', AssumeRolePolicyDocument: trust('ecs-tasks.amazonaws.com') }));
  await other.ecs.send(new CreateClusterCommand({ clusterName: 'web' }));
}

/** Every answer a user can read, in every account and region the snapshot names. */
export async function readEverything(target: Target): Promise<Record<string, unknown>> {
  const snapshot = (await target.admin('snapshot')).body as { accounts: Record<string, any> };
  const out: Record<string, unknown> = {};
  const strip = (v: unknown) => JSON.parse(JSON.stringify(v, (k, x) => (k === '$metadata' ? undefined : x)));
  const read = async (label: string, call: () => Promise<unknown>) => {
    try {
      out[label] = strip(await call());
    } catch (e) {
      out[label] = { error: (e as Error).name, message: (e as Error).message };
    }
  };
  for (const [account, state] of Object.entries(snapshot.accounts)) {
    const { iam, sts } = clients(target.endpoint, 'us-east-1', account, 'test');
    const a = `${account} `;
    await read(`${a}GetCallerIdentity`, () => sts.send(new GetCallerIdentityCommand({})));
    await read(`${a}GetUser(root)`, () => iam.send(new GetUserCommand({})));
    await read(`${a}ListInstanceProfiles`, () => iam.send(new ListInstanceProfilesCommand({})));
    await read(`${a}ListAccountAliases`, () => iam.send(new ListAccountAliasesCommand({})));
    await read(`${a}GetAccountSummary`, () => iam.send(new GetAccountSummaryCommand({})));
    await read(`${a}GetAccountAuthorizationDetails`, () => iam.send(new GetAccountAuthorizationDetailsCommand({})));
    const { OpenIDConnectProviderList = [] } = await iam.send(new ListOpenIDConnectProvidersCommand({}));
    for (const { Arn } of OpenIDConnectProviderList) {
      await read(`${a}GetOpenIDConnectProvider ${Arn}`, () => iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: Arn })));
    }
    const { Roles = [] } = await iam.send(new ListRolesCommand({}));
    out[`${a}ListRoles`] = strip(Roles);
    for (const { RoleName } of Roles) {
      await read(`${a}GetRole ${RoleName}`, () => iam.send(new GetRoleCommand({ RoleName })));
      await read(`${a}ListRoleTags ${RoleName}`, () => iam.send(new ListRoleTagsCommand({ RoleName })));
      await read(`${a}ListAttachedRolePolicies ${RoleName}`, () => iam.send(new ListAttachedRolePoliciesCommand({ RoleName })));
      const { PolicyNames = [] } = await iam.send(new ListRolePoliciesCommand({ RoleName }));
      for (const PolicyName of PolicyNames) await read(`${a}GetRolePolicy ${RoleName} ${PolicyName}`, () => iam.send(new GetRolePolicyCommand({ RoleName, PolicyName })));
    }
    const { Users = [] } = await iam.send(new ListUsersCommand({}));
    out[`${a}ListUsers`] = strip(Users);
    for (const { UserName } of Users) {
      await read(`${a}GetUser ${UserName}`, () => iam.send(new GetUserCommand({ UserName })));
      await read(`${a}ListUserTags ${UserName}`, () => iam.send(new ListUserTagsCommand({ UserName })));
      await read(`${a}ListAccessKeys ${UserName}`, () => iam.send(new ListAccessKeysCommand({ UserName })));
      await read(`${a}ListGroupsForUser ${UserName}`, () => iam.send(new ListGroupsForUserCommand({ UserName })));
      await read(`${a}ListAttachedUserPolicies ${UserName}`, () => iam.send(new ListAttachedUserPoliciesCommand({ UserName })));
      const { PolicyNames = [] } = await iam.send(new ListUserPoliciesCommand({ UserName }));
      for (const PolicyName of PolicyNames) await read(`${a}GetUserPolicy ${UserName} ${PolicyName}`, () => iam.send(new GetUserPolicyCommand({ UserName, PolicyName })));
    }
    const { Groups = [] } = await iam.send(new ListGroupsCommand({}));
    for (const { GroupName } of Groups) {
      await read(`${a}GetGroup ${GroupName}`, () => iam.send(new GetGroupCommand({ GroupName })));
      await read(`${a}ListAttachedGroupPolicies ${GroupName}`, () => iam.send(new ListAttachedGroupPoliciesCommand({ GroupName })));
      const { PolicyNames = [] } = await iam.send(new ListGroupPoliciesCommand({ GroupName }));
      for (const PolicyName of PolicyNames) await read(`${a}GetGroupPolicy ${GroupName} ${PolicyName}`, () => iam.send(new GetGroupPolicyCommand({ GroupName, PolicyName })));
    }
    await read(`${a}ListAccessKeys(root)`, () => iam.send(new ListAccessKeysCommand({})));
    const { Policies: local = [] } = await iam.send(new ListPoliciesCommand({ Scope: 'Local' }));
    for (const { Arn: PolicyArn } of local) await read(`${a}ListPolicyTags ${PolicyArn}`, () => iam.send(new ListPolicyTagsCommand({ PolicyArn })));
    const { Policies: attached = [] } = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', OnlyAttached: true }));
    out[`${a}ListPolicies`] = strip([...local, ...attached]);
    for (const { Arn: PolicyArn } of [...local, ...attached]) {
      await read(`${a}GetPolicy ${PolicyArn}`, () => iam.send(new GetPolicyCommand({ PolicyArn })));
      await read(`${a}ListEntitiesForPolicy ${PolicyArn}`, () => iam.send(new ListEntitiesForPolicyCommand({ PolicyArn })));
      const { Versions = [] } = await iam.send(new ListPolicyVersionsCommand({ PolicyArn }));
      for (const { VersionId } of Versions) await read(`${a}GetPolicyVersion ${PolicyArn} ${VersionId}`, () => iam.send(new GetPolicyVersionCommand({ PolicyArn, VersionId })));
    }
    for (const task of state.deletionTasks ?? []) {
      await read(`${a}GetServiceLinkedRoleDeletionStatus ${task.id}`, () => iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: task.id })));
    }
    for (const job of state.accessAdvisor?.jobs ?? []) {
      await read(`${a}GetServiceLastAccessedDetails ${job.jobId}`, () => iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: job.jobId })));
    }
    for (const [region, regionState] of Object.entries<any>(state.regions ?? {})) {
      const { ecs } = clients(target.endpoint, region, account, 'test');
      const r = `${a}${region} `;
      const names = (regionState.ecs.clusters ?? []).map((c: { name: string }) => c.name);
      await read(`${r}ListClusters`, () => ecs.send(new ListClustersCommand({})));
      await read(`${r}DescribeClusters`, () => ecs.send(new DescribeClustersCommand({ clusters: names, include: ['TAGS', 'SETTINGS', 'STATISTICS'] })));
      for (const cluster of names) {
        await read(`${r}ListTagsForResource ${cluster}`, () => ecs.send(new ListTagsForResourceCommand({ resourceArn: `arn:aws:ecs:${region}:${account}:cluster/${cluster}` })));
        const c = regionState.ecs.clusters.find((x: { name: string }) => x.name === cluster);
        const services = c.services.map(([name]: [string]) => name);
        await read(`${r}ListServices ${cluster}`, () => ecs.send(new ListServicesCommand({ cluster })));
        if (services.length) await read(`${r}DescribeServices ${cluster}`, () => ecs.send(new DescribeServicesCommand({ cluster, services, include: ['TAGS'] })));
        await read(`${r}ListContainerInstances ${cluster}`, () => ecs.send(new ListContainerInstancesCommand({ cluster })));
        const instances = c.containerInstances.map(([id]: [string]) => id);
        if (instances.length) {
          await read(`${r}DescribeContainerInstances ${cluster}`, () => ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: instances, include: ['TAGS'] })));
        }
        await read(`${r}ListTasks ${cluster} RUNNING`, () => ecs.send(new ListTasksCommand({ cluster })));
        await read(`${r}ListTasks ${cluster} STOPPED`, () => ecs.send(new ListTasksCommand({ cluster, desiredStatus: 'STOPPED' })));
        const tasks = c.tasks.map(([id]: [string]) => id);
        if (tasks.length) await read(`${r}DescribeTasks ${cluster}`, () => ecs.send(new DescribeTasksCommand({ cluster, tasks, include: ['TAGS'] })));
      }
      await read(`${r}DescribeCapacityProviders`, () => ecs.send(new DescribeCapacityProvidersCommand({ include: ['TAGS'] })));
      await read(`${r}ListAccountSettings`, () => ecs.send(new ListAccountSettingsCommand({ effectiveSettings: true })));
      for (const status of ['ACTIVE', 'INACTIVE'] as const) {
        const { taskDefinitionArns = [] } = await ecs.send(new ListTaskDefinitionsCommand({ status }));
        out[`${r}ListTaskDefinitions ${status}`] = taskDefinitionArns;
        for (const taskDefinition of taskDefinitionArns) {
          await read(`${r}DescribeTaskDefinition ${taskDefinition}`, () => ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition, include: ['TAGS'] })));
        }
      }
    }
    for (const route of ['state', 'sessions', 'config']) out[`${a}admin ${route}`] = (await target.admin(`${route}?account=${account}`)).body;
  }
  out.clock = (await target.admin('clock')).body;
  return out;
}
