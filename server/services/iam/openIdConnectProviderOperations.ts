import { defineOperation, type RequestContext } from '../../operation.js';
import { list, req, struct } from '../../shapes.js';
import { arn, clientId, marker, maxItems, openIdConnectProviderUrl, tagKeys, tags, thumbprint } from './fields.js';
import { page } from './output.js';

const onProvider = (action: string) => (input: { OpenIDConnectProviderArn: string }, _ctx: RequestContext) => ({
  action: `iam:${action}`,
  resource: input.OpenIDConnectProviderArn,
});

export const createOpenIDConnectProvider = defineOperation({
  name: 'CreateOpenIDConnectProvider',
  input: struct({
    Url: req(openIdConnectProviderUrl()),
    ClientIDList: list(clientId()),
    ThumbprintList: list(thumbprint()),
    Tags: tags(),
  }),
  handle(input, ctx) {
    const provider = ctx.account.iam.openIdConnectProviders.create(
      { url: input.Url, clientIds: input.ClientIDList, thumbprints: input.ThumbprintList, tags: input.Tags },
      ctx.now,
    );
    return { OpenIDConnectProviderArn: provider.arn, Tags: provider.tags.length > 0 ? provider.tags : undefined };
  },
  authorize: (input, ctx) => ({
    action: 'iam:CreateOpenIDConnectProvider',
    resource: ctx.account.iam.openIdConnectProviders.arnFor(input.Url),
    context: input.Tags && input.Tags.length > 0 ? { 'aws:TagKeys': input.Tags.map((t) => t.Key) } : undefined,
  }),
});

export const getOpenIDConnectProvider = defineOperation({
  name: 'GetOpenIDConnectProvider',
  input: struct({ OpenIDConnectProviderArn: req(arn()) }),
  handle(input, ctx) {
    const p = ctx.account.iam.openIdConnectProviders.get(input.OpenIDConnectProviderArn);
    return {
      Url: p.url,
      ClientIDList: p.clientIds,
      ThumbprintList: p.thumbprints,
      CreateDate: p.createDate,
      Tags: p.tags.length > 0 ? p.tags : undefined,
    };
  },
  authorize: onProvider('GetOpenIDConnectProvider'),
});

export const listOpenIDConnectProviders = defineOperation({
  name: 'ListOpenIDConnectProviders',
  input: struct({}),
  handle(_input, ctx) {
    return { OpenIDConnectProviderList: ctx.account.iam.openIdConnectProviders.all().map((p) => ({ Arn: p.arn })) };
  },
});

export const deleteOpenIDConnectProvider = defineOperation({
  name: 'DeleteOpenIDConnectProvider',
  input: struct({ OpenIDConnectProviderArn: req(arn()) }),
  handle(input, ctx) {
    ctx.account.iam.openIdConnectProviders.delete(input.OpenIDConnectProviderArn);
    return undefined;
  },
  authorize: onProvider('DeleteOpenIDConnectProvider'),
});

export const addClientIDToOpenIDConnectProvider = defineOperation({
  name: 'AddClientIDToOpenIDConnectProvider',
  input: struct({ OpenIDConnectProviderArn: req(arn()), ClientID: req(clientId()) }),
  handle(input, ctx) {
    ctx.account.iam.openIdConnectProviders.addClientId(input.OpenIDConnectProviderArn, input.ClientID);
    return undefined;
  },
  authorize: onProvider('AddClientIDToOpenIDConnectProvider'),
});

export const removeClientIDFromOpenIDConnectProvider = defineOperation({
  name: 'RemoveClientIDFromOpenIDConnectProvider',
  input: struct({ OpenIDConnectProviderArn: req(arn()), ClientID: req(clientId()) }),
  handle(input, ctx) {
    ctx.account.iam.openIdConnectProviders.removeClientId(input.OpenIDConnectProviderArn, input.ClientID);
    return undefined;
  },
  authorize: onProvider('RemoveClientIDFromOpenIDConnectProvider'),
});

export const updateOpenIDConnectProviderThumbprint = defineOperation({
  name: 'UpdateOpenIDConnectProviderThumbprint',
  input: struct({ OpenIDConnectProviderArn: req(arn()), ThumbprintList: req(list(thumbprint())) }),
  handle(input, ctx) {
    ctx.account.iam.openIdConnectProviders.updateThumbprints(input.OpenIDConnectProviderArn, input.ThumbprintList);
    return undefined;
  },
  authorize: onProvider('UpdateOpenIDConnectProviderThumbprint'),
});

export const tagOpenIDConnectProvider = defineOperation({
  name: 'TagOpenIDConnectProvider',
  input: struct({ OpenIDConnectProviderArn: req(arn()), Tags: req(tags()) }),
  handle(input, ctx) {
    ctx.account.iam.openIdConnectProviders.tag(input.OpenIDConnectProviderArn, input.Tags);
    return undefined;
  },
  authorize: (input, ctx) => ({
    ...onProvider('TagOpenIDConnectProvider')(input, ctx),
    context: { 'aws:TagKeys': input.Tags.map((t) => t.Key) },
  }),
});

export const untagOpenIDConnectProvider = defineOperation({
  name: 'UntagOpenIDConnectProvider',
  input: struct({ OpenIDConnectProviderArn: req(arn()), TagKeys: req(tagKeys()) }),
  handle(input, ctx) {
    ctx.account.iam.openIdConnectProviders.untag(input.OpenIDConnectProviderArn, input.TagKeys);
    return undefined;
  },
  authorize: (input, ctx) => ({
    ...onProvider('UntagOpenIDConnectProvider')(input, ctx),
    context: { 'aws:TagKeys': input.TagKeys },
  }),
});

export const listOpenIDConnectProviderTags = defineOperation({
  name: 'ListOpenIDConnectProviderTags',
  input: struct({ OpenIDConnectProviderArn: req(arn()), Marker: marker(), MaxItems: maxItems() }),
  handle(input, ctx) {
    const p = page(ctx.account.iam.openIdConnectProviders.get(input.OpenIDConnectProviderArn).tags, input.Marker, input.MaxItems);
    return { Tags: p.items, IsTruncated: p.IsTruncated, Marker: p.Marker };
  },
  authorize: onProvider('ListOpenIDConnectProviderTags'),
});

export const openIdConnectProviderOperations = [
  createOpenIDConnectProvider,
  getOpenIDConnectProvider,
  listOpenIDConnectProviders,
  deleteOpenIDConnectProvider,
  addClientIDToOpenIDConnectProvider,
  removeClientIDFromOpenIDConnectProvider,
  updateOpenIDConnectProviderThumbprint,
  tagOpenIDConnectProvider,
  untagOpenIDConnectProvider,
  listOpenIDConnectProviderTags,
];
