import { ManagedPolicyRegistry } from '../../../state/iam/managedPolicies.js';
import { iamArn } from '../../../state/arns.js';
import { defineOperation, type RequestContext } from '../../operation.js';
import { req, struct } from '../../shapes.js';
import {
  marker,
  maxItems,
  maxSessionDuration,
  path,
  pathPrefix,
  policyArn,
  policyDocument,
  policyName,
  policyPath,
  roleDescription,
  roleName,
  tagKeys,
  tags,
} from './fields.js';
import { encodePolicyDocument, page, roleOutput } from './output.js';

/** The ARN IAM authorizes a role action on: the role's real ARN, or the path-less one if it does not exist. */
export function roleResource(ctx: RequestContext, name: string): string {
  return ctx.account.iam.roles.find(name)?.arn ?? iamArn.role(ctx.account.id, '/', name);
}

const onRole = (action: string) => (input: { RoleName: string }, ctx: RequestContext) => ({
  action: `iam:${action}`,
  resource: roleResource(ctx, input.RoleName),
});

export const createRole = defineOperation({
  name: 'CreateRole',
  input: struct({
    Path: path(),
    RoleName: req(roleName()),
    AssumeRolePolicyDocument: req(policyDocument()),
    Description: roleDescription(),
    MaxSessionDuration: maxSessionDuration(),
    PermissionsBoundary: policyArn(),
    Tags: tags(),
  }),
  handle(input, ctx) {
    const role = ctx.account.iam.roles.create(
      {
        roleName: input.RoleName,
        path: input.Path,
        assumeRolePolicyDocument: input.AssumeRolePolicyDocument,
        description: input.Description,
        maxSessionDuration: input.MaxSessionDuration,
        tags: input.Tags,
        permissionsBoundary: input.PermissionsBoundary,
      },
      ctx.now,
    );
    // AWS's answer names MaxSessionDuration only when the request set it (GetRole shows 3600).
    const { RoleLastUsed: _neverUsed, MaxSessionDuration, ...created } = roleOutput(role);
    return { Role: input.MaxSessionDuration === undefined ? created : { ...created, MaxSessionDuration } };
  },
  authorize: (input, ctx) => ({
    action: 'iam:CreateRole',
    resource: iamArn.role(ctx.account.id, input.Path ?? '/', input.RoleName),
    context: input.PermissionsBoundary ? { 'iam:PermissionsBoundary': input.PermissionsBoundary } : undefined,
  }),
});

export const getRole = defineOperation({
  name: 'GetRole',
  input: struct({ RoleName: req(roleName()) }),
  handle(input, ctx) {
    return { Role: roleOutput(ctx.account.iam.roles.get(input.RoleName)) };
  },
  authorize: onRole('GetRole'),
});

export const listRoles = defineOperation({
  name: 'ListRoles',
  input: struct({ PathPrefix: pathPrefix(), Marker: marker(), MaxItems: maxItems() }),
  handle(input, ctx) {
    const prefix = input.PathPrefix ?? '/';
    const sorted = ctx.account.iam.roles.sorted();
    // Every path starts with '/': the default lists all roles without walking them.
    const roles = prefix === '/' ? sorted : sorted.filter((r) => r.path.startsWith(prefix));
    const p = page(roles, input.Marker, input.MaxItems);
    return { Roles: p.items.map((r) => roleOutput(r, { listing: true })), IsTruncated: p.IsTruncated, Marker: p.Marker };
  },
});

export const updateRole = defineOperation({
  name: 'UpdateRole',
  input: struct({ RoleName: req(roleName()), Description: roleDescription(), MaxSessionDuration: maxSessionDuration() }),
  handle(input, ctx) {
    ctx.account.iam.roles.update(input.RoleName, {
      description: input.Description,
      maxSessionDuration: input.MaxSessionDuration,
    });
    return {};
  },
  authorize: onRole('UpdateRole'),
});

