import { iamArn } from '../../../state/arns.js';
import type { ManagedPolicy } from '../../../state/iam/managedPolicies.js';
import { defineOperation, type RequestContext } from '../../operation.js';
import { bool, req, struct } from '../../shapes.js';
import {
  marker,
  maxItems,
  policyArn,
  policyDescription,
  policyDocument,
  policyName,
  policyPath,
  policyScope,
  policyUsageFilter,
  policyVersionId,
  tagKeys,
  tags,
} from './fields.js';
import { page, policyOutput, policyVersionOutput } from './output.js';

const onPolicy = (action: string) => (input: { PolicyArn: string }) => ({
  action: `iam:${action}`,
  resource: input.PolicyArn,
});

const policies = (ctx: RequestContext) => ctx.account.iam.policies;

export const getPolicy = defineOperation({
  name: 'GetPolicy',
  input: struct({ PolicyArn: req(policyArn()) }),
  handle(input, ctx) {
    return { Policy: policyOutput(policies(ctx).get(input.PolicyArn)) };
  },
  authorize: onPolicy('GetPolicy'),
});

export const getPolicyVersion = defineOperation({
  name: 'GetPolicyVersion',
  input: struct({ PolicyArn: req(policyArn()), VersionId: req(policyVersionId()) }),
  handle(input, ctx) {
    const registry = policies(ctx);
    const policy = registry.get(input.PolicyArn);
    return { PolicyVersion: policyVersionOutput(policy, registry.version(policy, input.VersionId), { document: true }) };
  },
  authorize: onPolicy('GetPolicyVersion'),
});

const byName = (a: ManagedPolicy, b: ManagedPolicy) => a.policyName.toLowerCase().localeCompare(b.policyName.toLowerCase());

export const listPolicies = defineOperation({
  name: 'ListPolicies',
  input: struct({
    Scope: policyScope(),
    OnlyAttached: bool(),
    PathPrefix: policyPath(),
    PolicyUsageFilter: policyUsageFilter(),
    Marker: marker(),
    MaxItems: maxItems(),
  }),
  handle(input, ctx) {
    const scope = input.Scope ?? 'All';
    const prefix = input.PathPrefix ?? '/';
    const registry = policies(ctx);
    // Scope=Local never loads the AWS catalog; the catalog comes sorted already.
    const candidates =
      scope === 'Local' ? registry.customerPolicies() : scope === 'AWS' ? registry.awsPolicies() : registry.all();
    const matching = candidates
      .filter(
        (p) =>
          p.path.startsWith(prefix) &&
          (!input.OnlyAttached || p.attachmentCount > 0 || p.permissionsBoundaryUsageCount > 0) &&
          (input.PolicyUsageFilter === undefined ||
            (input.PolicyUsageFilter === 'PermissionsPolicy' ? p.attachmentCount > 0 : p.permissionsBoundaryUsageCount > 0)),
      )
      .sort(byName);
    const p = page(matching, input.Marker, input.MaxItems);
    return { Policies: p.items.map((x) => policyOutput(x, { listing: true })), IsTruncated: p.IsTruncated, Marker: p.Marker };
  },
});

export const createPolicy = defineOperation({
  name: 'CreatePolicy',
  input: struct({
    PolicyName: req(policyName()),
    Path: policyPath(),
    PolicyDocument: req(policyDocument()),
    Description: policyDescription(),
    Tags: tags(),
  }),
  handle(input, ctx) {
    const policy = policies(ctx).create(
      {
        policyName: input.PolicyName,
        path: input.Path,
        document: input.PolicyDocument,
        description: input.Description,
        tags: input.Tags,
      },
      ctx.now,
    );
    return { Policy: policyOutput(policy) };
  },
  authorize: (input, ctx) => ({
    action: 'iam:CreatePolicy',
    resource: iamArn.policy(ctx.account.id, input.Path ?? '/', input.PolicyName),
  }),
});

