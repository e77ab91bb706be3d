import { describe, expect, it } from 'vitest';
import { Store } from '../../state/store.js';

const T0 = new Date('2026-01-15T10:00:00Z');
const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

function accountWithRoles(...names: string[]) {
  const account = new Store({}).account();
  for (const roleName of names) account.iam.roles.create({ roleName, assumeRolePolicyDocument: trust }, T0);
  return account;
}

const namesOf = (account: ReturnType<typeof accountWithRoles>) => account.iam.roles.sorted().map((r) => r.roleName);

// ListRoles reads this order on every page; it is kept between changes, so it must follow each one.
describe('the roles in ListRoles order', () => {
  it('are sorted by name without regard to case', () => {
    expect(namesOf(accountWithRoles('beta', 'Alpha', 'gamma'))).toEqual(['Alpha', 'beta', 'gamma']);
  });

  it('take in a role created after the order was read', () => {
    const account = accountWithRoles('beta', 'delta');
    expect(namesOf(account)).toEqual(['beta', 'delta']);
    account.iam.roles.create({ roleName: 'Charlie', assumeRolePolicyDocument: trust }, T0);
    expect(namesOf(account)).toEqual(['beta', 'Charlie', 'delta']);
  });

  it('leave out a role deleted after the order was read', () => {
    const account = accountWithRoles('beta', 'Charlie', 'delta');
    expect(namesOf(account)).toEqual(['beta', 'Charlie', 'delta']);
    account.iam.deleteRole('charlie');
    expect(namesOf(account)).toEqual(['beta', 'delta']);
  });

  it('follow a restore from a snapshot', () => {
    const source = accountWithRoles('zulu', 'alpha');
    const copy = new Store({}).account();
    copy.iam.roles.restore(source.iam.roles.toSnapshot(), 'roles');
    expect(namesOf(copy)).toEqual(['alpha', 'zulu']);
  });
});