export const updateRoleDescription = defineOperation({
  name: 'UpdateRoleDescription',
  input: struct({ RoleName: req(roleName()), Description: req(roleDescription()) }),
  handle(input, ctx) {
    return { Role: roleOutput(ctx.account.iam.roles.update(input.RoleName, { description: input.Description })) };
  },
  // The seed's policy scopes this action with iam:AWSServiceName, so service-linked roles carry it.
  authorize(input, ctx) {
    const role = ctx.account.iam.roles.find(input.RoleName);
    return {
      action: 'iam:UpdateRoleDescription',
      resource: roleResource(ctx, input.RoleName),
      context: role?.linkedService ? { 'iam:AWSServiceName': role.linkedService } : undefined,
    };
  },
});

export const deleteRole = defineOperation({
  name: 'DeleteRole',
  input: struct({ RoleName: req(roleName()) }),
  handle(input, ctx) {
    ctx.account.iam.deleteRole(input.RoleName);
    return undefined;
  },
  authorize: onRole('DeleteRole'),
});

export const updateAssumeRolePolicy = defineOperation({
  name: 'UpdateAssumeRolePolicy',
  input: struct({ RoleName: req(roleName()), PolicyDocument: req(policyDocument()) }),
  handle(input, ctx) {
    ctx.account.iam.roles.updateAssumeRolePolicy(input.RoleName, input.PolicyDocument);
    return undefined;
  },
  authorize: onRole('UpdateAssumeRolePolicy'),
});

export const putRolePolicy = defineOperation({
  name: 'PutRolePolicy',
  input: struct({ RoleName: req(roleName()), PolicyName: req(policyName()), PolicyDocument: req(policyDocument()) }),
  handle(input, ctx) {
    ctx.account.iam.roles.putInlinePolicy(input.RoleName, input.PolicyName, input.PolicyDocument);
    return undefined;
  },
  authorize: onRole('PutRolePolicy'),
});

export const getRolePolicy = defineOperation({
  name: 'GetRolePolicy',
  input: struct({ RoleName: req(roleName()), PolicyName: req(policyName()) }),
  handle(input, ctx) {
    const p = ctx.account.iam.roles.inlinePolicy(input.RoleName, input.PolicyName);
    return { RoleName: p.roleName, PolicyName: p.policyName, PolicyDocument: encodePolicyDocument(p.document) };
  },
  authorize: onRole('GetRolePolicy'),
});

export const deleteRolePolicy = defineOperation({
  name: 'DeleteRolePolicy',
  input: struct({ RoleName: req(roleName()), PolicyName: req(policyName()) }),
  handle(input, ctx) {
    ctx.account.iam.roles.deleteInlinePolicy(input.RoleName, input.PolicyName);
    return undefined;
  },
  authorize: onRole('DeleteRolePolicy'),
});

export const listRolePolicies = defineOperation({
  name: 'ListRolePolicies',
  input: struct({ RoleName: req(roleName()), Marker: marker(), MaxItems: maxItems() }),
  handle(input, ctx) {
    const role = ctx.account.iam.roles.get(input.RoleName);
    const names = [...role.inlinePolicies.keys()].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    const p = page(names, input.Marker, input.MaxItems);
    return { PolicyNames: p.items, IsTruncated: p.IsTruncated, Marker: p.Marker };
  },
  authorize: onRole('ListRolePolicies'),
});

export const attachRolePolicy = defineOperation({
  name: 'AttachRolePolicy',
  input: struct({ RoleName: req(roleName()), PolicyArn: req(policyArn()) }),
  handle(input, ctx) {
    ctx.account.iam.roles.attachPolicy(input.RoleName, input.PolicyArn);
    return undefined;
  },
  authorize: (input, ctx) => ({
    action: 'iam:AttachRolePolicy',
    resource: roleResource(ctx, input.RoleName),
    context: { 'iam:PolicyARN': input.PolicyArn },
  }),
});

export const detachRolePolicy = defineOperation({
  name: 'DetachRolePolicy',
  input: struct({ RoleName: req(roleName()), PolicyArn: req(policyArn()) }),
  handle(input, ctx) {
    ctx.account.iam.roles.detachPolicy(input.RoleName, input.PolicyArn);
    return undefined;
  },
  authorize: (input, ctx) => ({
    action: 'iam:DetachRolePolicy',
    resource: roleResource(ctx, input.RoleName),
    context: { 'iam:PolicyARN': input.PolicyArn },
  }),
});

