import {
  CreateClusterCommand,
  DeleteAccountSettingCommand,
  DeleteClusterCommand,
  DescribeClustersCommand,
  ListAccountSettingsCommand,
  PutAccountSettingCommand,
  PutAccountSettingDefaultCommand,
  UpdateClusterCommand,
  UpdateClusterSettingsCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, startEmulator, type Emulator } from '../support/emulator.js';

let emu: Emulator;
let ecs: ECSClient;
beforeEach(async () => {
  emu = await startEmulator();
  ecs = emu.ecs();
});
afterEach(async () => {
  await emu.close();
});

const ROOT = 'arn:aws:iam::000000000000:root';
const USER = 'arn:aws:iam::000000000000:user/alice';

describe('PutAccountSetting', () => {
  it('sets a setting for the caller (the root here) and answers it', async () => {
    const { setting } = await ecs.send(new PutAccountSettingCommand({ name: 'containerInsights', value: 'enhanced' }));
    expect(setting).toEqual({ name: 'containerInsights', value: 'enhanced', principalArn: ROOT, type: 'user' });
  });

  it('sets a setting for another principal', async () => {
    const { setting } = await ecs.send(new PutAccountSettingCommand({ name: 'awsvpcTrunking', value: 'enabled', principalArn: USER }));
    expect(setting!.principalArn).toBe(USER);
  });

  it('refuses values the setting does not take, unknown names, and AWS-managed settings', async () => {
    const value = await caught(ecs.send(new PutAccountSettingCommand({ name: 'awsvpcTrunking', value: 'maybe' })));
    expect(value.name).toBe('InvalidParameterException');
    const name = await caught(ecs.send(new PutAccountSettingCommand({ name: 'nope' as any, value: 'enabled' })));
    expect(name.name).toBe('InvalidParameterException');
    expect(name.message).toMatch(/Member must satisfy enum value set/);
    const managed = await caught(ecs.send(new PutAccountSettingCommand({ name: 'guardDutyActivate', value: 'on' })));
    expect(managed.name).toBe('InvalidParameterException');
  });

  it('takes 0, 7 or 14 for fargateTaskRetirementWaitPeriod, from the root only', async () => {
    await ecs.send(new PutAccountSettingCommand({ name: 'fargateTaskRetirementWaitPeriod', value: '14' }));
    const e = await caught(
      ecs.send(new PutAccountSettingCommand({ name: 'fargateTaskRetirementWaitPeriod', value: '7', principalArn: USER })),
    );
    expect(e.name).toBe('InvalidParameterException');
  });

  it('an IAM user sets its own setting by default and may not name another principal; the root may', async () => {
    await emu.iam().send(new CreateUserCommand({ UserName: 'alice' }));
    const { AccessKey } = await emu.iam().send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    const alice = emu.ecs('us-east-1', { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    const { setting } = await alice.send(new PutAccountSettingCommand({ name: 'awsvpcTrunking', value: 'enabled' }));
    expect(setting!.principalArn).toBe(USER);
    const e = await caught(alice.send(new PutAccountSettingCommand({ name: 'awsvpcTrunking', value: 'enabled', principalArn: ROOT })));
    expect(e.name).toBe('InvalidParameterException');
    const mine = await alice.send(new ListAccountSettingsCommand({}));
    expect(mine.settings).toEqual([{ name: 'awsvpcTrunking', value: 'enabled', principalArn: USER, type: 'user' }]);
  });

  it('is per region', async () => {
    await ecs.send(new PutAccountSettingCommand({ name: 'containerInsights', value: 'enabled' }));
    const { settings } = await emu.ecs('eu-west-1').send(new ListAccountSettingsCommand({ name: 'containerInsights', effectiveSettings: true }));
    expect(settings![0]!.value).toBe('disabled');
  });
});

describe('PutAccountSettingDefault', () => {
  it('sets the root value, which principals without their own setting get', async () => {
    const { setting } = await ecs.send(new PutAccountSettingDefaultCommand({ name: 'awsvpcTrunking', value: 'enabled' }));
    expect(setting).toEqual({ name: 'awsvpcTrunking', value: 'enabled', principalArn: ROOT, type: 'user' });
    const { settings } = await ecs.send(
      new ListAccountSettingsCommand({ name: 'awsvpcTrunking', principalArn: USER, effectiveSettings: true }),
    );
    expect(settings).toEqual([{ name: 'awsvpcTrunking', value: 'enabled', principalArn: ROOT, type: 'user' }]);
  });
});

describe('ListAccountSettings', () => {
  it('without effectiveSettings lists only what was set for the principal', async () => {
    expect((await ecs.send(new ListAccountSettingsCommand({}))).settings).toEqual([]);
    await ecs.send(new PutAccountSettingCommand({ name: 'awsvpcTrunking', value: 'enabled' }));
    const { settings } = await ecs.send(new ListAccountSettingsCommand({}));
    expect(settings).toEqual([{ name: 'awsvpcTrunking', value: 'enabled', principalArn: ROOT, type: 'user' }]);
  });

  it('with effectiveSettings lists every setting as it applies: own, else the account default, else AWS default', async () => {
    await ecs.send(new PutAccountSettingDefaultCommand({ name: 'containerInsights', value: 'enabled' }));
    await ecs.send(new PutAccountSettingCommand({ name: 'awsvpcTrunking', value: 'enabled', principalArn: USER }));
    const all: { name?: string; value?: string; principalArn?: string }[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ecs.send(new ListAccountSettingsCommand({ principalArn: USER, effectiveSettings: true, maxResults: 4, nextToken }));
      expect(page.settings!.length).toBeLessThanOrEqual(4);
      all.push(...page.settings!);
      nextToken = page.nextToken;
    } while (nextToken);
    expect(all).toHaveLength(11);
    const byName = Object.fromEntries(all.map((s) => [s.name, s]));
    expect(byName['awsvpcTrunking']).toMatchObject({ value: 'enabled', principalArn: USER });
    expect(byName['containerInsights']).toMatchObject({ value: 'enabled', principalArn: ROOT });
    expect(byName['serviceLongArnFormat']).toMatchObject({ value: 'enabled', principalArn: ROOT });
    expect(byName['guardDutyActivate']).toMatchObject({ type: 'aws_managed' });
  });

  it('filters by name and value; a value needs a name', async () => {
    await ecs.send(new PutAccountSettingCommand({ name: 'awsvpcTrunking', value: 'enabled' }));
    const hit = await ecs.send(new ListAccountSettingsCommand({ name: 'awsvpcTrunking', value: 'enabled' }));
    expect(hit.settings).toHaveLength(1);
    const miss = await ecs.send(new ListAccountSettingsCommand({ name: 'awsvpcTrunking', value: 'disabled' }));
    expect(miss.settings).toEqual([]);
    const e = await caught(ecs.send(new ListAccountSettingsCommand({ value: 'enabled' })));
    expect(e.name).toBe('InvalidParameterException');
  });

  it('pages 1–10 at a time', async () => {
    const e = await caught(ecs.send(new ListAccountSettingsCommand({ maxResults: 11 })));
    expect(e.name).toBe('InvalidParameterException');
  });
});

describe('DeleteAccountSetting', () => {
  it('removes the principal setting, answering it; the principal falls back to the account default', async () => {
    await ecs.send(new PutAccountSettingDefaultCommand({ name: 'awsvpcTrunking', value: 'enabled' }));
    await ecs.send(new PutAccountSettingCommand({ name: 'awsvpcTrunking', value: 'disabled', principalArn: USER }));
    const { setting } = await ecs.send(new DeleteAccountSettingCommand({ name: 'awsvpcTrunking', principalArn: USER }));
    expect(setting).toEqual({ name: 'awsvpcTrunking', value: 'disabled', principalArn: USER, type: 'user' });
    const { settings } = await ecs.send(
      new ListAccountSettingsCommand({ name: 'awsvpcTrunking', principalArn: USER, effectiveSettings: true }),
    );
    expect(settings![0]).toMatchObject({ value: 'enabled', principalArn: ROOT });
  });
});

describe('containerInsights account setting and new clusters', () => {
  it('a cluster created without settings takes the creator effective containerInsights', async () => {
    await ecs.send(new PutAccountSettingCommand({ name: 'containerInsights', value: 'enhanced' }));
    const { cluster } = await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
    expect(cluster!.settings).toEqual([{ name: 'containerInsights', value: 'enhanced' }]);
  });
});

describe('UpdateClusterSettings', () => {
  it('changes containerInsights and answers the cluster with its settings', async () => {
    await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
    const { cluster } = await ecs.send(
      new UpdateClusterSettingsCommand({ cluster: 'c1', settings: [{ name: 'containerInsights', value: 'enabled' }] }),
    );
    expect(cluster!.settings).toEqual([{ name: 'containerInsights', value: 'enabled' }]);
    const { clusters } = await ecs.send(new DescribeClustersCommand({ clusters: ['c1'], include: ['SETTINGS'] }));
    expect(clusters![0]!.settings).toEqual([{ name: 'containerInsights', value: 'enabled' }]);
  });

  it('refuses a value containerInsights does not take, an unknown setting name and an unknown cluster', async () => {
    await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
    const value = await caught(
      ecs.send(new UpdateClusterSettingsCommand({ cluster: 'c1', settings: [{ name: 'containerInsights', value: 'loud' }] })),
    );
    expect(value.name).toBe('InvalidParameterException');
    const name = await caught(ecs.send(new UpdateClusterSettingsCommand({ cluster: 'c1', settings: [{ name: 'other' as any, value: 'x' }] })));
    expect(name.name).toBe('InvalidParameterException');
    const cluster = await caught(
      ecs.send(new UpdateClusterSettingsCommand({ cluster: 'nope', settings: [{ name: 'containerInsights', value: 'enabled' }] })),
    );
    expect(cluster.name).toBe('ClusterNotFoundException');
  });
});

describe('UpdateCluster', () => {
  const configuration = {
    executeCommandConfiguration: {
      kmsKeyId: 'key-1',
      logging: 'OVERRIDE' as const,
      logConfiguration: { cloudWatchLogGroupName: '/ecs/exec', cloudWatchEncryptionEnabled: true },
    },
  };

  it('replaces configuration, settings and Service Connect defaults; what is not given stays', async () => {
    await ecs.send(new CreateClusterCommand({ clusterName: 'c1', tags: [{ key: 'team', value: 'a' }] }));
    await ecs.send(new UpdateClusterCommand({ cluster: 'c1', configuration }));
    const { cluster } = await ecs.send(
      new UpdateClusterCommand({
        cluster: 'c1',
        settings: [{ name: 'containerInsights', value: 'enabled' }],
        serviceConnectDefaults: { namespace: 'local' },
      }),
    );
    expect(cluster).toMatchObject({
      configuration,
      settings: [{ name: 'containerInsights', value: 'enabled' }],
      serviceConnectDefaults: { namespace: 'local' },
    });
  });

  it('refuses a deleted cluster', async () => {
    await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
    await ecs.send(new DeleteClusterCommand({ cluster: 'c1' }));
    const e = await caught(ecs.send(new UpdateClusterCommand({ cluster: 'c1', settings: [] })));
    expect(e.name).toBe('InvalidParameterException');
    expect(e.message).toBe('The specified cluster is inactive. Specify an active cluster and try again.');
  });
});

describe('DescribeClusters include', () => {
  it('answers what was set, member by member, only when included', async () => {
    await ecs.send(
      new CreateClusterCommand({
        clusterName: 'c1',
        tags: [{ key: 'team', value: 'a' }],
        settings: [{ name: 'containerInsights', value: 'enabled' }],
        configuration: { executeCommandConfiguration: { logging: 'DEFAULT' } },
        capacityProviders: ['FARGATE'],
      }),
    );
    const bare = (await ecs.send(new DescribeClustersCommand({ clusters: ['c1'] }))).clusters![0]!;
    expect(bare.configuration).toBeUndefined();
    expect(bare.settings).toBeUndefined();
    expect(bare.tags).toEqual([]);
    expect(bare.statistics).toEqual([]);
    expect(bare.attachments).toBeUndefined();
    expect(bare.capacityProviders).toEqual(['FARGATE']);
    const full = (
      await ecs.send(
        new DescribeClustersCommand({ clusters: ['c1'], include: ['ATTACHMENTS', 'CONFIGURATIONS', 'SETTINGS', 'STATISTICS', 'TAGS'] }),
      )
    ).clusters![0]!;
    expect(full).toMatchObject({
      configuration: { executeCommandConfiguration: { logging: 'DEFAULT' } },
      settings: [{ name: 'containerInsights', value: 'enabled' }],
      tags: [{ key: 'team', value: 'a' }],
      attachments: [],
    });
    expect(full.statistics!.map((s) => s.name)).toContain('runningFargateTasksCount');
  });
});
