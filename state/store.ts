import type { AccountConfig } from './accountConfig.js';
import { defaultAccountConfig } from './accountConfig.js';
import { Clock } from './clock.js';
import { AccessAdvisor } from './accessAdvisor.js';
import { DeletionTaskRegistry } from './deletion/deletionTasks.js';
import { EcsState } from './ecs/ecsState.js';
import { AwsManagedPolicyCatalog, type ManagedPolicyVersions } from './iam/awsManagedPolicyCatalog.js';
import { IamState } from './iam/iamState.js';
import { ECS_SERVICE_PRINCIPAL } from './iam/serviceLinkedRoleCatalog.js';
import { linkedRoleOf, type LinkedRole } from './roleUse.js';
import { RoleSessionRegistry } from './roleSessions.js';

/** What one region holds for one account. */
export class RegionState {
  readonly ecs: EcsState;

  constructor(
    readonly accountId: string,
    readonly region: string,
    ecsRole?: LinkedRole,
  ) {
    this.ecs = new EcsState(accountId, region, ecsRole);
  }
}

/** One AWS account: global IAM, and per-region services created when first touched. */
export class Account {
  readonly iam: IamState;
  readonly regions = new Map<string, RegionState>();
  /** Service-linked role deletions submitted in this account (IAM is global, so are they). */
  readonly deletionTasks = new DeletionTaskRegistry();
  /** Sessions of roles that AWS services assumed; they keep a role in use until they expire. */
  readonly roleSessions = new RoleSessionRegistry();
  readonly accessAdvisor = new AccessAdvisor();
  config: AccountConfig;

  constructor(
    readonly id: string,
    config: AccountConfig,
    awsManagedPolicies: AwsManagedPolicyCatalog = AwsManagedPolicyCatalog.shared(),
  ) {
    this.iam = new IamState(id, awsManagedPolicies);
    this.config = structuredClone(config);
  }

  region(name: string): RegionState {
    let r = this.regions.get(name);
    if (!r) {
      r = new RegionState(this.id, name, linkedRoleOf(this, ECS_SERVICE_PRINCIPAL, name));
      this.regions.set(name, r);
    }
    return r;
  }
}

export interface StoreOptions {
  defaultAccountId?: string;
  accountConfig?: AccountConfig;
  clock?: Clock;
  /** Which version of a policy the seed pins is its default (LINKSTACK_MANAGED_POLICY_VERSIONS). */
  managedPolicyVersions?: ManagedPolicyVersions;
}

/** All emulated state. Accounts are created lazily and are isolated from one another. */
export class Store {
  readonly accounts = new Map<string, Account>();
  readonly defaultAccountId: string;
  readonly clock: Clock;
  private readonly accountConfig: AccountConfig;
  /** The AWS managed policies: one read-only catalog for every account (accounts keep only counts). */
  readonly awsManagedPolicies: AwsManagedPolicyCatalog;

  constructor(options: StoreOptions = {}) {
    this.defaultAccountId = options.defaultAccountId ?? '000000000000';
    this.accountConfig = options.accountConfig ?? defaultAccountConfig;
    this.clock = options.clock ?? new Clock();
    this.awsManagedPolicies = AwsManagedPolicyCatalog.shared(options.managedPolicyVersions);
  }

  account(id: string = this.defaultAccountId): Account {
    let a = this.accounts.get(id);
    if (!a) {
      a = new Account(id, this.accountConfig, this.awsManagedPolicies);
      this.accounts.set(id, a);
    }
    return a;
  }

  /** Forget everything, or one account. Configuration goes back to the start-up defaults. */
  reset(accountId?: string): void {
    if (accountId === undefined) this.accounts.clear();
    else this.accounts.delete(accountId);
  }
}
