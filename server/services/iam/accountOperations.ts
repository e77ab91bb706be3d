import { ManagedPolicyRegistry } from '../../../state/iam/managedPolicies.js';
import { createAccountAlias as createAlias, deleteAccountAlias as deleteAlias } from '../../../state/iam/accountAliases.js';
import { accountSummary, authorizationDetails, type AuthorizationDetail } from '../../../state/iam/accountReads.js';
import type { IamState } from '../../../state/iam/iamState.js';
import type { PolicyHolder } from '../../../state/iam/policyHolder.js';
import { XmlMap } from '../../protocols/query.js';
import { defineOperation } from '../../operation.js';
import { enumOf, list, req, struct } from '../../shapes.js';
import { accountAlias, marker, maxItems } from './fields.js';
import { instanceProfileOutput } from './instanceProfileOperations.js';
import { encodePolicyDocument, page, policyOutput, policyVersionOutput, roleOutput } from './output.js';
import { userOutput } from './userOperations.js';

const entityType = () => enumOf(['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const);

const boundaryOf = (arn: string | undefined) =>
  arn ? { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: arn } : undefined;

function inlineList(holder: PolicyHolder) {
  return [...holder.inlinePolicies].map(([PolicyName, doc]) => ({ PolicyName, PolicyDocument: encodePolicyDocument(doc) }));
}

function attachedList(iam: IamState, holder: PolicyHolder) {
  return holder.attachedPolicyArns.map((arn) => ({ PolicyName: ManagedPolicyRegistry.attachedPolicy(arn).policyName, PolicyArn: arn }));
}

/** The four detail structures of GetAccountAuthorizationDetails. */
function detailOutput(iam: IamState, d: AuthorizationDetail) {
  switch (d.kind) {
    case 'user': {
      const { Path, UserName, UserId, Arn, CreateDate } = userOutput(d.user);
      return {
        Path, UserName, UserId, Arn, CreateDate,
        UserPolicyList: inlineList(d.user),
        GroupList: [...d.user.groups].map((g) => iam.groups.find(g)?.groupName ?? g),
        AttachedManagedPolicies: attachedList(iam, d.user),
        PermissionsBoundary: boundaryOf(d.user.permissionsBoundary),
        Tags: d.user.tags.length > 0 ? d.user.tags : undefined,
      };
    }
    case 'group':
      return {
        Path: d.group.path,
        GroupName: d.group.groupName,
        GroupId: d.group.groupId,
        Arn: d.group.arn,
        CreateDate: d.group.createDate,
        GroupPolicyList: inlineList(d.group),
        AttachedManagedPolicies: attachedList(iam, d.group),
      };
    case 'role': {
      const r = roleOutput(d.role);
      return {
        Path: r.Path, RoleName: r.RoleName, RoleId: r.RoleId, Arn: r.Arn, CreateDate: r.CreateDate,
        AssumeRolePolicyDocument: r.AssumeRolePolicyDocument,
        InstanceProfileList: iam.instanceProfiles.holding(d.role.roleName).map((ip) => instanceProfileOutput(iam, ip)),
        RolePolicyList: inlineList(d.role),
        AttachedManagedPolicies: attachedList(iam, d.role),
        PermissionsBoundary: r.PermissionsBoundary,
        Tags: r.Tags,
        RoleLastUsed: r.RoleLastUsed,
      };
    }
    case 'policy': {
      const { Tags: _tags, ...policy } = policyOutput(d.policy);
      return {
        ...policy,
        PolicyVersionList: [...d.policy.versions].reverse().map((v) => policyVersionOutput(d.policy, v, { document: true })),
      };
    }
  }
}

const LIST_OF: Record<AuthorizationDetail['kind'], string> = {
  user: 'UserDetailList',
  group: 'GroupDetailList',
  role: 'RoleDetailList',
  policy: 'Policies',
};

export const getAccountAuthorizationDetails = defineOperation({
  name: 'GetAccountAuthorizationDetails',
  input: struct({ Filter: list(entityType()), MaxItems: maxItems(), Marker: marker() }),
  handle(input, ctx) {
    const iam = ctx.account.iam;
    const p = page(authorizationDetails(iam, input.Filter), input.Marker, input.MaxItems);
    const lists: Record<string, unknown[]> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
    for (const d of p.items) lists[LIST_OF[d.kind]]!.push(detailOutput(iam, d));
    return { ...lists, IsTruncated: p.IsTruncated, Marker: p.Marker };
  },
});

export const getAccountSummary = defineOperation({
  name: 'GetAccountSummary',
  input: struct({}),
  handle(_input, ctx) {
    return { SummaryMap: new XmlMap(accountSummary(ctx.account.iam)) };
  },
});

export const listAccountAliases = defineOperation({
  name: 'ListAccountAliases',
  input: struct({ Marker: marker(), MaxItems: maxItems() }),
  handle(input, ctx) {
    const p = page(ctx.account.iam.accountAliases, input.Marker, input.MaxItems);
    return { AccountAliases: p.items, IsTruncated: p.IsTruncated, Marker: p.Marker };
  },
});

export const createAccountAlias = defineOperation({
  name: 'CreateAccountAlias',
  input: struct({ AccountAlias: req(accountAlias()) }),
  handle(input, ctx) {
    createAlias(ctx.store, ctx.account.id, input.AccountAlias);
    return undefined;
  },
});

export const deleteAccountAlias = defineOperation({
  name: 'DeleteAccountAlias',
  input: struct({ AccountAlias: req(accountAlias()) }),
  handle(input, ctx) {
    deleteAlias(ctx.store, ctx.account.id, input.AccountAlias);
    return undefined;
  },
});

export const accountOperations = [
  getAccountAuthorizationDetails,
  getAccountSummary,
  listAccountAliases,
  createAccountAlias,
  deleteAccountAlias,
];
