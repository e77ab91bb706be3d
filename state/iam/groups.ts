import { iamArn } from '../arns.js';
import { iamUniqueId } from '../ids.js';
import { parsePolicyDocument } from '../policy/document.js';
import { iamErrors } from './errors.js';
import type { ManagedPolicyRegistry } from './managedPolicies.js';
import { attachManagedPolicy, detachManagedPolicy, inlinePoliciesCodec, inlinePolicyOf, noInlinePolicies, putInlinePolicyOn } from './policyHolder.js';
import type { User, UserRegistry } from './users.js';
import { child, fail, instant, list, object, readList, setOf, str, type Codec, type Json } from '../snapshot/codec.js';

export const groupCodec: Codec<Group> = object({
  groupName: str,
  groupId: str,
  path: str,
  arn: str,
  createDate: instant,
  inlinePolicies: inlinePoliciesCodec,
  attachedPolicyArns: list(str),
  members: setOf(str),
});

export interface Group {
  groupName: string;
  groupId: string;
  path: string;
  arn: string;
  createDate: Date;
  inlinePolicies: Map<string, string>;
  attachedPolicyArns: string[];
  /** Lower-cased names of the member users, in the order they were added. */
  members: Set<string>;
}

/**
 * The IAM groups of one account. Membership is kept on both sides (group.members, user.groups)
 * so that evaluating a user's policies never scans every group.
 */
export class GroupRegistry {
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly accountId: string,
    private readonly policies: ManagedPolicyRegistry,
    private readonly users: UserRegistry,
  ) {}

  find(groupName: string): Group | undefined {
    return this.groups.get(groupName.toLowerCase());
  }

  get(groupName: string): Group {
    const group = this.find(groupName);
    if (!group) throw iamErrors.groupNotFound(groupName);
    return group;
  }

  sorted(): Group[] {
    return [...this.groups.values()].sort((a, b) => a.groupName.toLowerCase().localeCompare(b.groupName.toLowerCase()));
  }

  create(input: { groupName: string; path?: string }, now: Date): Group {
    if (this.find(input.groupName)) throw iamErrors.groupExists(input.groupName);
    const path = input.path ?? '/';
    const group: Group = {
      groupName: input.groupName,
      groupId: iamUniqueId('AGPA'),
      path,
      arn: iamArn.group(this.accountId, path, input.groupName),
      createDate: now,
      inlinePolicies: noInlinePolicies(),
      attachedPolicyArns: [],
      members: new Set(),
    };
    this.groups.set(group.groupName.toLowerCase(), group);
    return group;
  }

  /** Removes the group; the rules of when it may are IamState.deleteGroup's. */
  delete(group: Group): void {
    this.groups.delete(group.groupName.toLowerCase());
  }

  toSnapshot(): Json {
    return list(groupCodec).encode([...this.groups.values()]);
  }

  /** Restored after the users: membership is checked on both sides. */
  restore(value: unknown, path: string): void {
    readList(groupCodec, value, path).forEach((group, i) => {
      const at = child(path, i);
      if (this.find(group.groupName)) fail(child(at, 'groupName'), `a group named ${group.groupName} comes earlier in the list`);
      const arn = iamArn.group(this.accountId, group.path, group.groupName);
      if (group.arn !== arn) fail(child(at, 'arn'), `expected ${arn}, the ARN of group ${group.groupName} at path ${group.path}`);
      [...group.members].forEach((member, j) => {
        const user = this.users.find(member);
        if (!user || !user.groups.has(group.groupName.toLowerCase())) {
          fail(child(child(at, 'members'), j), `${member} is not a user whose groups include ${group.groupName.toLowerCase()}`);
        }
      });
      this.groups.set(group.groupName.toLowerCase(), group);
    });
  }

  /** AddUserToGroup; adding a member again changes nothing. */
  addUser(groupName: string, userName: string): void {
    const group = this.get(groupName);
    const user = this.users.get(userName);
    group.members.add(user.userName.toLowerCase());
    user.groups.add(group.groupName.toLowerCase());
  }

  removeUser(groupName: string, userName: string): void {
    const group = this.get(groupName);
    const user = this.users.get(userName);
    if (!group.members.has(user.userName.toLowerCase())) {
      throw iamErrors.userNotInGroup(user.userName, group.groupName);
    }
    group.members.delete(user.userName.toLowerCase());
    user.groups.delete(group.groupName.toLowerCase());
  }

  membersOf(group: Group): User[] {
    return [...group.members].map((n) => this.users.find(n)).filter((u): u is User => u !== undefined);
  }

  groupsOf(user: User): Group[] {
    return [...user.groups]
      .map((n) => this.groups.get(n))
      .filter((g): g is Group => g !== undefined)
      .sort((a, b) => a.groupName.toLowerCase().localeCompare(b.groupName.toLowerCase()));
  }

  putInlinePolicy(groupName: string, policyName: string, document: string): void {
    const group = this.get(groupName);
    parsePolicyDocument(document);
    putInlinePolicyOn(group, policyName, document);
  }

  inlinePolicy(groupName: string, policyName: string): { groupName: string; policyName: string; document: string } {
    const group = this.get(groupName);
    return { groupName: group.groupName, ...inlinePolicyOf(group, policyName, 'group') };
  }

  deleteInlinePolicy(groupName: string, policyName: string): void {
    const { policyName: name } = this.inlinePolicy(groupName, policyName);
    this.get(groupName).inlinePolicies.delete(name);
  }

  attachPolicy(groupName: string, policyArn: string): void {
    attachManagedPolicy(this.get(groupName), this.policies, policyArn, 'group');
  }

  detachPolicy(groupName: string, policyArn: string): void {
    detachManagedPolicy(this.get(groupName), this.policies, policyArn);
  }

}
