import { assumeRole as assumeRoleInState } from '../../../state/sts/assumeRole.js';
import { defineOperation } from '../../operation.js';
import { int, list, req, str, struct } from '../../shapes.js';

const tag = struct({
  Key: req(str({ min: 1, max: 128, pattern: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+' })),
  Value: req(str({ min: 0, max: 256, pattern: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*' })),
});

export const assumeRole = defineOperation({
  name: 'AssumeRole',
  input: struct({
    RoleArn: req(str({ min: 20, max: 2048 })),
    RoleSessionName: req(str({ min: 2, max: 64, pattern: '[\\w+=,.@-]*' })),
    PolicyArns: list(struct({ arn: str({ min: 20, max: 2048 }) })),
    Policy: str({ min: 1 }),
    DurationSeconds: int({ min: 900, max: 43200 }),
    Tags: list(tag, { max: 50 }),
    TransitiveTagKeys: list(str({ min: 1, max: 128 }), { max: 50 }),
    ExternalId: str({ min: 2, max: 1224, pattern: '[\\w+=,.@:\\/-]*' }),
    SerialNumber: str({ min: 9, max: 256 }),
    TokenCode: str({ min: 6, max: 6, pattern: '[\\d]*' }),
    SourceIdentity: str({ min: 2, max: 64, pattern: '[\\w+=,.@-]*' }),
  }),
  handle(input, ctx) {
    const p = ctx.principal;
    const credentials = assumeRoleInState(
      ctx.store,
      { arn: p.arn, roleSession: p.kind === 'assumed-role' },
      {
        roleArn: input.RoleArn,
        sessionName: input.RoleSessionName,
        durationSeconds: input.DurationSeconds,
        sessionPolicy: input.Policy,
        sessionPolicyArns: input.PolicyArns?.map((a) => a.arn).filter((a): a is string => a !== undefined),
      },
      ctx.now,
      ctx.region,
    );
    return {
      Credentials: {
        AccessKeyId: credentials.accessKeyId,
        SecretAccessKey: credentials.secretAccessKey,
        SessionToken: credentials.sessionToken,
        Expiration: credentials.expiration,
      },
      AssumedRoleUser: { AssumedRoleId: credentials.assumedRoleId, Arn: credentials.assumedRoleArn },
      SourceIdentity: input.SourceIdentity,
    };
  },
  // The trust policy is checked by the enforcement step, with these condition keys.
  authorize(input) {
    const context: Record<string, string | string[]> = { 'sts:RoleSessionName': input.RoleSessionName };
    if (input.ExternalId !== undefined) context['sts:ExternalId'] = input.ExternalId;
    if (input.SourceIdentity !== undefined) context['sts:SourceIdentity'] = input.SourceIdentity;
    if (input.Tags && input.Tags.length > 0) {
      context['aws:TagKeys'] = input.Tags.map((t) => t.Key);
      for (const t of input.Tags) context[`aws:RequestTag/${t.Key}`] = t.Value;
    }
    return { action: 'sts:AssumeRole', resource: input.RoleArn, context };
  },
});
