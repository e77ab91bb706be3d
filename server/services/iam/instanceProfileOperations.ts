import { iamArn } from '../../../state/arns.js';
import type { IamState } from '../../../state/iam/iamState.js';
import type { InstanceProfile } from '../../../state/iam/instanceProfiles.js';
import { defineOperation, type RequestContext } from '../../operation.js';
import { req, struct } from '../../shapes.js';
import { instanceProfileName, marker, maxItems, path, pathPrefix, roleName, tagKeys, tags } from './fields.js';
import { page, roleOutput } from './output.js';
import { roleResource } from './roleOperations.js';

/** The InstanceProfile structure; its roles as ListRoles shows them. Lists leave out Tags, as for roles. */
export function instanceProfileOutput(iam: IamState, profile: InstanceProfile, options: { listing?: boolean } = {}) {
  return {
    Path: profile.path,
    InstanceProfileName: profile.instanceProfileName,
    InstanceProfileId: profile.instanceProfileId,
    Arn: profile.arn,
    CreateDate: profile.createDate,
    Roles: iam.instanceProfiles.rolesOf(profile).map((r) => roleOutput(r, { listing: true })),
    Tags: options.listing || profile.tags.length === 0 ? undefined : profile.tags,
  };
}

/** The ARN IAM authorizes an instance-profile action on (path-less when the profile does not exist). */
function profileResource(ctx: RequestContext, name: string): string {
  return ctx.account.iam.instanceProfiles.find(name)?.arn ?? iamArn.instanceProfile(ctx.account.id, '/', name);
}

const onProfile = (action: string) => (input: { InstanceProfileName: string }, ctx: RequestContext) => ({
  action: `iam:${action}`,
  resource: profileResource(ctx, input.InstanceProfileName),
});

export const createInstanceProfile = defineOperation({
  name: 'CreateInstanceProfile',
  input: struct({ InstanceProfileName: req(instanceProfileName()), Path: path(), Tags: tags() }),
  handle(input, ctx) {
    const iam = ctx.account.iam;
    const profile = iam.instanceProfiles.create(
      { instanceProfileName: input.InstanceProfileName, path: input.Path, tags: input.Tags },
      ctx.now,
    );
    return { InstanceProfile: instanceProfileOutput(iam, profile) };
  },
  authorize: (input, ctx) => ({
    action: 'iam:CreateInstanceProfile',
    resource: iamArn.instanceProfile(ctx.account.id, input.Path ?? '/', input.InstanceProfileName),
    context: input.Tags && input.Tags.length > 0 ? { 'aws:TagKeys': input.Tags.map((t) => t.Key) } : undefined,
  }),
});

export const getInstanceProfile = defineOperation({
  name: 'GetInstanceProfile',
  input: struct({ InstanceProfileName: req(instanceProfileName()) }),
  handle(input, ctx) {
    const iam = ctx.account.iam;
    return { InstanceProfile: instanceProfileOutput(iam, iam.instanceProfiles.get(input.InstanceProfileName)) };
  },
  authorize: onProfile('GetInstanceProfile'),
});

export const listInstanceProfiles = defineOperation({
  name: 'ListInstanceProfiles',
  input: struct({ PathPrefix: pathPrefix(), Marker: marker(), MaxItems: maxItems() }),
  handle(input, ctx) {
    const iam = ctx.account.iam;
    const prefix = input.PathPrefix ?? '/';
    const p = page(iam.instanceProfiles.sorted().filter((ip) => ip.path.startsWith(prefix)), input.Marker, input.MaxItems);
    return {
      InstanceProfiles: p.items.map((ip) => instanceProfileOutput(iam, ip, { listing: true })),
      IsTruncated: p.IsTruncated,
      Marker: p.Marker,
    };
  },
});

export const deleteInstanceProfile = defineOperation({
  name: 'DeleteInstanceProfile',
  input: struct({ InstanceProfileName: req(instanceProfileName()) }),
  handle(input, ctx) {
    ctx.account.iam.instanceProfiles.delete(input.InstanceProfileName);
    return undefined;
  },
  authorize: onProfile('DeleteInstanceProfile'),
});

