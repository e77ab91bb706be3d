import { describe, expect, it } from 'vitest';
import { settleDueDeletionTasks, submitServiceLinkedRoleDeletion } from '../../state/deletion/serviceLinkedRoleDeletion.js';
import { isAwsError } from '../../state/errors.js';
import { ensureServiceLinkedRole, recordRoleUse, startServiceRoleSession } from '../../state/roleUse.js';
import { Store } from '../../state/store.js';

/**
 * The account commands: every rule that spans entities or services, as one domain call that
 * owns its checks (in AWS's order) and its side effects. The e2e tests show the same rules
 * through the SDKs; these pin them where they live.
 */

const T0 = new Date('2026-01-15T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const allowAll = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
const ECS_POLICY = 'arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy';
/** A customer managed policy every test account starts with. */
const READ_ONLY = 'arn:aws:iam::000000000000:policy/ReadOnly';

function account() {
  const a = new Store({ accountConfig: { deletion: { startDelayMs: 500, durationMs: 1500 }, usageReport: 'all' } }).account();
  a.iam.policies.create({ policyName: 'ReadOnly', document: allowAll }, T0);
  return a;
}

/** The code (and text) of what `fn` throws. */
function refusal(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (isAwsError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('IamState.deleteRole', () => {
  it('refuses a service-linked role: DeleteServiceLinkedRole removes those', () => {
    const a = account();
    a.iam.roles.createServiceLinkedRole('ecs.amazonaws.com', T0);
    expect(refusal(() => a.iam.deleteRole('AWSServiceRoleForECS')).code).toBe('UnmodifiableEntity');
    expect(a.iam.roles.find('AWSServiceRoleForECS')).toBeDefined();
  });

  it('refuses while inline policies remain, then while managed policies are attached', () => {
    const a = account();
    a.iam.roles.create({ roleName: 'app', assumeRolePolicyDocument: trust }, T0);
    a.iam.roles.putInlinePolicy('app', 'inline', allowAll);
    a.iam.roles.attachPolicy('app', READ_ONLY);
    expect(refusal(() => a.iam.deleteRole('app'))).toEqual({
      code: 'DeleteConflict',
      message: 'Cannot delete entity, must delete policies first.',
    });
    a.iam.roles.deleteInlinePolicy('app', 'inline');
    expect(refusal(() => a.iam.deleteRole('APP')).message).toBe('Cannot delete entity, must detach all policies first.');
    a.iam.roles.detachPolicy('app', READ_ONLY);
    a.iam.deleteRole('App');
    expect(a.iam.roles.find('app')).toBeUndefined();
  });

  it('gives back the permissions boundary it used', () => {
    const a = account();
    a.iam.roles.create({ roleName: 'app', assumeRolePolicyDocument: trust, permissionsBoundary: READ_ONLY }, T0);
    expect(a.iam.policies.get(READ_ONLY).permissionsBoundaryUsageCount).toBe(1);
    a.iam.deleteRole('app');
    expect(a.iam.policies.get(READ_ONLY).permissionsBoundaryUsageCount).toBe(0);
  });

  it('answers NoSuchEntity for a role that is not there', () => {
    expect(refusal(() => account().iam.deleteRole('nobody'))).toEqual({
      code: 'NoSuchEntity',
      message: 'The role with name nobody cannot be found.',
    });
  });
});

describe('IamState.deleteUser', () => {
  it('refuses, in AWS’s order, while access keys, inline policies, attached policies or groups remain', () => {
    const a = account();
    const user = a.iam.users.create({ userName: 'dev' }, T0);
    const key = a.iam.accessKeys.create(user, T0);
    a.iam.users.putInlinePolicy('dev', 'p', allowAll);
    a.iam.users.attachPolicy('dev', READ_ONLY);
    a.iam.groups.create({ groupName: 'team' }, T0);
    a.iam.groups.addUser('team', 'dev');
    const steps: [string, () => void][] = [
      ['Cannot delete entity, must delete access keys first.', () => a.iam.accessKeys.delete(user, key.accessKeyId)],
      ['Cannot delete entity, must delete policies first.', () => a.iam.users.deleteInlinePolicy('dev', 'p')],
      ['Cannot delete entity, must detach all policies first.', () => a.iam.users.detachPolicy('dev', READ_ONLY)],
      ['Cannot delete entity, must remove user from all groups first.', () => a.iam.groups.removeUser('team', 'dev')],
    ];
    for (const [message, cleanUp] of steps) {
      expect(refusal(() => a.iam.deleteUser('dev'))).toEqual({ code: 'DeleteConflict', message });
      cleanUp();
    }
    a.iam.deleteUser('DEV');
    expect(a.iam.users.find('dev')).toBeUndefined();
  });

  it('counts the user’s keys itself: a key of another user does not block it', () => {
    const a = account();
    a.iam.users.create({ userName: 'dev' }, T0);
    a.iam.accessKeys.create(a.iam.users.create({ userName: 'ops' }, T0), T0);
    a.iam.deleteUser('dev');
    expect(a.iam.users.find('dev')).toBeUndefined();
  });
});

describe('IamState.deleteGroup', () => {
  it('refuses while members, inline policies or attached policies remain', () => {
    const a = account();
    a.iam.users.create({ userName: 'dev' }, T0);
    a.iam.groups.create({ groupName: 'team' }, T0);
    a.iam.groups.addUser('team', 'dev');
    a.iam.groups.putInlinePolicy('team', 'p', allowAll);
    a.iam.groups.attachPolicy('team', READ_ONLY);
    const steps: [string, () => void][] = [
      ['Cannot delete entity, must remove users from group first.', () => a.iam.groups.removeUser('team', 'dev')],
      ['Cannot delete entity, must delete policies first.', () => a.iam.groups.deleteInlinePolicy('team', 'p')],
      ['Cannot delete entity, must detach all policies first.', () => a.iam.groups.detachPolicy('team', READ_ONLY)],
    ];
    for (const [message, cleanUp] of steps) {
      expect(refusal(() => a.iam.deleteGroup('team'))).toEqual({ code: 'DeleteConflict', message });
      cleanUp();
    }
    a.iam.deleteGroup('team');
    expect(a.iam.groups.find('team')).toBeUndefined();
  });
});

describe('the service-linked role deletion, once it succeeds', () => {
  it('removes the role through the role registry, so its policy attachments are counted off', () => {
    const a = account();
    a.iam.roles.createServiceLinkedRole('ecs.amazonaws.com', T0);
    expect(a.iam.policies.get(ECS_POLICY).attachmentCount).toBe(1);
    submitServiceLinkedRoleDeletion(a, 'AWSServiceRoleForECS', T0.getTime());
    settleDueDeletionTasks(a, T0.getTime() + 2000, () => []);
    expect(a.iam.roles.find('AWSServiceRoleForECS')).toBeUndefined();
    expect(a.iam.policies.get(ECS_POLICY).attachmentCount).toBe(0);
  });
});

describe('ensureServiceLinkedRole', () => {
  it('creates the role when the account has none and the caller may, and records the use', () => {
    const a = account();
    const role = ensureServiceLinkedRole(a, 'ecs.amazonaws.com', { now: T0, region: 'eu-west-1', mayCreate: () => true });
    expect(role).toMatchObject({ roleName: 'AWSServiceRoleForECS', path: '/aws-service-role/ecs.amazonaws.com/' });
    expect(role!.lastUsed).toEqual({ date: T0, region: 'eu-west-1' });
  });

  it('creates nothing when the caller may not, and leaves the refusal to the service', () => {
    const a = account();
    expect(ensureServiceLinkedRole(a, 'ecs.amazonaws.com', { now: T0, region: 'eu-west-1', mayCreate: () => false })).toBeUndefined();
    expect(a.iam.roles.find('AWSServiceRoleForECS')).toBeUndefined();
  });

  it('asks whether the caller may create the role only when it is missing', () => {
    const a = account();
    a.iam.roles.createServiceLinkedRole('ecs.amazonaws.com', T0);
    let asked = false;
    const role = ensureServiceLinkedRole(a, 'ecs.amazonaws.com', {
      now: at(1000),
      region: 'us-east-1',
      mayCreate: () => (asked = true),
    });
    expect(asked).toBe(false);
    expect(role!.lastUsed).toEqual({ date: at(1000), region: 'us-east-1' });
  });
});

describe('recordRoleUse', () => {
  it('moves RoleLastUsed, fails a deletion that is IN_PROGRESS, and records the actions for Access Advisor', () => {
    const a = account();
    const role = a.iam.roles.createServiceLinkedRole('ecs.amazonaws.com', T0);
    const task = submitServiceLinkedRoleDeletion(a, role.roleName, T0.getTime());
    recordRoleUse(a, role, { now: at(100), region: 'eu-west-1' }); // NOT_STARTED: judged at the end only
    expect(task.usedWhileInProgress).toBe(false);
    recordRoleUse(a, role, { now: at(700), region: 'eu-west-1', actions: ['ec2:CreateNetworkInterface'] });
    expect(task.usedWhileInProgress).toBe(true);
    expect(role.lastUsed).toEqual({ date: at(700), region: 'eu-west-1' });
    const job = a.accessAdvisor.startJob(role.arn, ['ec2'], 'ACTION_LEVEL', at(800).getTime());
    expect(job.services[0]!.trackedActions).toEqual([
      { actionName: 'CreateNetworkInterface', lastAccessedAtMs: at(700).getTime(), lastAccessedRegion: 'eu-west-1' },
    ]);
  });

  it('backs the service sessions too: a session is a use that lasts until it expires', () => {
    const a = account();
    const role = a.iam.roles.createServiceLinkedRole('ecs.amazonaws.com', T0);
    const session = startServiceRoleSession(a, 'awsserviceroleforecs', 'eu-west-1', at(5), 60, 'test');
    expect(session.roleName).toBe('AWSServiceRoleForECS');
    expect(role.lastUsed).toEqual({ date: at(5), region: 'eu-west-1' });
    expect(a.roleSessions.activeFor(role.roleName, at(59_000).getTime())).toHaveLength(1);
    expect(a.roleSessions.activeFor(role.roleName, at(60_005).getTime())).toHaveLength(0);
  });
});

describe('ECS commands that use the service-linked role', () => {
  const webTaskDefinition = {
    family: 'web',
    containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }],
    settings: {},
  };
  const noCreating = { mayCreateServiceLinkedRole: () => false };

  it('CreateCluster creates the role first; a caller who may not create it gets ECS’s refusal and no cluster', () => {
    const a = account();
    const ecs = a.region('eu-west-1').ecs;
    expect(refusal(() => ecs.createCluster('c1', T0, {}, noCreating))).toEqual({
      code: 'InvalidParameterException',
      message: 'Unable to assume the service linked role. Please verify that the ECS service linked role exists.',
    });
    expect(ecs.findCluster('c1')).toBeUndefined();
    ecs.createCluster('c1', T0);
    expect(a.iam.roles.get('AWSServiceRoleForECS').lastUsed).toEqual({ date: T0, region: 'eu-west-1' });
  });

  it('CreateService refuses a missing cluster before the role is touched', () => {
    const a = account();
    const ecs = a.region('eu-west-1').ecs;
    ecs.taskDefinitions.register(webTaskDefinition, T0);
    expect(refusal(() => ecs.createService('nowhere', { serviceName: 's', taskDefinition: 'web', desiredCount: 1, settings: {} }, T0)).code).toBe(
      'ClusterNotFoundException',
    );
    expect(a.iam.roles.find('AWSServiceRoleForECS')).toBeUndefined();
  });

  it('CreateService without the role, by a caller who may not create it, creates no service', () => {
    const a = account();
    const ecs = a.region('eu-west-1').ecs;
    ecs.taskDefinitions.register(webTaskDefinition, T0);
    ecs.createCluster('c1', T0);
    a.iam.deleteServiceLinkedRole(a.iam.roles.get('AWSServiceRoleForECS'));
    const input = { serviceName: 's', taskDefinition: 'web', desiredCount: 1, settings: {} };
    expect(refusal(() => ecs.createService('c1', input, T0, noCreating)).code).toBe('InvalidParameterException');
    expect(ecs.activeCluster('c1').services.size).toBe(0);
  });

  it('UpdateService refuses an unknown or deleted service before the role is touched', () => {
    const a = account();
    const ecs = a.region('eu-west-1').ecs;
    ecs.taskDefinitions.register(webTaskDefinition, T0);
    ecs.createCluster('c1', T0);
    a.iam.deleteServiceLinkedRole(a.iam.roles.get('AWSServiceRoleForECS'));
    expect(refusal(() => ecs.updateService('c1', 'missing', { settings: {} }, T0, noCreating)).code).toBe('ServiceNotFoundException');
    expect(a.iam.roles.find('AWSServiceRoleForECS')).toBeUndefined();
  });

  it('CreateService records the network-interface and load-balancer actions it takes with the role', () => {
    const a = account();
    const ecs = a.region('eu-west-1').ecs;
    ecs.taskDefinitions.register(webTaskDefinition, T0);
    ecs.createCluster('c1', T0);
    ecs.createService(
      'c1',
      {
        serviceName: 's',
        taskDefinition: 'web',
        desiredCount: 0,
        settings: { networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } }, loadBalancers: [{ targetGroupArn: 'tg' }] },
      },
      at(10),
    );
    const role = a.iam.roles.get('AWSServiceRoleForECS');
    const job = a.accessAdvisor.startJob(role.arn, ['ec2', 'elasticloadbalancing'], 'ACTION_LEVEL', at(20).getTime());
    expect(job.services.map((s) => s.trackedActions?.map((t) => t.actionName))).toEqual([['CreateNetworkInterface'], ['RegisterTargets']]);
  });

  it('ExecuteCommand opens a session of the role, which keeps it in use for twenty minutes', () => {
    const a = account();
    const ecs = a.region('eu-west-1').ecs;
    ecs.taskDefinitions.register(webTaskDefinition, T0);
    ecs.createCluster('c1', T0);
    const [task] = ecs.runTask('c1', { taskDefinition: 'web', enableExecuteCommand: true }, T0);
    const result = ecs.executeCommand('c1', { task: task!.id, interactive: true }, at(1000));
    expect(result.container.name).toBe('app');
    const [session] = a.roleSessions.activeFor('AWSServiceRoleForECS', at(1000).getTime());
    expect(session).toMatchObject({ origin: 'ecs:ExecuteCommand', expiresAtMs: at(1000 + 20 * 60 * 1000).getTime() });
  });

  it('ExecuteCommand refusals open no session', () => {
    const a = account();
    const ecs = a.region('eu-west-1').ecs;
    ecs.taskDefinitions.register(webTaskDefinition, T0);
    ecs.createCluster('c1', T0);
    const [task] = ecs.runTask('c1', { taskDefinition: 'web' }, T0);
    expect(refusal(() => ecs.executeCommand('c1', { task: task!.id, interactive: false }, T0)).message).toBe(
      'Interactive is the only mode supported currently.',
    );
    expect(refusal(() => ecs.executeCommand('c1', { task: task!.id, interactive: true }, T0)).code).toBe('InvalidParameterException');
    expect(a.roleSessions.all()).toHaveLength(0);
  });
});
