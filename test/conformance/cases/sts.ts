import type { Conformance } from '../harness.js';
import type { Cases } from './types.js';

const ACCOUNT = '000000000000';

function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT', kid: 'k' })}.${part(claims)}.c2lnbmF0dXJl`;
}

async function webIdentityRole(c: Conformance) {
  await c.call('iam', 'CreateOpenIDConnectProvider', { Url: 'https://token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com'], ThumbprintList: ['a'.repeat(40)] });
  const federated = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
  await c.call('iam', 'CreateRole', {
    RoleName: 'deploy',
    AssumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: federated },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
        },
      ],
    }),
  });
  const now = Math.floor(c.clock.nowMs() / 1000);
  const claims = { iss: 'https://token.actions.githubusercontent.com', aud: 'sts.amazonaws.com', sub: 'repo:org/app:ref:refs/heads/main', iat: now, nbf: now, exp: now + 600 };
  return { token: unsignedJwt(claims), badToken: unsignedJwt({ ...claims, aud: 'someone-else' }) };
}

export const stsCases: Cases = {
  AssumeRole: {
    setup: async (c) => {
      const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] };
      await c.call('iam', 'CreateRole', { RoleName: 'ops', AssumeRolePolicyDocument: JSON.stringify(trust) });
    },
    input: { RoleArn: `arn:aws:iam::${ACCOUNT}:role/ops`, RoleSessionName: 'conformance', DurationSeconds: 900, Tags: [{ Key: 'k', Value: 'v' }] },
    error: { RoleArn: `arn:aws:iam::${ACCOUNT}:role/ops`, RoleSessionName: 'conformance', Policy: '{"Version":' },
  },
  AssumeRoleWithWebIdentity: {
    setup: webIdentityRole,
    input: (v) => ({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/deploy`, RoleSessionName: 'gha', WebIdentityToken: v.token, DurationSeconds: 900 }),
    error: (v) => ({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/deploy`, RoleSessionName: 'gha', WebIdentityToken: v.badToken }),
  },
  GetCallerIdentity: { input: {}, noError: 'its model declares no errors' },
};
