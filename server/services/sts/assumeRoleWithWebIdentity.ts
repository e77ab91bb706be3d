import { assumeRoleWithWebIdentity as assumeInState } from '../../../state/sts/assumeRoleWithWebIdentity.js';
import { defineOperation } from '../../operation.js';
import { int, list, req, str, struct } from '../../shapes.js';

export const assumeRoleWithWebIdentity = defineOperation({
  name: 'AssumeRoleWithWebIdentity',
  input: struct({
    RoleArn: req(str({ min: 20, max: 2048 })),
    RoleSessionName: req(str({ min: 2, max: 64, pattern: '[\\w+=,.@-]*' })),
    WebIdentityToken: req(str({ min: 4, max: 20000 })),
    ProviderId: str({ min: 4, max: 2048 }),
    PolicyArns: list(struct({ arn: str({ min: 20, max: 2048 }) })),
    Policy: str({ min: 1, max: 2048 }),
    DurationSeconds: int({ min: 900, max: 43200 }),
  }),
  handle(input, ctx) {
    const session = assumeInState(
      ctx.store,
      {
        roleArn: input.RoleArn,
        sessionName: input.RoleSessionName,
        webIdentityToken: input.WebIdentityToken,
        durationSeconds: input.DurationSeconds,
        sessionPolicy: input.Policy,
        sessionPolicyArns: input.PolicyArns?.map((a) => a.arn).filter((a): a is string => a !== undefined),
      },
      ctx.now,
      ctx.region,
    );
    const c = session.credentials;
    return {
      Credentials: { AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, SessionToken: c.sessionToken, Expiration: c.expiration },
      SubjectFromWebIdentityToken: session.subject,
      AssumedRoleUser: { AssumedRoleId: c.assumedRoleId, Arn: c.assumedRoleArn },
      Provider: session.provider,
      Audience: session.audience,
    };
  },
  // Called without AWS credentials: the token and the role's trust policy decide, in the domain.
  unsigned: true,
  authorize: () => [],
});
