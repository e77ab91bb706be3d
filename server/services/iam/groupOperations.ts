import { iamArn } from '../../../state/arns.js';
import type { Group } from '../../../state/iam/groups.js';
import { defineOperation, type RequestContext } from '../../operation.js';
import { req, str, struct } from '../../shapes.js';
import { marker, maxItems, path, pathPrefix, policyArn, policyDocument, policyName, policyPath } from './fields.js';
import { encodePolicyDocument, page } from './output.js';
import { attachedPoliciesOutput, existingUserName, userOutput } from './userOperations.js';

const groupName = () => str({ min: 1, max: 128, pattern: '[\\w+=,.@-]+' });

/** The ARN IAM authorizes a group action on: the group's real ARN, or the path-less one. */
function groupResource(ctx: RequestContext, name: string): string {
  return ctx.account.iam.groups.find(name)?.arn ?? iamArn.group(ctx.account.id, '/', name);
}

const onGroup =
  (action: string, extra?: (input: any) => Record<string, string>) =>
  (input: { GroupName: string }, ctx: RequestContext) => ({
    action: `iam:${action}`,
    resource: groupResource(ctx, input.GroupName),
    context: extra?.(input),
  });

function groupOutput(g: Group) {
  return { Path: g.path, GroupName: g.groupName, GroupId: g.groupId, Arn: g.arn, CreateDate: g.createDate };
}

export const createGroup = defineOperation({
  name: 'CreateGroup',
  input: struct({ Path: path(), GroupName: req(groupName()) }),
  handle(input, ctx) {
    return { Group: groupOutput(ctx.account.iam.groups.create({ groupName: input.GroupName, path: input.Path }, ctx.now)) };
  },
  authorize: (input, ctx) => ({
    action: 'iam:CreateGroup',
    resource: iamArn.group(ctx.account.id, input.Path ?? '/', input.GroupName),
  }),
});

export const getGroup = defineOperation({
  name: 'GetGroup',
  input: struct({ GroupName: req(groupName()), Marker: marker(), MaxItems: maxItems() }),
  handle(input, ctx) {
    const groups = ctx.account.iam.groups;
    const group = groups.get(input.GroupName);
    const members = groups.membersOf(group).sort((a, b) => a.userName.toLowerCase().localeCompare(b.userName.toLowerCase()));
    const p = page(members, input.Marker, input.MaxItems);
    return {
      Group: groupOutput(group),
      Users: p.items.map((u) => userOutput(u, { listing: true })),
      IsTruncated: p.IsTruncated,
      Marker: p.Marker,
    };
  },
  authorize: onGroup('GetGroup'),
});

export const listGroups = defineOperation({
  name: 'ListGroups',
  input: struct({ PathPrefix: pathPrefix(), Marker: marker(), MaxItems: maxItems() }),
  handle(input, ctx) {
    const prefix = input.PathPrefix ?? '/';
    const p = page(
      ctx.account.iam.groups.sorted().filter((g) => g.path.startsWith(prefix)),
      input.Marker,
      input.MaxItems,
    );
    return { Groups: p.items.map(groupOutput), IsTruncated: p.IsTruncated, Marker: p.Marker };
  },
});

export const deleteGroup = defineOperation({
  name: 'DeleteGroup',
  input: struct({ GroupName: req(groupName()) }),
  handle(input, ctx) {
    ctx.account.iam.deleteGroup(input.GroupName);
    return undefined;
  },
  authorize: onGroup('DeleteGroup'),
});

export const addUserToGroup = defineOperation({
  name: 'AddUserToGroup',
  input: struct({ GroupName: req(groupName()), UserName: req(existingUserName()) }),
  handle(input, ctx) {
    ctx.account.iam.groups.addUser(input.GroupName, input.UserName);
    return undefined;
  },
  authorize: onGroup('AddUserToGroup'),
});

export const removeUserFromGroup = defineOperation({
  name: 'RemoveUserFromGroup',
  input: struct({ GroupName: req(groupName()), UserName: req(existingUserName()) }),
  handle(input, ctx) {
    ctx.account.iam.groups.removeUser(input.GroupName, input.UserName);
    return undefined;
  },
  authorize: onGroup('RemoveUserFromGroup'),
});