export const deletePolicy = defineOperation({
  name: 'DeletePolicy',
  input: struct({ PolicyArn: req(policyArn()) }),
  handle(input, ctx) {
    policies(ctx).delete(input.PolicyArn);
    return undefined;
  },
  authorize: onPolicy('DeletePolicy'),
});

export const createPolicyVersion = defineOperation({
  name: 'CreatePolicyVersion',
  input: struct({ PolicyArn: req(policyArn()), PolicyDocument: req(policyDocument()), SetAsDefault: bool() }),
  handle(input, ctx) {
    const registry = policies(ctx);
    const version = registry.createVersion(input.PolicyArn, input.PolicyDocument, input.SetAsDefault ?? false, ctx.now);
    return { PolicyVersion: policyVersionOutput(registry.get(input.PolicyArn), version) };
  },
  authorize: onPolicy('CreatePolicyVersion'),
});

export const listPolicyVersions = defineOperation({
  name: 'ListPolicyVersions',
  input: struct({ PolicyArn: req(policyArn()), Marker: marker(), MaxItems: maxItems() }),
  handle(input, ctx) {
    const policy = policies(ctx).get(input.PolicyArn);
    // Newest first, as AWS lists them.
    const p = page([...policy.versions].reverse(), input.Marker, input.MaxItems);
    return { Versions: p.items.map((v) => policyVersionOutput(policy, v)), IsTruncated: p.IsTruncated, Marker: p.Marker };
  },
  authorize: onPolicy('ListPolicyVersions'),
});

export const deletePolicyVersion = defineOperation({
  name: 'DeletePolicyVersion',
  input: struct({ PolicyArn: req(policyArn()), VersionId: req(policyVersionId()) }),
  handle(input, ctx) {
    policies(ctx).deleteVersion(input.PolicyArn, input.VersionId);
    return undefined;
  },
  authorize: onPolicy('DeletePolicyVersion'),
});

export const setDefaultPolicyVersion = defineOperation({
  name: 'SetDefaultPolicyVersion',
  input: struct({ PolicyArn: req(policyArn()), VersionId: req(policyVersionId()) }),
  handle(input, ctx) {
    policies(ctx).setDefaultVersion(input.PolicyArn, input.VersionId, ctx.now);
    return undefined;
  },
  authorize: onPolicy('SetDefaultPolicyVersion'),
});

export const tagPolicy = defineOperation({
  name: 'TagPolicy',
  input: struct({ PolicyArn: req(policyArn()), Tags: req(tags()) }),
  handle(input, ctx) {
    policies(ctx).tag(input.PolicyArn, input.Tags);
    return undefined;
  },
  authorize: (input) => ({
    action: 'iam:TagPolicy',
    resource: input.PolicyArn,
    context: { 'aws:TagKeys': input.Tags.map((t) => t.Key) },
  }),
});

export const untagPolicy = defineOperation({
  name: 'UntagPolicy',
  input: struct({ PolicyArn: req(policyArn()), TagKeys: req(tagKeys()) }),
  handle(input, ctx) {
    policies(ctx).untag(input.PolicyArn, input.TagKeys);
    return undefined;
  },
  authorize: (input) => ({ action: 'iam:UntagPolicy', resource: input.PolicyArn, context: { 'aws:TagKeys': input.TagKeys } }),
});

export const listPolicyTags = defineOperation({
  name: 'ListPolicyTags',
  input: struct({ PolicyArn: req(policyArn()), Marker: marker(), MaxItems: maxItems() }),
  handle(input, ctx) {
    const p = page(policies(ctx).tagsOf(input.PolicyArn), input.Marker, input.MaxItems);
    return { Tags: p.items, IsTruncated: p.IsTruncated, Marker: p.Marker };
  },
  authorize: onPolicy('ListPolicyTags'),
});

export const managedPolicyOperations = [
  getPolicy,
  getPolicyVersion,
  listPolicies,
  createPolicy,
  deletePolicy,
  createPolicyVersion,
  listPolicyVersions,
  deletePolicyVersion,
  setDefaultPolicyVersion,
  tagPolicy,
  untagPolicy,
  listPolicyTags,
];
