import { iamUniqueId } from '../ids.js';
import { parsePolicyDocument } from '../policy/document.js';
import { iamErrors } from './errors.js';
import type { ManagedPolicyRegistry } from './managedPolicies.js';
import { mergeTags, removeTags, requireDistinctTagKeys, type Tag } from './tags.js';

export interface User {
  userName: string;
  userId: string;
  path: string;
  arn: string;
  createDate: Date;
  tags: Tag[];
  permissionsBoundary?: string;
  /** Inline policies by name (as first given), in insertion order. */
  inlinePolicies: Map<string, string>;
  attachedPolicyArns: string[];
  /** Lower-cased names of the groups the user belongs to, kept by the group registry. */
  groups: Set<string>;
}

/** Finds a name in a map whose keys keep their case while IAM compares without it. */
export function findName(names: Iterable<string>, wanted: string): string | undefined {
  const lower = wanted.toLowerCase();
  for (const n of names) if (n.toLowerCase() === lower) return n;
  return undefined;
}

/**
 * The IAM users of one account, keyed by lower-cased name (IAM names are unique without regard
 * to case) while each user keeps the name as given.
 */
export class UserRegistry {
  private readonly users = new Map<string, User>();
  private rootCreated?: Date;

  constructor(
    private readonly accountId: string,
    private readonly policies: ManagedPolicyRegistry,
  ) {}

  /** The account root's CreateDate (GetUser without a name): fixed the first time anyone asks. */
  rootCreateDate(now: Date): Date {
    return (this.rootCreated ??= now);
  }

  find(userName: string): User | undefined {
    return this.users.get(userName.toLowerCase());
  }

  get(userName: string): User {
    const user = this.find(userName);
    if (!user) throw iamErrors.noSuchEntity(`The user with name ${userName} cannot be found.`);
    return user;
  }

  /** Sorted as ListUsers returns them. */
  sorted(): User[] {
    return [...this.users.values()].sort((a, b) => a.userName.toLowerCase().localeCompare(b.userName.toLowerCase()));
  }

  create(input: { userName: string; path?: string; tags?: Tag[]; permissionsBoundary?: string }, now: Date): User {
    if (this.find(input.userName)) throw iamErrors.entityAlreadyExists(`User with name ${input.userName} already exists.`);
    const tags = input.tags ?? [];
    requireDistinctTagKeys(tags);
    if (input.permissionsBoundary !== undefined) {
      const boundary = this.policies.get(input.permissionsBoundary);
      if (boundary.serviceLinkedRolePolicy) {
        throw iamErrors.invalidInput(`Policy ${boundary.arn} cannot be used as a permissions boundary.`);
      }
      this.policies.countBoundaryUse(boundary.arn, 1);
    }
    const path = input.path ?? '/';
    const user: User = {
      userName: input.userName,
      userId: iamUniqueId('AIDA'),
      path,
      arn: `arn:aws:iam::${this.accountId}:user${path}${input.userName}`,
      createDate: now,
      tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })),
      permissionsBoundary: input.permissionsBoundary,
      inlinePolicies: new Map(),
      attachedPolicyArns: [],
      groups: new Set(),
    };
    this.users.set(user.userName.toLowerCase(), user);
    return user;
  }

  /**
   * DeleteUser. As in AWS, everything hanging off the user must go first; `accessKeyCount`
   * comes from the access key registry.
   */
  delete(userName: string, accessKeyCount: number): void {
    const user = this.get(userName);
    if (accessKeyCount > 0) throw iamErrors.deleteConflict('Cannot delete entity, must delete access keys first.');
    if (user.inlinePolicies.size > 0) throw iamErrors.deleteConflict('Cannot delete entity, must delete policies first.');
    if (user.attachedPolicyArns.length > 0) {
      throw iamErrors.deleteConflict('Cannot delete entity, must detach all policies first.');
    }
    if (user.groups.size > 0) throw iamErrors.deleteConflict('Cannot delete entity, must remove user from all groups first.');
    if (user.permissionsBoundary) this.policies.countBoundaryUse(user.permissionsBoundary, -1);
    this.users.delete(user.userName.toLowerCase());
  }

  putInlinePolicy(userName: string, policyName: string, document: string): void {
    const user = this.get(userName);
    parsePolicyDocument(document);
    user.inlinePolicies.set(findName(user.inlinePolicies.keys(), policyName) ?? policyName, document);
  }

  inlinePolicy(userName: string, policyName: string): { userName: string; policyName: string; document: string } {
    const user = this.get(userName);
    const name = findName(user.inlinePolicies.keys(), policyName);
    if (name === undefined) throw iamErrors.noSuchEntity(`The user policy with name ${policyName} cannot be found.`);
    return { userName: user.userName, policyName: name, document: user.inlinePolicies.get(name)! };
  }

  deleteInlinePolicy(userName: string, policyName: string): void {
    const { policyName: name } = this.inlinePolicy(userName, policyName);
    this.get(userName).inlinePolicies.delete(name);
  }

  /** AttachUserPolicy; attaching an attached policy again changes nothing, as in AWS. */
  attachPolicy(userName: string, policyArn: string): void {
    const user = this.get(userName);
    if (user.attachedPolicyArns.includes(policyArn)) {
      this.policies.get(policyArn);
      return;
    }
    this.policies.attach(policyArn, 'user');
    user.attachedPolicyArns.push(policyArn);
  }

  detachPolicy(userName: string, policyArn: string): void {
    const user = this.get(userName);
    const i = user.attachedPolicyArns.indexOf(policyArn);
    if (i < 0) {
      this.policies.get(policyArn);
      throw iamErrors.noSuchEntity(`Policy ${policyArn} was not found.`);
    }
    user.attachedPolicyArns.splice(i, 1);
    this.policies.detach(policyArn);
  }

  tag(userName: string, tags: Tag[]): void {
    const user = this.get(userName);
    user.tags = mergeTags(user.tags, tags, 'TagsPerUser');
  }

  untag(userName: string, keys: string[]): void {
    const user = this.get(userName);
    user.tags = removeTags(user.tags, keys);
  }
}