export const putGroupPolicy = defineOperation({
  name: 'PutGroupPolicy',
  input: struct({ GroupName: req(groupName()), PolicyName: req(policyName()), PolicyDocument: req(policyDocument()) }),
  handle(input, ctx) {
    ctx.account.iam.groups.putInlinePolicy(input.GroupName, input.PolicyName, input.PolicyDocument);
    return undefined;
  },
  authorize: onGroup('PutGroupPolicy'),
});

export const getGroupPolicy = defineOperation({
  name: 'GetGroupPolicy',
  input: struct({ GroupName: req(groupName()), PolicyName: req(policyName()) }),
  handle(input, ctx) {
    const p = ctx.account.iam.groups.inlinePolicy(input.GroupName, input.PolicyName);
    return { GroupName: p.groupName, PolicyName: p.policyName, PolicyDocument: encodePolicyDocument(p.document) };
  },
  authorize: onGroup('GetGroupPolicy'),
});

export const deleteGroupPolicy = defineOperation({
  name: 'DeleteGroupPolicy',
  input: struct({ GroupName: req(groupName()), PolicyName: req(policyName()) }),
  handle(input, ctx) {
    ctx.account.iam.groups.deleteInlinePolicy(input.GroupName, input.PolicyName);
    return undefined;
  },
  authorize: onGroup('DeleteGroupPolicy'),
});

export const listGroupPolicies = defineOperation({
  name: 'ListGroupPolicies',
  input: struct({ GroupName: req(groupName()), Marker: marker(), MaxItems: maxItems() }),
  handle(input, ctx) {
    const names = [...ctx.account.iam.groups.get(input.GroupName).inlinePolicies.keys()].sort((a, b) =>
      a.toLowerCase().localeCompare(b.toLowerCase()),
    );
    const p = page(names, input.Marker, input.MaxItems);
    return { PolicyNames: p.items, IsTruncated: p.IsTruncated, Marker: p.Marker };
  },
  authorize: onGroup('ListGroupPolicies'),
});

export const attachGroupPolicy = defineOperation({
  name: 'AttachGroupPolicy',
  input: struct({ GroupName: req(groupName()), PolicyArn: req(policyArn()) }),
  handle(input, ctx) {
    ctx.account.iam.groups.attachPolicy(input.GroupName, input.PolicyArn);
    return undefined;
  },
  authorize: onGroup('AttachGroupPolicy', (input) => ({ 'iam:PolicyARN': input.PolicyArn })),
});

export const detachGroupPolicy = defineOperation({
  name: 'DetachGroupPolicy',
  input: struct({ GroupName: req(groupName()), PolicyArn: req(policyArn()) }),
  handle(input, ctx) {
    ctx.account.iam.groups.detachPolicy(input.GroupName, input.PolicyArn);
    return undefined;
  },
  authorize: onGroup('DetachGroupPolicy', (input) => ({ 'iam:PolicyARN': input.PolicyArn })),
});

export const listAttachedGroupPolicies = defineOperation({
  name: 'ListAttachedGroupPolicies',
  input: struct({ GroupName: req(groupName()), PathPrefix: policyPath(), Marker: marker(), MaxItems: maxItems() }),
  handle(input, ctx) {
    const group = ctx.account.iam.groups.get(input.GroupName);
    const p = page(attachedPoliciesOutput(ctx, group.attachedPolicyArns, input.PathPrefix), input.Marker, input.MaxItems);
    return { AttachedPolicies: p.items, IsTruncated: p.IsTruncated, Marker: p.Marker };
  },
  authorize: onGroup('ListAttachedGroupPolicies'),
});


export const groupOperations = [
  createGroup,
  getGroup,
  listGroups,
  deleteGroup,
  addUserToGroup,
  removeUserFromGroup,
  putGroupPolicy,
  getGroupPolicy,
  deleteGroupPolicy,
  listGroupPolicies,
  attachGroupPolicy,
  detachGroupPolicy,
  listAttachedGroupPolicies,
];
