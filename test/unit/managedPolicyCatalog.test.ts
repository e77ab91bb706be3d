import { describe, expect, it } from 'vitest';
import { settleDueDeletionTasks, submitServiceLinkedRoleDeletion } from '../../state/deletion/serviceLinkedRoleDeletion.js';
import { AwsManagedPolicyCatalog } from '../../state/iam/awsManagedPolicyCatalog.js';
import { ManagedPolicyRegistry } from '../../state/iam/managedPolicies.js';
import { ensureServiceLinkedRole } from '../../state/roleUse.js';
import { Store } from '../../state/store.js';

/**
 * The AWS managed-policy catalog is paid for on first use only: an ECS flow (the role created with
 * its policy, listed, deleted, snapshotted) never reads it; a request about an AWS managed
 * policy's own data does, once, for every account of the store.
 */
const T0 = new Date('2026-01-15T10:00:00Z');
const ECS_POLICY = 'arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy';

describe('when the AWS managed-policy catalog loads', () => {
  it('not for the ECS service-linked role\'s life: creation, attachment counts, listing, deletion, snapshot', () => {
    const catalog = new AwsManagedPolicyCatalog('seed');
    const store = new Store({ awsManagedPolicies: catalog });
    const account = store.account();
    const role = ensureServiceLinkedRole(account, 'ecs.amazonaws.com', { now: T0, region: 'eu-west-1', mayCreate: () => true })!;
    expect(role.attachedPolicyArns.map((arn) => ManagedPolicyRegistry.attachedPolicy(arn))).toEqual([
      { policyName: 'AmazonECSServiceRolePolicy', policyArn: ECS_POLICY, path: '/aws-service-role/' },
    ]);
    expect(account.iam.policies.toSnapshot()).toMatchObject({
      awsManagedInUse: [{ arn: ECS_POLICY, attachmentCount: 1, permissionsBoundaryUsageCount: 0 }],
    });
    const task = submitServiceLinkedRoleDeletion(account, role.roleName, T0.getTime());
    settleDueDeletionTasks(account, task.finishesAtMs);
    expect(account.iam.roles.find(role.roleName)).toBeUndefined();
    expect(account.iam.policies.toSnapshot()).toMatchObject({ awsManagedInUse: [] });
    expect(catalog.isLoaded).toBe(false);
  });

  it('once, on the first look at an AWS managed policy, shared by every account', () => {
    const catalog = new AwsManagedPolicyCatalog('latest');
    const store = new Store({ awsManagedPolicies: catalog });
    expect(store.account('111111111111').iam.policies.get(ECS_POLICY).defaultVersionId).toBe('v24');
    expect(catalog.isLoaded).toBe(true);
    const a = store.account('111111111111').iam.policies.get(ECS_POLICY);
    const b = store.account('222222222222').iam.policies.get(ECS_POLICY);
    expect(a.versions).toBe(b.versions);
  });
});
