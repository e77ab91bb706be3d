import { ACCOUNT_SETTING_NAMES, type SettingsCaller } from '../../../state/ecs/accountSettings.js';
import { defineOperation, type RequestContext } from '../../operation.js';
import { bool, enumOf, int, req, str, struct } from '../../shapes.js';
import { ecsOf, page } from './context.js';
import { nextToken } from './fields.js';

const settingName = () => enumOf(ACCOUNT_SETTING_NAMES);

/** Settings belong to IAM users, roles (for their sessions) and the root. */
function settingsCaller(ctx: RequestContext): SettingsCaller {
  const p = ctx.principal;
  return { principalArn: p.kind === 'assumed-role' ? p.roleArn : p.arn, isRoot: p.kind === 'root' };
}

export const putAccountSetting = defineOperation({
  name: 'PutAccountSetting',
  input: struct({ name: req(settingName()), value: req(str()), principalArn: str() }),
  handle(input, ctx) {
    const settings = ecsOf(ctx).accountSettings;
    return { setting: settings.put(input.name, input.value, settings.principalFor(settingsCaller(ctx), input.principalArn)) };
  },
});

export const putAccountSettingDefault = defineOperation({
  name: 'PutAccountSettingDefault',
  input: struct({ name: req(settingName()), value: req(str()) }),
  handle(input, ctx) {
    const settings = ecsOf(ctx).accountSettings;
    return { setting: settings.put(input.name, input.value, settings.rootArn) };
  },
});

export const listAccountSettings = defineOperation({
  name: 'ListAccountSettings',
  input: struct({
    name: settingName(),
    value: str(),
    principalArn: str(),
    effectiveSettings: bool(),
    nextToken: nextToken(),
    maxResults: int({ min: 1, max: 10 }),
  }),
  handle(input, ctx) {
    const settings = ecsOf(ctx).accountSettings;
    const all = settings.list(settings.principalFor(settingsCaller(ctx), input.principalArn), input);
    const { items, nextToken } = page(all, input.nextToken, input.maxResults, 10);
    return { settings: items, nextToken };
  },
});

export const deleteAccountSetting = defineOperation({
  name: 'DeleteAccountSetting',
  input: struct({ name: req(settingName()), principalArn: str() }),
  handle(input, ctx) {
    const settings = ecsOf(ctx).accountSettings;
    return { setting: settings.delete(input.name, settings.principalFor(settingsCaller(ctx), input.principalArn)) };
  },
});

export const accountSettingOperations = [putAccountSetting, putAccountSettingDefault, listAccountSettings, deleteAccountSetting];