export const listAttachedRolePolicies = defineOperation({
  name: 'ListAttachedRolePolicies',
  input: struct({ RoleName: req(roleName()), PathPrefix: policyPath(), Marker: marker(), MaxItems: maxItems() }),
  handle(input, ctx) {
    const { roles, policies } = ctx.account.iam;
    const role = roles.get(input.RoleName);
    const prefix = input.PathPrefix ?? '/';
    const attached = role.attachedPolicyArns
      .map((arn) => ManagedPolicyRegistry.attachedPolicy(arn))
      .filter((p) => p.path.startsWith(prefix))
      .map((p) => ({ PolicyName: p.policyName, PolicyArn: p.policyArn }));
    const p = page(attached, input.Marker, input.MaxItems);
    return { AttachedPolicies: p.items, IsTruncated: p.IsTruncated, Marker: p.Marker };
  },
  authorize: onRole('ListAttachedRolePolicies'),
});

export const tagRole = defineOperation({
  name: 'TagRole',
  input: struct({ RoleName: req(roleName()), Tags: req(tags()) }),
  handle(input, ctx) {
    ctx.account.iam.roles.tag(input.RoleName, input.Tags);
    return undefined;
  },
  authorize: (input, ctx) => ({
    action: 'iam:TagRole',
    resource: roleResource(ctx, input.RoleName),
    context: { 'aws:TagKeys': input.Tags.map((t) => t.Key) },
  }),
});

export const untagRole = defineOperation({
  name: 'UntagRole',
  input: struct({ RoleName: req(roleName()), TagKeys: req(tagKeys()) }),
  handle(input, ctx) {
    ctx.account.iam.roles.untag(input.RoleName, input.TagKeys);
    return undefined;
  },
  authorize: (input, ctx) => ({
    action: 'iam:UntagRole',
    resource: roleResource(ctx, input.RoleName),
    context: { 'aws:TagKeys': input.TagKeys },
  }),
});

export const listRoleTags = defineOperation({
  name: 'ListRoleTags',
  input: struct({ RoleName: req(roleName()), Marker: marker(), MaxItems: maxItems() }),
  handle(input, ctx) {
    const p = page(ctx.account.iam.roles.get(input.RoleName).tags, input.Marker, input.MaxItems);
    return { Tags: p.items, IsTruncated: p.IsTruncated, Marker: p.Marker };
  },
  authorize: onRole('ListRoleTags'),
});

export const putRolePermissionsBoundary = defineOperation({
  name: 'PutRolePermissionsBoundary',
  input: struct({ RoleName: req(roleName()), PermissionsBoundary: req(policyArn()) }),
  handle(input, ctx) {
    ctx.account.iam.roles.setPermissionsBoundary(input.RoleName, input.PermissionsBoundary);
    return undefined;
  },
  authorize: (input, ctx) => ({
    action: 'iam:PutRolePermissionsBoundary',
    resource: roleResource(ctx, input.RoleName),
    context: { 'iam:PermissionsBoundary': input.PermissionsBoundary },
  }),
});

export const deleteRolePermissionsBoundary = defineOperation({
  name: 'DeleteRolePermissionsBoundary',
  input: struct({ RoleName: req(roleName()) }),
  handle(input, ctx) {
    ctx.account.iam.roles.setPermissionsBoundary(input.RoleName, undefined);
    return undefined;
  },
  authorize: onRole('DeleteRolePermissionsBoundary'),
});

export const roleOperations = [
  createRole,
  getRole,
  listRoles,
  updateRole,
  updateRoleDescription,
  deleteRole,
  updateAssumeRolePolicy,
  putRolePolicy,
  getRolePolicy,
  deleteRolePolicy,
  listRolePolicies,
  attachRolePolicy,
  detachRolePolicy,
  listAttachedRolePolicies,
  tagRole,
  untagRole,
  listRoleTags,
  putRolePermissionsBoundary,
  deleteRolePermissionsBoundary,
];
