import { CreateClusterCommand, ListClustersCommand } from '@aws-sdk/client-ecs';
import { CreateOpenIDConnectProviderCommand, CreateRoleCommand, GetRoleCommand, PutRolePolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, expectAwsError, FROZEN_AT, startEmulator, type Emulator } from '../support/emulator.js';
import { GITHUB_ISSUER, githubActionsClaims, webIdentityToken } from '../support/webIdentity.js';

const PROVIDER_ARN = 'arn:aws:iam::000000000000:oidc-provider/token.actions.githubusercontent.com';
const ROLE_ARN = 'arn:aws:iam::000000000000:role/deploy';
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** The trust policy AWS's GitHub Actions guide gives: this provider, this audience, this repository. */
const githubTrust = (subject = 'repo:acme/app:*') =>
  doc({
    Effect: 'Allow',
    Principal: { Federated: PROVIDER_ARN },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: {
      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
      StringLike: { 'token.actions.githubusercontent.com:sub': subject },
    },
  });

let emu: Emulator;
let iam: IAMClient;
let sts: STSClient;

async function setUp(config: Record<string, unknown> = {}) {
  emu = await startEmulator({ config });
  iam = emu.iam('eu-west-1');
  sts = emu.sts('eu-west-1');
  await iam.send(new CreateOpenIDConnectProviderCommand({ Url: GITHUB_ISSUER, ClientIDList: ['sts.amazonaws.com'] }));
  await iam.send(new CreateRoleCommand({ RoleName: 'deploy', AssumeRolePolicyDocument: githubTrust() }));
}
beforeEach(() => setUp());
afterEach(async () => {
  await emu.close();
});

const assume = (claims: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  sts.send(
    new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'gha', WebIdentityToken: webIdentityToken(claims), ...extra }),
  );
const notAuthorized = 'Not authorized to perform sts:AssumeRoleWithWebIdentity';

describe('AssumeRoleWithWebIdentity', () => {
  it('issues credentials of the role for a token the provider and the trust policy accept', async () => {
    const out = await assume(githubActionsClaims('acme/app'));
    expect(out).toMatchObject({
      SubjectFromWebIdentityToken: 'repo:acme/app:ref:refs/heads/main',
      Provider: GITHUB_ISSUER,
      Audience: 'sts.amazonaws.com',
      AssumedRoleUser: { Arn: 'arn:aws:sts::000000000000:assumed-role/deploy/gha' },
      Credentials: { Expiration: new Date(FROZEN_AT.getTime() + 3600_000) },
    });
    expect(out.Credentials!.AccessKeyId).toMatch(/^ASIA/);
    const creds = {
      accessKeyId: out.Credentials!.AccessKeyId!,
      secretAccessKey: out.Credentials!.SecretAccessKey!,
      sessionToken: out.Credentials!.SessionToken!,
    };
    const who = await emu.sts('eu-west-1', creds).send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe('arn:aws:sts::000000000000:assumed-role/deploy/gha');
    // The request is unsigned, so it names no region: the role's use is recorded in us-east-1.
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'deploy' }));
    expect(Role!.RoleLastUsed).toEqual({ LastUsedDate: FROZEN_AT, Region: 'us-east-1' });
  });

  it('refuses a subject the trust policy does not match with AccessDenied', async () => {
    await expectAwsError(assume(githubActionsClaims('someone-else/app')), 'AccessDenied', 403, notAuthorized);
  });

  it('refuses a token of an issuer with no provider in the account', async () => {
    await expectAwsError(
      assume({ ...githubActionsClaims('acme/app'), iss: 'https://gitlab.example.com' }),
      'InvalidIdentityTokenException',
      400,
      'No OpenIDConnect provider found in your account for https://gitlab.example.com',
    );
  });

  it('refuses an audience that is not a client id of the provider', async () => {
    await expectAwsError(
      assume({ ...githubActionsClaims('acme/app'), aud: ['sigstore'] }),
      'InvalidIdentityTokenException',
      400,
      'Incorrect token audience',
    );
  });

  it('refuses an expired token, naming both instants in epoch seconds', async () => {
    const now = FROZEN_AT.getTime() / 1000;
    await expectAwsError(
      assume({ ...githubActionsClaims('acme/app'), exp: now - 60 }),
      'ExpiredTokenException',
      400,
      `Token expired: current date/time ${now} must be before the expiration date/time ${now - 60}`,
    );
    await assume({ ...githubActionsClaims('acme/app'), exp: now + 60 });
  });

  it('refuses a token that is not a JWT', async () => {
    const e = await caught(
      sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'gha', WebIdentityToken: 'not-a-jwt' })),
    );
    expect(e.name).toBe('InvalidIdentityTokenException');
  });

  it('refuses an unknown role, and a role whose trust names no provider, with AccessDenied', async () => {
    await expectAwsError(assume(githubActionsClaims('acme/app'), { RoleArn: 'arn:aws:iam::000000000000:role/ghost' }), 'AccessDenied', 403, notAuthorized);
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'ec2-only',
        AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
      }),
    );
    await expectAwsError(
      assume(githubActionsClaims('acme/app'), { RoleArn: 'arn:aws:iam::000000000000:role/ec2-only' }),
      'AccessDenied',
      403,
      notAuthorized,
    );
  });

  it('keeps DurationSeconds within the role\'s MaxSessionDuration', async () => {
    await expectAwsError(
      assume(githubActionsClaims('acme/app'), { DurationSeconds: 7200 }),
      'ValidationError',
      400,
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  });

  it('is served without a signature, as SDKs send it', async () => {
    const body = new URLSearchParams({
      Action: 'AssumeRoleWithWebIdentity',
      Version: '2011-06-15',
      RoleArn: ROLE_ARN,
      RoleSessionName: 'raw',
      WebIdentityToken: webIdentityToken(githubActionsClaims('acme/app')),
    }).toString();
    const res = await emu.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: body });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<SubjectFromWebIdentityToken>repo:acme/app:ref:refs/heads/main</SubjectFromWebIdentityToken>');
  });
});

describe('AssumeRoleWithWebIdentity under strict enforcement', () => {
  it('needs no AWS credentials, and the session acts with the role\'s policies only', async () => {
    await emu.close();
    await setUp({ enforceIam: 'strict' });
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'deploy',
        PolicyName: 'ecs',
        PolicyDocument: doc({ Effect: 'Allow', Action: ['ecs:CreateCluster', 'ecs:ListClusters'], Resource: '*' }),
      }),
    );
    const out = await assume(githubActionsClaims('acme/app', 'refs/tags/v1'));
    const creds = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
    const ecs = emu.ecs('eu-west-1', creds);
    await ecs.send(new ListClustersCommand({}));
    // Creating a cluster also creates AWSServiceRoleForECS, which this role may not do.
    const e = await caught(ecs.send(new CreateClusterCommand({ clusterName: 'prod' })));
    expect(e.message).toBe('Unable to assume the service linked role. Please verify that the ECS service linked role exists.');
  });
});
