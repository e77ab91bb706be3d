import { defineOperation } from '../../operation.js';
import { req, str, struct } from '../../shapes.js';
import { ecsAuth, ecsOf } from './context.js';
import { tagKeys, tags } from './fields.js';

export const tagResource = defineOperation({
  name: 'TagResource',
  input: struct({ resourceArn: req(str()), tags: req(tags()) }),
  authorize: (input) => ({
    ...ecsAuth('TagResource', input.resourceArn),
    context: { 'aws:TagKeys': input.tags.map((t) => t.key) },
  }),
  handle(input, ctx) {
    ecsOf(ctx).tagResource(input.resourceArn, input.tags, ctx.now);
    return {};
  },
});

export const untagResource = defineOperation({
  name: 'UntagResource',
  input: struct({ resourceArn: req(str()), tagKeys: req(tagKeys()) }),
  authorize: (input) => ({ ...ecsAuth('UntagResource', input.resourceArn), context: { 'aws:TagKeys': input.tagKeys } }),
  handle(input, ctx) {
    ecsOf(ctx).untagResource(input.resourceArn, input.tagKeys, ctx.now);
    return {};
  },
});

export const listTagsForResource = defineOperation({
  name: 'ListTagsForResource',
  input: struct({ resourceArn: req(str()) }),
  authorize: (input) => ecsAuth('ListTagsForResource', input.resourceArn),
  handle(input, ctx) {
    return { tags: ecsOf(ctx).taggable(input.resourceArn, ctx.now).tags };
  },
});

export const tagOperations = [tagResource, untagResource, listTagsForResource];
