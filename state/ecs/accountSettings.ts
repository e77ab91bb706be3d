import { mapOf, oneOf, str, type Json } from '../snapshot/codec.js';
import { iamArn } from '../arns.js';
import { ecsErrors } from './errors.js';

/**
 * ECS account settings of one account in one region (AWS sets them per region): each IAM
 * principal may have its own value; the root's value is the account default for principals that
 * have none; without either, AWS's default applies.
 */

export const ACCOUNT_SETTING_NAMES = [
  'serviceLongArnFormat',
  'taskLongArnFormat',
  'containerInstanceLongArnFormat',
  'awsvpcTrunking',
  'containerInsights',
  'fargateFIPSMode',
  'tagResourceAuthorization',
  'fargateTaskRetirementWaitPeriod',
  'guardDutyActivate',
  'defaultLogDriverMode',
  'fargateEventWindows',
] as const;
export type AccountSettingName = (typeof ACCOUNT_SETTING_NAMES)[number];

/** What applies when nobody set anything (long ARNs are mandatory since 2021; the rest off). */
const AWS_DEFAULTS: Record<AccountSettingName, string> = {
  serviceLongArnFormat: 'enabled',
  taskLongArnFormat: 'enabled',
  containerInstanceLongArnFormat: 'enabled',
  awsvpcTrunking: 'disabled',
  containerInsights: 'disabled',
  fargateFIPSMode: 'disabled',
  tagResourceAuthorization: 'on',
  fargateTaskRetirementWaitPeriod: '7',
  guardDutyActivate: 'off',
  defaultLogDriverMode: 'non-blocking',
  fargateEventWindows: 'disabled',
};

/** The values each setting takes (the API reference's lists per setting). */
const VALUES: Record<AccountSettingName, readonly string[]> = {
  serviceLongArnFormat: ['enabled', 'disabled'],
  taskLongArnFormat: ['enabled', 'disabled'],
  containerInstanceLongArnFormat: ['enabled', 'disabled'],
  awsvpcTrunking: ['enabled', 'disabled'],
  containerInsights: ['enabled', 'disabled', 'enhanced'],
  fargateFIPSMode: ['enabled', 'disabled'],
  tagResourceAuthorization: ['on', 'off'],
  fargateTaskRetirementWaitPeriod: ['0', '7', '14'],
  guardDutyActivate: ['on', 'off'],
  defaultLogDriverMode: ['blocking', 'non-blocking'],
  fargateEventWindows: ['enabled', 'disabled'],
};

/** Settings that only the root may set, for the whole account. */
const ROOT_ONLY: readonly AccountSettingName[] = ['fargateTaskRetirementWaitPeriod', 'fargateFIPSMode'];

export interface AccountSetting {
  name: AccountSettingName;
  value: string;
  principalArn: string;
  type: 'user' | 'aws_managed';
}

const settingNameCodec = oneOf(...ACCOUNT_SETTING_NAMES);
/** principal ARN → setting name → value, as [key, value] lists. */
const byPrincipalCodec = mapOf(str, mapOf(settingNameCodec, str));

/** Who asks: the principal whose settings a call touches by default, and whether it is the root. */
export interface SettingsCaller {
  principalArn: string;
  isRoot: boolean;
}

export class AccountSettings {
  /** principal ARN → setting name → value, in the order they were first set. */
  private readonly byPrincipal = new Map<string, Map<AccountSettingName, string>>();

  constructor(private readonly accountId: string) {}

  toSnapshot(): Json {
    return byPrincipalCodec.encode(this.byPrincipal);
  }

  restore(value: unknown, path: string): void {
    if (value === undefined) return;
    for (const [principal, settings] of byPrincipalCodec.decode(value, path)) this.byPrincipal.set(principal, settings);
  }

  get rootArn(): string {
    return iamArn.root(this.accountId);
  }

  /** The principal a call names (the caller by default); only the root may name another one. */
  principalFor(caller: SettingsCaller, principalArn: string | undefined): string {
    const target = principalArn ?? caller.principalArn;
    if (target !== caller.principalArn && !caller.isRoot) throw ecsErrors.accountSettingOtherPrincipal();
    return target;
  }

  /** PutAccountSetting (for `principalArn`, the caller by default) and PutAccountSettingDefault (the root). */
  put(name: AccountSettingName, value: string, principalArn: string): AccountSetting {
    if (name === 'guardDutyActivate') throw ecsErrors.accountSettingAwsManaged(name);
    if (!VALUES[name].includes(value)) throw ecsErrors.accountSettingValue(name, value);
    if (ROOT_ONLY.includes(name) && principalArn !== this.rootArn) throw ecsErrors.accountSettingRootOnly(name);
    let settings = this.byPrincipal.get(principalArn);
    if (!settings) {
      settings = new Map();
      this.byPrincipal.set(principalArn, settings);
    }
    settings.set(name, value);
    return this.setting(name, value, principalArn);
  }

  /** DeleteAccountSetting: the principal falls back to the account default. Answers what was removed. */
  delete(name: AccountSettingName, principalArn: string): AccountSetting {
    const settings = this.byPrincipal.get(principalArn);
    const value = settings?.get(name);
    if (value === undefined) return this.effective(name, principalArn);
    settings!.delete(name);
    if (settings!.size === 0) this.byPrincipal.delete(principalArn);
    return this.setting(name, value, principalArn);
  }

  /** The value that applies to a principal: its own, else the root's, else AWS's default. */
  effective(name: AccountSettingName, principalArn: string): AccountSetting {
    const own = this.byPrincipal.get(principalArn)?.get(name);
    if (own !== undefined) return this.setting(name, own, principalArn);
    const root = this.byPrincipal.get(this.rootArn)?.get(name);
    if (root !== undefined) return this.setting(name, root, this.rootArn);
    return this.setting(name, AWS_DEFAULTS[name], this.rootArn);
  }

  /**
   * ListAccountSettings: with `effectiveSettings`, every setting (or the one named) as it applies
   * to the principal; without it, only what was set for the principal itself.
   */
  list(principalArn: string, filter: { name?: AccountSettingName; value?: string; effectiveSettings?: boolean }): AccountSetting[] {
    if (filter.value !== undefined && filter.name === undefined) throw ecsErrors.accountSettingValueWithoutName();
    const names = filter.name ? [filter.name] : ACCOUNT_SETTING_NAMES;
    const out: AccountSetting[] = [];
    for (const name of names) {
      let setting: AccountSetting | undefined;
      if (filter.effectiveSettings) setting = this.effective(name, principalArn);
      else {
        const value = this.byPrincipal.get(principalArn)?.get(name);
        if (value !== undefined) setting = this.setting(name, value, principalArn);
      }
      if (setting && (filter.value === undefined || setting.value === filter.value)) out.push(setting);
    }
    return out;
  }

  private setting(name: AccountSettingName, value: string, principalArn: string): AccountSetting {
    return { name, value, principalArn, type: name === 'guardDutyActivate' ? 'aws_managed' : 'user' };
  }
}
