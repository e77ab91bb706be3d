import type { AccountConfig } from './accountConfig.js';
import { defaultRetention, type Retention } from './retention.js';
import { accountConfigCodec, defaultAccountConfig } from './accountConfig.js';
import { Clock, clockStateCodec } from './clock.js';
import { randomIds, SeededIds, seededIdStateCodec, type IdSource } from './ids.js';
import { child, fail, isPlainObject, readParts, readRecord, SnapshotError, type Json } from './snapshot/codec.js';
import { shareRepeatedStrings } from './snapshot/shareStrings.js';
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
    config: () => AccountConfig = () => defaultAccountConfig,
  ) {
    this.ecs = new EcsState(accountId, region, ecsRole, config);
  }

  toSnapshot(): Json {
    return { ecs: this.ecs.toSnapshot() };
  }

  restore(value: unknown, path: string): void {
    const parts = readParts(value, path, ['ecs']);
    this.ecs.restore(parts.ecs, child(path, 'ecs'));
  }
}

const ACCOUNT_PARTS = ['config', 'iam', 'regions', 'deletionTasks', 'roleSessions', 'accessAdvisor'] as const;
const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;

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
  /** How long finished things stay readable (a start-up setting of the store). */
  retention: Retention = defaultRetention;

  constructor(
    readonly id: string,
    config: AccountConfig,
    awsManagedPolicies: AwsManagedPolicyCatalog = AwsManagedPolicyCatalog.shared(),
  ) {
    this.iam = new IamState(id, awsManagedPolicies);
    this.config = structuredClone(config);
  }

  toSnapshot(): Json {
    return {
      config: accountConfigCodec.encode(this.config),
      iam: this.iam.toSnapshot(),
      regions: Object.fromEntries([...this.regions].map(([name, region]) => [name, region.toSnapshot()])),
      deletionTasks: this.deletionTasks.toSnapshot(),
      roleSessions: this.roleSessions.toSnapshot(),
      accessAdvisor: this.accessAdvisor.toSnapshot(),
    };
  }

  /** Fills a fresh account (its config is the start-up default unless the snapshot has one). */
  restore(value: unknown, path: string): void {
    const parts = readParts(value, path, ACCOUNT_PARTS);
    if (parts.config !== undefined) this.config = accountConfigCodec.decode(parts.config, child(path, 'config'));
    this.iam.restore(parts.iam, child(path, 'iam'));
    for (const [name, region, at] of readRecord(parts.regions, child(path, 'regions'), REGION_NAME, 'a region name such as eu-west-1')) {
      this.region(name).restore(region, at);
    }
    this.deletionTasks.restore(parts.deletionTasks, child(path, 'deletionTasks'));
    this.roleSessions.restore(parts.roleSessions, child(path, 'roleSessions'));
    this.accessAdvisor.restore(parts.accessAdvisor, child(path, 'accessAdvisor'));
  }

  region(name: string): RegionState {
    let r = this.regions.get(name);
    if (!r) {
      r = new RegionState(this.id, name, linkedRoleOf(this, ECS_SERVICE_PRINCIPAL, name), () => this.config);
      this.regions.set(name, r);
    }
    return r;
  }
}

export interface StoreOptions {
  defaultAccountId?: string;
  /** Start-up configuration of every account; what is left out keeps its default. */
  accountConfig?: Partial<AccountConfig>;
  clock?: Clock;
  /** Which version of a policy the seed pins is its default (LINKSTACK_MANAGED_POLICY_VERSIONS). */
  managedPolicyVersions?: ManagedPolicyVersions;
  /** Where ids come from; random unless an id seed is set. */
  ids?: IdSource;
  /** The catalog itself (a store restoring a snapshot reads it into one sharing its own). */
  awsManagedPolicies?: AwsManagedPolicyCatalog;
  /** How long expired credentials, completed report jobs and finished deletion tasks are kept. */
  retention?: Retention;
}

/** What the snapshot document says it is. A newer version than this is refused, never guessed at. */
export const SNAPSHOT_FORMAT = 'linkstack-snapshot';
export const SNAPSHOT_VERSION = 1;
const DOCUMENT_PARTS = ['format', 'version', 'clock', 'ids', 'accounts'] as const;

