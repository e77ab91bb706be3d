import { ManagedPolicyRegistry } from '../../../state/iam/managedPolicies.js';
import type { User } from '../../../state/iam/users.js';
import { iamArn } from '../../../state/arns.js';
import { iamErrors } from '../../../state/iam/errors.js';
import { defineOperation, type AuthRequest, type RequestContext } from '../../operation.js';
import { enumOf, req, str, struct } from '../../shapes.js';
import {
  marker,
  maxItems,
  path,
  pathPrefix,
  policyArn,
  policyDocument,
  policyName,
  policyPath,
  tagKeys,
  tags,
  userName,
} from './fields.js';
import { encodePolicyDocument, page } from './output.js';

/** Names of existing users (CreateAccessKey, PutUserPolicy, …) may be longer than new ones. */
export const existingUserName = () => str({ min: 1, max: 128, pattern: '[\\w+=,.@-]+' });

/** The ARN IAM authorizes a user action on: the user's real ARN, or the path-less one if it does not exist. */
export function userResource(ctx: RequestContext, name: string): string {
  return ctx.account.iam.users.find(name)?.arn ?? iamArn.user(ctx.account.id, '/', name);
}

const onUser =
  (action: string, extra?: (input: any) => Record<string, string | string[]>) =>
  (input: { UserName: string }, ctx: RequestContext): AuthRequest => ({
    action: `iam:${action}`,
    resource: userResource(ctx, input.UserName),
    context: extra?.(input),
  });

/** Operations that default to the caller's own user when UserName is absent. */
export function targetUserName(ctx: RequestContext, given: string | undefined): string {
  if (given !== undefined) return given;
  if (ctx.principal.kind === 'user') return ctx.principal.userName;
  throw iamErrors.userNameRequired();
}

export function userOutput(user: User, options: { listing?: boolean } = {}) {
  return {
    Path: user.path,
    UserName: user.userName,
    UserId: user.userId,
    Arn: user.arn,
    CreateDate: user.createDate,
    PermissionsBoundary:
      options.listing || !user.permissionsBoundary
        ? undefined
        : { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: user.permissionsBoundary },
    Tags: options.listing || user.tags.length === 0 ? undefined : user.tags,
  };
}

const requestTags = (list: { Key: string; Value: string }[] | undefined) => {
  const context: Record<string, string | string[]> = {};
  if (!list || list.length === 0) return context;
  context['aws:TagKeys'] = list.map((t) => t.Key);
  for (const t of list) context[`aws:RequestTag/${t.Key}`] = t.Value;
  return context;
};

export const createUser = defineOperation({
  name: 'CreateUser',
  input: struct({ Path: path(), UserName: req(userName()), PermissionsBoundary: policyArn(), Tags: tags() }),
  handle(input, ctx) {
    const user = ctx.account.iam.users.create(
      { userName: input.UserName, path: input.Path, tags: input.Tags, permissionsBoundary: input.PermissionsBoundary },
      ctx.now,
    );
    return { User: userOutput(user) };
  },
  authorize: (input, ctx) => ({
    action: 'iam:CreateUser',
    resource: iamArn.user(ctx.account.id, input.Path ?? '/', input.UserName),
    context: {
      ...requestTags(input.Tags),
      ...(input.PermissionsBoundary ? { 'iam:PermissionsBoundary': input.PermissionsBoundary } : {}),
    },
  }),
});

export const getUser = defineOperation({
  name: 'GetUser',
  input: struct({ UserName: existingUserName() }),
  handle(input, ctx) {
    const p = ctx.principal;
    // Without a name, GetUser describes the caller; the account root has no user name or path.
    if (input.UserName === undefined && p.kind === 'root') {
      return { User: { UserId: p.accountId, Arn: p.arn, CreateDate: ctx.account.iam.users.rootCreateDate(ctx.now) } };
    }
    return { User: userOutput(ctx.account.iam.users.get(targetUserName(ctx, input.UserName))) };
  },
  authorize: (input, ctx) => ({
    action: 'iam:GetUser',
    resource: input.UserName === undefined ? ctx.principal.arn : userResource(ctx, input.UserName),
  }),
});

export const listUsers = defineOperation({
  name: 'ListUsers',
  input: struct({ PathPrefix: pathPrefix(), Marker: marker(), MaxItems: maxItems() }),
  handle(input, ctx) {
    const prefix = input.PathPrefix ?? '/';
    const users = ctx.account.iam.users.sorted().filter((u) => u.path.startsWith(prefix));
    const p = page(users, input.Marker, input.MaxItems);
    return { Users: p.items.map((u) => userOutput(u, { listing: true })), IsTruncated: p.IsTruncated, Marker: p.Marker };
  },
});

export const deleteUser = defineOperation({
  name: 'DeleteUser',
  input: struct({ UserName: req(existingUserName()) }),
  handle(input, ctx) {
    ctx.account.iam.deleteUser(input.UserName);
    return undefined;
  },
  authorize: onUser('DeleteUser'),
});

