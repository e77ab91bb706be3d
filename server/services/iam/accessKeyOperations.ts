import type { AccessKey } from '../../../state/iam/accessKeys.js';
import type { User } from '../../../state/iam/users.js';
import { defineOperation, type RequestContext } from '../../operation.js';
import { enumOf, req, str, struct } from '../../shapes.js';
import { marker, maxItems } from './fields.js';
import { page } from './output.js';
import { existingUserName, targetUserName, userResource } from './userOperations.js';

const accessKeyId = () => str({ min: 16, max: 128, pattern: '[\\w]+' });

/** Access key operations act on the named user, or on the caller's own user. */
/**
 * Whose keys a request is about: the named user, the caller's own user, or, for the account root
 * calling without UserName, the root's own keys (AWS documents that IAM picks the caller).
 */
function keyOwner(ctx: RequestContext, userName: string | undefined): User | undefined {
  if (userName === undefined && ctx.principal.kind === 'root') return undefined;
  return ctx.account.iam.users.get(targetUserName(ctx, userName));
}

const onKeyOwner = (action: string) => (input: { UserName?: string }, ctx: RequestContext) => ({
  action: `iam:${action}`,
  resource:
    input.UserName !== undefined
      ? userResource(ctx, input.UserName)
      : ctx.principal.arn,
});

function metadata(key: AccessKey) {
  return { UserName: key.userName, AccessKeyId: key.accessKeyId, Status: key.status, CreateDate: key.createDate };
}

export const createAccessKey = defineOperation({
  name: 'CreateAccessKey',
  input: struct({ UserName: existingUserName() }),
  handle(input, ctx) {
    const iam = ctx.account.iam;
    const key = iam.accessKeys.create(keyOwner(ctx, input.UserName), ctx.now);
    return { AccessKey: { ...metadata(key), SecretAccessKey: key.secretAccessKey } };
  },
  authorize: onKeyOwner('CreateAccessKey'),
});

export const listAccessKeys = defineOperation({
  name: 'ListAccessKeys',
  input: struct({ UserName: existingUserName(), Marker: marker(), MaxItems: maxItems() }),
  handle(input, ctx) {
    const iam = ctx.account.iam;
    const p = page(iam.accessKeys.ofUser(keyOwner(ctx, input.UserName)?.userName), input.Marker, input.MaxItems);
    return { AccessKeyMetadata: p.items.map(metadata), IsTruncated: p.IsTruncated, Marker: p.Marker };
  },
  authorize: onKeyOwner('ListAccessKeys'),
});

export const deleteAccessKey = defineOperation({
  name: 'DeleteAccessKey',
  input: struct({ UserName: existingUserName(), AccessKeyId: req(accessKeyId()) }),
  handle(input, ctx) {
    const iam = ctx.account.iam;
    iam.accessKeys.delete(keyOwner(ctx, input.UserName), input.AccessKeyId);
    return undefined;
  },
  authorize: onKeyOwner('DeleteAccessKey'),
});

export const updateAccessKey = defineOperation({
  name: 'UpdateAccessKey',
  input: struct({
    UserName: existingUserName(),
    AccessKeyId: req(accessKeyId()),
    Status: req(enumOf(['Active', 'Inactive'] as const)),
  }),
  handle(input, ctx) {
    const iam = ctx.account.iam;
    iam.accessKeys.setStatus(keyOwner(ctx, input.UserName), input.AccessKeyId, input.Status);
    return undefined;
  },
  authorize: onKeyOwner('UpdateAccessKey'),
});

export const accessKeyOperations = [createAccessKey, listAccessKeys, deleteAccessKey, updateAccessKey];