/** All emulated state. Accounts are created lazily and are isolated from one another. */
export class Store {
  readonly accounts = new Map<string, Account>();
  readonly defaultAccountId: string;
  readonly clock: Clock;
  ids: IdSource;
  private readonly accountConfig: AccountConfig;
  readonly retention: Retention;
  /** The AWS managed policies: one read-only catalog for every account (accounts keep only counts). */
  readonly awsManagedPolicies: AwsManagedPolicyCatalog;

  constructor(options: StoreOptions = {}) {
    this.defaultAccountId = options.defaultAccountId ?? '000000000000';
    this.accountConfig = { ...defaultAccountConfig, ...options.accountConfig };
    this.clock = options.clock ?? new Clock();
    this.awsManagedPolicies = options.awsManagedPolicies ?? AwsManagedPolicyCatalog.shared(options.managedPolicyVersions);
    this.ids = options.ids ?? randomIds;
    this.retention = options.retention ?? defaultRetention;
  }

  /** The whole emulated state as one versioned JSON document. */
  toSnapshot(): Json {
    const ids = this.ids.toSnapshot();
    const clock = clockStateCodec.encode(this.clock.toSnapshot());
    return {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      clock,
      ...(ids ? { ids: seededIdStateCodec.encode(ids) } : {}),
      accounts: Object.fromEntries([...this.accounts].map(([id, account]) => [id, account.toSnapshot()])),
    };
  }

  /**
   * Replaces the whole state with a snapshot's, all or nothing: the document is read into a
   * fresh store first, and only once every part of it has been read does this one take it over.
   * Throws a SnapshotError naming the first bad path. Equal strings of the document are made
   * one string in place first, so the state built from it shares them.
   */
  restore(document: unknown): void {
    if (!isPlainObject(document)) fail('', 'a snapshot is a JSON object');
    if (document.format !== SNAPSHOT_FORMAT) fail('format', `expected "${SNAPSHOT_FORMAT}"`);
    const version = document.version;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) fail('version', 'expected a positive integer');
    if (version > SNAPSHOT_VERSION) {
      fail('version', `${version} is newer than this linkstack reads (${SNAPSHOT_VERSION}): use the linkstack that wrote it, or a newer one`);
    }
    const parts = readParts(document, '', DOCUMENT_PARTS);
    if (parts.clock === undefined) fail('clock', 'missing');
    const clock = clockStateCodec.decode(parts.clock, 'clock');
    const ids = parts.ids === undefined ? undefined : seededIdStateCodec.decode(parts.ids, 'ids');
    shareRepeatedStrings(parts.accounts);
    const fresh = new Store({ defaultAccountId: this.defaultAccountId, accountConfig: this.accountConfig, awsManagedPolicies: this.awsManagedPolicies, retention: this.retention });
    for (const [id, value, at] of readRecord(parts.accounts, 'accounts', /^\d{12}$/, 'a 12-digit account id')) {
      fresh.account(id).restore(value, at);
    }
    this.accounts.clear();
    for (const [id, account] of fresh.accounts) this.accounts.set(id, account);
    this.clock.restore(clock);
    if (ids) this.ids = new SeededIds(ids.seed, ids.state);
  }

  account(id: string = this.defaultAccountId): Account {
    let a = this.accounts.get(id);
    if (!a) {
      a = new Account(id, this.accountConfig, this.awsManagedPolicies);
      a.retention = this.retention;
      this.accounts.set(id, a);
    }
    return a;
  }

  /**
   * Notes what exists before a request, so that one which only read, or was refused, leaves no
   * account or region behind that it created on its way (a made-up region or account id in a
   * credential must not become permanent state).
   */
  footprint(accountId: string, region: string): RequestFootprint {
    const account = this.accounts.get(accountId);
    return new RequestFootprint(this, accountId, region, account === undefined, account === undefined || !account.regions.has(region));
  }

  /** Forget everything, or one account. Configuration goes back to the start-up defaults. */
  reset(accountId?: string): void {
    if (accountId === undefined) this.accounts.clear();
    else this.accounts.delete(accountId);
  }
}

export class RequestFootprint {
  constructor(
    private readonly store: Store,
    private readonly accountId: string,
    private readonly region: string,
    private readonly accountIsNew: boolean,
    private readonly regionIsNew: boolean,
  ) {}

  /** `wrote`: the request succeeded and is one that changes state. */
  end(wrote: boolean): void {
    if (wrote) return;
    if (this.accountIsNew) this.store.accounts.delete(this.accountId);
    else if (this.regionIsNew) this.store.accounts.get(this.accountId)?.regions.delete(this.region);
  }
}
