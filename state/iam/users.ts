import { iamArn } from '../arns.js';
import { iamUniqueId } from '../ids.js';
import { parsePolicyDocument } from '../policy/document.js';
import { iamErrors } from './errors.js';
import { attachManagedPolicy, detachManagedPolicy, inlinePoliciesCodec, inlinePolicyOf, noInlinePolicies, putInlinePolicyOn } from './policyHolder.js';
import { ManagedPolicyRegistry } from './managedPolicies.js';
import { requireBoundaryPolicy, setPermissionsBoundary } from './permissionsBoundaries.js';
import { iamTagCodec, mergeTags, removeTags, requireDistinctTagKeys, type Tag } from './tags.js';
import { child, fail, instant, list, object, optional, readList, readParts, setOf, str, type Codec, type Json } from '../snapshot/codec.js';

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

export const userCodec: Codec<User> = object({
  userName: str,
  userId: str,
  path: str,
  arn: str,
  createDate: instant,
  tags: list(iamTagCodec),
  permissionsBoundary: optional(str),
  inlinePolicies: inlinePoliciesCodec,
  attachedPolicyArns: list(str),
  groups: setOf(str),
});

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
    if (!user) throw iamErrors.userNotFound(userName);
    return user;
  }

  /** Sorted as ListUsers returns them. */
  sorted(): User[] {
    return [...this.users.values()].sort((a, b) => a.userName.toLowerCase().localeCompare(b.userName.toLowerCase()));
  }

  create(input: { userName: string; path?: string; tags?: Tag[]; permissionsBoundary?: string }, now: Date): User {
    if (this.find(input.userName)) throw iamErrors.userExists(input.userName);
    const tags = input.tags ?? [];
    requireDistinctTagKeys(tags);
    if (input.permissionsBoundary !== undefined) {
      requireBoundaryPolicy(this.policies, input.permissionsBoundary);
      this.policies.countBoundaryUse(input.permissionsBoundary, 1);
    }
    const path = input.path ?? '/';
    const user: User = {
      userName: input.userName,
      userId: iamUniqueId('AIDA'),
      path,
      arn: iamArn.user(this.accountId, path, input.userName),
      createDate: now,
      tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })),
      permissionsBoundary: input.permissionsBoundary,
      inlinePolicies: noInlinePolicies(),
      attachedPolicyArns: [],
      groups: new Set(),
    };
    this.users.set(user.userName.toLowerCase(), user);
    return user;
  }

  /** Removes the user with its boundary count; the rules of when it may are IamState.deleteUser's. */
  delete(user: User): void {
    if (user.permissionsBoundary) this.policies.countBoundaryUse(user.permissionsBoundary, -1);
    this.users.delete(user.userName.toLowerCase());
  }

  /** The users, and the root's CreateDate once someone asked for it. */
  toSnapshot(): Json {
    return {
      users: list(userCodec).encode([...this.users.values()]),
      ...(this.rootCreated ? { rootCreateDate: instant.encode(this.rootCreated) } : {}),
    };
  }

  restore(value: unknown, path: string): void {
    const parts = readParts(value, path, ['users', 'rootCreateDate']);
    if (parts.rootCreateDate !== undefined) this.rootCreated = instant.decode(parts.rootCreateDate, child(path, 'rootCreateDate'));
    const listPath = child(path, 'users');
    readList(userCodec, parts.users, listPath).forEach((user, i) => {
      const at = child(listPath, i);
      if (this.find(user.userName)) fail(child(at, 'userName'), `a user named ${user.userName} comes earlier in the list`);
      const arn = iamArn.user(this.accountId, user.path, user.userName);
      if (user.arn !== arn) fail(child(at, 'arn'), `expected ${arn}, the ARN of user ${user.userName} at path ${user.path}`);
      this.users.set(user.userName.toLowerCase(), user);
    });
  }

  putInlinePolicy(userName: string, policyName: string, document: string): void {
    const user = this.get(userName);
    parsePolicyDocument(document);
    putInlinePolicyOn(user, policyName, document);
  }

  inlinePolicy(userName: string, policyName: string): { userName: string; policyName: string; document: string } {
    const user = this.get(userName);
    return { userName: user.userName, ...inlinePolicyOf(user, policyName, 'user') };
  }

  deleteInlinePolicy(userName: string, policyName: string): void {
    const { policyName: name } = this.inlinePolicy(userName, policyName);
    this.get(userName).inlinePolicies.delete(name);
  }

  /** AttachUserPolicy; attaching an attached policy again changes nothing, as in AWS. */
  attachPolicy(userName: string, policyArn: string): void {
    ManagedPolicyRegistry.requireParsableArn(policyArn);
    attachManagedPolicy(this.get(userName), this.policies, policyArn, 'user');
  }

  detachPolicy(userName: string, policyArn: string): void {
    detachManagedPolicy(this.get(userName), this.policies, policyArn);
  }


  /** Put/DeleteUserPermissionsBoundary (`undefined` clears it). */
  setPermissionsBoundary(userName: string, policyArn: string | undefined): void {
    setPermissionsBoundary(this.get(userName), this.policies, policyArn);
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
