import { ACCOUNT_SETTING_NAMES } from '../../../state/ecs/accountSettings.js';
import { defineOperation } from '../../operation.js';
import { bool, enumOf, int, req, str, struct } from '../../shapes.js';
import { ecsOf, page } from './context.js';
import { nextToken } from './fields.js';

const settingName = () => enumOf(ACCOUNT_SETTING_NAMES);

export const putAccountSetting = defineOperation({
  name: 'PutAccountSetting',
  input: struct({ name: req(settingName()), value: req(str()), principalArn: str() }),
  handle(input, ctx) {
    return { setting: ecsOf(ctx).accountSettings.put(input.name, input.value, input.principalArn ?? ctx.principal.arn) };
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
    const all = ecsOf(ctx).accountSettings.list(input.principalArn ?? ctx.principal.arn, input);
    const { items, nextToken } = page(all, input.nextToken, input.maxResults, 10);
    return { settings: items, nextToken };
  },
});

export const deleteAccountSetting = defineOperation({
  name: 'DeleteAccountSetting',
  input: struct({ name: req(settingName()), principalArn: str() }),
  handle(input, ctx) {
    return { setting: ecsOf(ctx).accountSettings.delete(input.name, input.principalArn ?? ctx.principal.arn) };
  },
});

export const accountSettingOperations = [putAccountSetting, putAccountSettingDefault, listAccountSettings, deleteAccountSetting];
