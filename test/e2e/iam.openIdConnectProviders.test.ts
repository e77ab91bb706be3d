import {
  AddClientIDToOpenIDConnectProviderCommand,
  CreateOpenIDConnectProviderCommand,
  DeleteOpenIDConnectProviderCommand,
  GetOpenIDConnectProviderCommand,
  ListOpenIDConnectProvidersCommand,
  ListOpenIDConnectProviderTagsCommand,
  RemoveClientIDFromOpenIDConnectProviderCommand,
  TagOpenIDConnectProviderCommand,
  UntagOpenIDConnectProviderCommand,
  UpdateOpenIDConnectProviderThumbprintCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, expectAwsError, FROZEN_AT, startEmulator, type Emulator } from '../support/emulator.js';

const GITHUB = 'https://token.actions.githubusercontent.com';
const GITHUB_ARN = 'arn:aws:iam::000000000000:oidc-provider/token.actions.githubusercontent.com';
const THUMB = '6938fd4d98bab03faadb97b34396831e3780aea1';

let emu: Emulator;
let iam: IAMClient;
beforeEach(async () => {
  emu = await startEmulator();
  iam = emu.iam('eu-west-1');
});
afterEach(async () => {
  await emu.close();
});

const createGithub = (extra: Record<string, unknown> = {}) =>
  iam.send(new CreateOpenIDConnectProviderCommand({ Url: GITHUB, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [THUMB], ...extra }));
const get = (arn = GITHUB_ARN) => iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));

describe('CreateOpenIDConnectProvider', () => {
  it('names the provider by its URL without the scheme; GetOpenIDConnectProvider shows it so', async () => {
    const created = await createGithub({ Tags: [{ Key: 'team', Value: 'platform' }] });
    expect(created.OpenIDConnectProviderArn).toBe(GITHUB_ARN);
    expect(created.Tags).toEqual([{ Key: 'team', Value: 'platform' }]);
    const got = await get();
    expect(got).toMatchObject({
      Url: 'token.actions.githubusercontent.com',
      ClientIDList: ['sts.amazonaws.com'],
      ThumbprintList: [THUMB],
      CreateDate: FROZEN_AT,
      Tags: [{ Key: 'team', Value: 'platform' }],
    });
  });

  it('keeps a URL path in the ARN (an EKS issuer) and accepts no client ids or thumbprints', async () => {
    const url = 'https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
    const { OpenIDConnectProviderArn } = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: url }));
    expect(OpenIDConnectProviderArn).toBe('arn:aws:iam::000000000000:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE');
    expect(await get(OpenIDConnectProviderArn)).toMatchObject({ ClientIDList: [], ThumbprintList: [] });
  });

  it('refuses a second provider for the same URL with AWS\'s text', async () => {
    await createGithub();
    await expectAwsError(createGithub(), 'EntityAlreadyExistsException', 409, `Provider with url ${GITHUB} already exists.`);
  });

  it('refuses a URL that is not https', async () => {
    const e = await caught(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'http://issuer.example.com' })));
    expect(e.name).toBe('InvalidInputException');
  });

  it('validates thumbprints as 40 characters', async () => {
    const e = await caught(createGithub({ ThumbprintList: ['abc'] }));
    expect(e.name).toBe('ValidationError');
    expect(e.message).toContain('Member must have length greater than or equal to 40');
  });

  it('stops at 5 thumbprints and 100 client ids per provider, and 100 providers per account', async () => {
    const five = Array.from({ length: 6 }, (_, i) => String(i).repeat(40));
    await expectAwsError(createGithub({ ThumbprintList: five }), 'LimitExceededException', 409, 'Cannot exceed quota for ThumbprintsPerOpenIdConnectProvider: 5');
    const ids = Array.from({ length: 101 }, (_, i) => `client-${i}`);
    await expectAwsError(createGithub({ ClientIDList: ids }), 'LimitExceededException', 409, 'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100');
    const providers = emu.store.account().iam.openIdConnectProviders;
    for (let i = 0; i < 100; i++) providers.create({ url: `https://issuer-${i}.example.com` }, FROZEN_AT);
    await expectAwsError(createGithub(), 'LimitExceededException', 409, 'Cannot exceed quota for OpenIdConnectProvidersPerAccount: 100');
  });
});