// AWS documents that the caller also needs iam:PassRole on the role it puts in the profile.
export const addRoleToInstanceProfile = defineOperation({
  name: 'AddRoleToInstanceProfile',
  input: struct({ InstanceProfileName: req(instanceProfileName()), RoleName: req(roleName()) }),
  handle(input, ctx) {
    ctx.account.iam.instanceProfiles.addRole(input.InstanceProfileName, input.RoleName);
    return undefined;
  },
  authorize: (input, ctx) => [
    { action: 'iam:AddRoleToInstanceProfile', resource: profileResource(ctx, input.InstanceProfileName) },
    { action: 'iam:PassRole', resource: roleResource(ctx, input.RoleName) },
  ],
});

export const removeRoleFromInstanceProfile = defineOperation({
  name: 'RemoveRoleFromInstanceProfile',
  input: struct({ InstanceProfileName: req(instanceProfileName()), RoleName: req(roleName()) }),
  handle(input, ctx) {
    ctx.account.iam.instanceProfiles.removeRole(input.InstanceProfileName, input.RoleName);
    return undefined;
  },
  authorize: onProfile('RemoveRoleFromInstanceProfile'),
});

export const listInstanceProfilesForRole = defineOperation({
  name: 'ListInstanceProfilesForRole',
  input: struct({ RoleName: req(roleName()), Marker: marker(), MaxItems: maxItems() }),
  handle(input, ctx) {
    const iam = ctx.account.iam;
    const p = page(iam.instanceProfiles.forRole(input.RoleName), input.Marker, input.MaxItems);
    return {
      InstanceProfiles: p.items.map((ip) => instanceProfileOutput(iam, ip, { listing: true })),
      IsTruncated: p.IsTruncated,
      Marker: p.Marker,
    };
  },
  authorize: (input, ctx) => ({ action: 'iam:ListInstanceProfilesForRole', resource: roleResource(ctx, input.RoleName) }),
});

export const tagInstanceProfile = defineOperation({
  name: 'TagInstanceProfile',
  input: struct({ InstanceProfileName: req(instanceProfileName()), Tags: req(tags()) }),
  handle(input, ctx) {
    ctx.account.iam.instanceProfiles.tag(input.InstanceProfileName, input.Tags);
    return undefined;
  },
  authorize: (input, ctx) => ({
    ...onProfile('TagInstanceProfile')(input, ctx),
    context: { 'aws:TagKeys': input.Tags.map((t) => t.Key) },
  }),
});

export const untagInstanceProfile = defineOperation({
  name: 'UntagInstanceProfile',
  input: struct({ InstanceProfileName: req(instanceProfileName()), TagKeys: req(tagKeys()) }),
  handle(input, ctx) {
    ctx.account.iam.instanceProfiles.untag(input.InstanceProfileName, input.TagKeys);
    return undefined;
  },
  authorize: (input, ctx) => ({
    ...onProfile('UntagInstanceProfile')(input, ctx),
    context: { 'aws:TagKeys': input.TagKeys },
  }),
});

export const listInstanceProfileTags = defineOperation({
  name: 'ListInstanceProfileTags',
  input: struct({ InstanceProfileName: req(instanceProfileName()), Marker: marker(), MaxItems: maxItems() }),
  handle(input, ctx) {
    const p = page(ctx.account.iam.instanceProfiles.get(input.InstanceProfileName).tags, input.Marker, input.MaxItems);
    return { Tags: p.items, IsTruncated: p.IsTruncated, Marker: p.Marker };
  },
  authorize: onProfile('ListInstanceProfileTags'),
});

export const instanceProfileOperations = [
  createInstanceProfile,
  getInstanceProfile,
  listInstanceProfiles,
  deleteInstanceProfile,
  addRoleToInstanceProfile,
  removeRoleFromInstanceProfile,
  listInstanceProfilesForRole,
  tagInstanceProfile,
  untagInstanceProfile,
  listInstanceProfileTags,
];
