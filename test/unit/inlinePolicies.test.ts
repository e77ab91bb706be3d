import { describe, expect, it } from 'vitest';
import { Store } from '../../state/store.js';

const at = new Date('2026-01-15T10:00:00Z');
const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });

describe('inline policies: holders without any share nothing that a put can reach', () => {
  it('puts a policy on one role (or user, or group) only, created or restored', () => {
    const store = new Store();
    const iam = store.account().iam;
    for (const name of ['a', 'b']) {
      iam.roles.create({ roleName: name, assumeRolePolicyDocument: trust }, at);
      iam.users.create({ userName: name }, at);
      iam.groups.create({ groupName: name }, at);
    }
    const restored = new Store();
    restored.restore(JSON.parse(JSON.stringify(store.toSnapshot())));
    for (const s of [store, restored]) {
      const { roles, users, groups } = s.account().iam;
      roles.putInlinePolicy('a', 'p', policy);
      users.putInlinePolicy('a', 'p', policy);
      groups.putInlinePolicy('a', 'p', policy);
      expect([...roles.get('a').inlinePolicies.keys()]).toEqual(['p']);
      expect([...users.get('a').inlinePolicies.keys()]).toEqual(['p']);
      expect([...groups.get('a').inlinePolicies.keys()]).toEqual(['p']);
      expect([roles.get('b').inlinePolicies.size, users.get('b').inlinePolicies.size, groups.get('b').inlinePolicies.size]).toEqual([0, 0, 0]);
    }
  });
});