export const tagUser = defineOperation({
  name: 'TagUser',
  input: struct({ UserName: req(existingUserName()), Tags: req(tags()) }),
  handle(input, ctx) {
    ctx.account.iam.users.tag(input.UserName, input.Tags);
    return undefined;
  },
  authorize: onUser('TagUser', (input) => requestTags(input.Tags)),
});

export const untagUser = defineOperation({
  name: 'UntagUser',
  input: struct({ UserName: req(existingUserName()), TagKeys: req(tagKeys()) }),
  handle(input, ctx) {
    ctx.account.iam.users.untag(input.UserName, input.TagKeys);
    return undefined;
  },
  authorize: onUser('UntagUser', (input) => ({ 'aws:TagKeys': input.TagKeys })),
});

export const listUserTags = defineOperation({
  name: 'ListUserTags',
  input: struct({ UserName: req(existingUserName()), Marker: marker(), MaxItems: maxItems() }),
  handle(input, ctx) {
    const p = page(ctx.account.iam.users.get(input.UserName).tags, input.Marker, input.MaxItems);
    return { Tags: p.items, IsTruncated: p.IsTruncated, Marker: p.Marker };
  },
  authorize: onUser('ListUserTags'),
});

export const putUserPolicy = defineOperation({
  name: 'PutUserPolicy',
  input: struct({ UserName: req(existingUserName()), PolicyName: req(policyName()), PolicyDocument: req(policyDocument()) }),
  handle(input, ctx) {
    ctx.account.iam.users.putInlinePolicy(input.UserName, input.PolicyName, input.PolicyDocument);
    return undefined;
  },
  authorize: onUser('PutUserPolicy'),
});

export const getUserPolicy = defineOperation({
  name: 'GetUserPolicy',
  input: struct({ UserName: req(existingUserName()), PolicyName: req(policyName()) }),
  handle(input, ctx) {
    const p = ctx.account.iam.users.inlinePolicy(input.UserName, input.PolicyName);
    return { UserName: p.userName, PolicyName: p.policyName, PolicyDocument: encodePolicyDocument(p.document) };
  },
  authorize: onUser('GetUserPolicy'),
});

export const deleteUserPolicy = defineOperation({
  name: 'DeleteUserPolicy',
  input: struct({ UserName: req(existingUserName()), PolicyName: req(policyName()) }),
  handle(input, ctx) {
    ctx.account.iam.users.deleteInlinePolicy(input.UserName, input.PolicyName);
    return undefined;
  },
  authorize: onUser('DeleteUserPolicy'),
});

const byLowerName = (a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase());

export const listUserPolicies = defineOperation({
  name: 'ListUserPolicies',
  input: struct({ UserName: req(existingUserName()), Marker: marker(), MaxItems: maxItems() }),
  handle(input, ctx) {
    const names = [...ctx.account.iam.users.get(input.UserName).inlinePolicies.keys()].sort(byLowerName);
    const p = page(names, input.Marker, input.MaxItems);
    return { PolicyNames: p.items, IsTruncated: p.IsTruncated, Marker: p.Marker };
  },
  authorize: onUser('ListUserPolicies'),
});

export const attachUserPolicy = defineOperation({
  name: 'AttachUserPolicy',
  input: struct({ UserName: req(userName()), PolicyArn: req(policyArn()) }),
  handle(input, ctx) {
    ctx.account.iam.users.attachPolicy(input.UserName, input.PolicyArn);
    return undefined;
  },
  authorize: onUser('AttachUserPolicy', (input) => ({ 'iam:PolicyARN': input.PolicyArn })),
});

export const detachUserPolicy = defineOperation({
  name: 'DetachUserPolicy',
  input: struct({ UserName: req(userName()), PolicyArn: req(policyArn()) }),
  handle(input, ctx) {
    ctx.account.iam.users.detachPolicy(input.UserName, input.PolicyArn);
    return undefined;
  },
  authorize: onUser('DetachUserPolicy', (input) => ({ 'iam:PolicyARN': input.PolicyArn })),
});

/** The AttachedPolicies list of a user, group or role, filtered by policy path. */
export function attachedPoliciesOutput(ctx: RequestContext, arns: readonly string[], prefix: string | undefined) {
  return arns
    .map((arn) => ManagedPolicyRegistry.attachedPolicy(arn))
    .filter((p) => p.path.startsWith(prefix ?? '/'))
    .map((p) => ({ PolicyName: p.policyName, PolicyArn: p.policyArn }));
}

export const listAttachedUserPolicies = defineOperation({
  name: 'ListAttachedUserPolicies',
  input: struct({ UserName: req(userName()), PathPrefix: policyPath(), Marker: marker(), MaxItems: maxItems() }),
  handle(input, ctx) {
    const user = ctx.account.iam.users.get(input.UserName);
    const p = page(attachedPoliciesOutput(ctx, user.attachedPolicyArns, input.PathPrefix), input.Marker, input.MaxItems);
    return { AttachedPolicies: p.items, IsTruncated: p.IsTruncated, Marker: p.Marker };
  },
  authorize: onUser('ListAttachedUserPolicies'),
});