describe('GetOpenIDConnectProvider', () => {
  it('is NoSuchEntity for an unknown provider and InvalidInput for an ARN of another kind', async () => {
    await expectAwsError(get(), 'NoSuchEntityException', 404, `OpenIDConnect Provider not found for arn ${GITHUB_ARN}`);
    const roleArn = 'arn:aws:iam::000000000000:role/not-a-provider';
    await expectAwsError(get(roleArn), 'InvalidInputException', 400, `Invalid OpenIDConnect Provider ARN: ${roleArn}`);
  });
});

describe('ListOpenIDConnectProviders', () => {
  it('lists the ARNs of the account, sorted', async () => {
    await createGithub();
    await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://accounts.google.com' }));
    const { OpenIDConnectProviderList } = await iam.send(new ListOpenIDConnectProvidersCommand({}));
    expect(OpenIDConnectProviderList).toEqual([{ Arn: 'arn:aws:iam::000000000000:oidc-provider/accounts.google.com' }, { Arn: GITHUB_ARN }]);
  });
});

describe('DeleteOpenIDConnectProvider', () => {
  it('deletes the provider; a second delete is NoSuchEntity', async () => {
    await createGithub();
    await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: GITHUB_ARN }));
    expect((await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList).toEqual([]);
    await expectAwsError(
      iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: GITHUB_ARN })),
      'NoSuchEntityException',
      404,
      `OpenIDConnect Provider not found for arn ${GITHUB_ARN}`,
    );
  });
});

describe('AddClientIDToOpenIDConnectProvider and RemoveClientIDFromOpenIDConnectProvider', () => {
  it('add and remove audiences idempotently, as AWS documents', async () => {
    await createGithub();
    const add = (ClientID: string) => iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: GITHUB_ARN, ClientID }));
    const remove = (ClientID: string) => iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: GITHUB_ARN, ClientID }));
    await add('sigstore');
    await add('sigstore');
    expect((await get()).ClientIDList).toEqual(['sts.amazonaws.com', 'sigstore']);
    await remove('sts.amazonaws.com');
    await remove('never-there');
    expect((await get()).ClientIDList).toEqual(['sigstore']);
  });

  it('stops at 100 client ids', async () => {
    await createGithub({ ClientIDList: Array.from({ length: 100 }, (_, i) => `c${i}`) });
    await expectAwsError(
      iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: GITHUB_ARN, ClientID: 'one-more' })),
      'LimitExceededException',
      409,
      'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100',
    );
  });
});

describe('UpdateOpenIDConnectProviderThumbprint', () => {
  it('replaces the whole list', async () => {
    await createGithub();
    const other = '1c58a3a8518e8759bf075b76b750d4f2df264fcd';
    await iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: GITHUB_ARN, ThumbprintList: [other, THUMB] }));
    expect((await get()).ThumbprintList).toEqual([other, THUMB]);
  });
});

describe('TagOpenIDConnectProvider, UntagOpenIDConnectProvider, ListOpenIDConnectProviderTags', () => {
  it('tags, untags and pages the tags', async () => {
    await createGithub();
    await iam.send(
      new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: GITHUB_ARN, Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }),
    );
    const first = await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: GITHUB_ARN, MaxItems: 1 }));
    expect(first).toMatchObject({ Tags: [{ Key: 'a', Value: '1' }], IsTruncated: true });
    await iam.send(new UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: GITHUB_ARN, TagKeys: ['a'] }));
    const { Tags } = await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: GITHUB_ARN }));
    expect(Tags).toEqual([{ Key: 'b', Value: '2' }]);
  });

  it('stops at 50 tags', async () => {
    await createGithub({ Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) });
    await expectAwsError(
      iam.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: GITHUB_ARN, Tags: [{ Key: 'x', Value: 'y' }] })),
      'LimitExceededException',
      409,
      'Cannot exceed quota for TagsPerOpenIdConnectProvider: 50',
    );
  });
});

describe('the admin state dump', () => {
  it('lists OIDC providers', async () => {
    await createGithub();
    const { body } = await emu.admin('state');
    expect(body.iam.openIdConnectProviders).toMatchObject([{ arn: GITHUB_ARN, url: 'token.actions.githubusercontent.com' }]);
  });
});