export const listGroupsForUser = defineOperation({
  name: 'ListGroupsForUser',
  input: struct({ UserName: req(existingUserName()), Marker: marker(), MaxItems: maxItems() }),
  handle(input, ctx) {
    const { users, groups } = ctx.account.iam;
    const p = page(groups.groupsOf(users.get(input.UserName)), input.Marker, input.MaxItems);
    return {
      Groups: p.items.map((g) => ({ Path: g.path, GroupName: g.groupName, GroupId: g.groupId, Arn: g.arn, CreateDate: g.createDate })),
      IsTruncated: p.IsTruncated,
      Marker: p.Marker,
    };
  },
  authorize: onUser('ListGroupsForUser'),
});

/** ListEntitiesForPolicy: the users, groups and roles a managed policy is attached to (or bounds). */
export const listEntitiesForPolicy = defineOperation({
  name: 'ListEntitiesForPolicy',
  input: struct({
    PolicyArn: req(policyArn()),
    EntityFilter: enumOf(['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const),
    PathPrefix: pathPrefix(),
    PolicyUsageFilter: enumOf(['PermissionsPolicy', 'PermissionsBoundary'] as const),
    Marker: marker(),
    MaxItems: maxItems(),
  }),
  handle(input, ctx) {
    const iam = ctx.account.iam;
    const policy = iam.policies.get(input.PolicyArn);
    const prefix = input.PathPrefix ?? '/';
    const filter = input.EntityFilter;
    const usage = input.PolicyUsageFilter;
    const holds = (e: { attachedPolicyArns: string[]; permissionsBoundary?: string; path: string }) =>
      e.path.startsWith(prefix) &&
      ((usage !== 'PermissionsBoundary' && e.attachedPolicyArns.includes(policy.arn)) ||
        (usage !== 'PermissionsPolicy' && e.permissionsBoundary === policy.arn));
    // Entity filters that name policy kinds keep every entity type when the policy is of that kind.
    const kindMatches =
      filter === undefined ||
      (filter === 'LocalManagedPolicy' && !policy.awsManaged) ||
      (filter === 'AWSManagedPolicy' && policy.awsManaged);
    type Entry = { kind: 'group' | 'user' | 'role'; name: string; id: string };
    const entries: Entry[] = [];
    if (kindMatches || filter === 'Group') {
      for (const g of iam.groups.sorted()) if (holds(g)) entries.push({ kind: 'group', name: g.groupName, id: g.groupId });
    }
    if (kindMatches || filter === 'User') {
      for (const u of iam.users.sorted()) if (holds(u)) entries.push({ kind: 'user', name: u.userName, id: u.userId });
    }
    if (kindMatches || filter === 'Role') {
      for (const r of iam.roles.sorted()) if (holds(r)) entries.push({ kind: 'role', name: r.roleName, id: r.roleId });
    }
    const p = page(entries, input.Marker, input.MaxItems);
    const of = (kind: Entry['kind']) => p.items.filter((e) => e.kind === kind);
    return {
      PolicyGroups: of('group').map((e) => ({ GroupName: e.name, GroupId: e.id })),
      PolicyUsers: of('user').map((e) => ({ UserName: e.name, UserId: e.id })),
      PolicyRoles: of('role').map((e) => ({ RoleName: e.name, RoleId: e.id })),
      IsTruncated: p.IsTruncated,
      Marker: p.Marker,
    };
  },
  authorize: (input) => ({ action: 'iam:ListEntitiesForPolicy', resource: input.PolicyArn }),
});

export const putUserPermissionsBoundary = defineOperation({
  name: 'PutUserPermissionsBoundary',
  input: struct({ UserName: req(userName()), PermissionsBoundary: req(policyArn()) }),
  handle(input, ctx) {
    ctx.account.iam.users.setPermissionsBoundary(input.UserName, input.PermissionsBoundary);
    return undefined;
  },
  authorize: onUser('PutUserPermissionsBoundary', (input) => ({ 'iam:PermissionsBoundary': input.PermissionsBoundary })),
});

export const deleteUserPermissionsBoundary = defineOperation({
  name: 'DeleteUserPermissionsBoundary',
  input: struct({ UserName: req(userName()) }),
  handle(input, ctx) {
    ctx.account.iam.users.setPermissionsBoundary(input.UserName, undefined);
    return undefined;
  },
  authorize: onUser('DeleteUserPermissionsBoundary'),
});

export const userOperations = [
  createUser,
  getUser,
  listUsers,
  deleteUser,
  tagUser,
  untagUser,
  listUserTags,
  putUserPolicy,
  getUserPolicy,
  deleteUserPolicy,
  listUserPolicies,
  attachUserPolicy,
  detachUserPolicy,
  listAttachedUserPolicies,
  listGroupsForUser,
  listEntitiesForPolicy,
  putUserPermissionsBoundary,
  deleteUserPermissionsBoundary,
];
