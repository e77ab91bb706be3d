import type { Role } from './iam/roles.js';
import type { RoleSession } from './roleSessions.js';
import type { Account } from './store.js';

/**
 * Account commands for "a service used a role": the one home of the bookkeeping that spans IAM
 * (GetRole's RoleLastUsed), deletion tasks (a use while a deletion is IN_PROGRESS fails it),
 * Access Advisor (the actions taken with the role) and service sessions.
 */

export interface RoleUse {
  now: Date;
  region: string;
  /** Actions the service took with the role, as Access Advisor shows them (e.g. `ssm:StartSession`). */
  actions?: readonly string[];
}

/**
 * A service (or STS) used the role: RoleLastUsed moves to now, a deletion of the role that is
 * IN_PROGRESS at this instant will fail, and the actions show in Access Advisor.
 */
export function recordRoleUse(account: Account, role: Role, use: RoleUse): void {
  role.lastUsed = { date: use.now, region: use.region };
  account.deletionTasks.noteRoleUse(role.roleName, use.now.getTime());
  for (const action of use.actions ?? []) account.accessAdvisor.recordAccess(role.arn, action, use.now.getTime(), use.region);
}

/**
 * A service assumed the role and holds a session of it: the session keeps the role in use until
 * it expires on the clock (it cannot be revoked), and the use is recorded as above.
 */
export function startServiceRoleSession(
  account: Account,
  roleName: string,
  region: string,
  now: Date,
  durationSeconds: number,
  origin: string,
  actions: readonly string[] = [],
): RoleSession {
  const role = account.iam.roles.get(roleName);
  const session = account.roleSessions.start(role.roleName, region, now.getTime(), durationSeconds, origin);
  recordRoleUse(account, role, { now, region, actions });
  return session;
}

/**
 * What a linked service does before it acts with its service-linked role (ECS on CreateCluster,
 * CreateService, UpdateService): create the role when the account has none — only if the caller
 * may (`mayCreate`, asked only then) — and record the use. Answers the role, or undefined when it
 * is missing and may not be created; the service decides what that refusal looks like.
 */
export function ensureServiceLinkedRole(
  account: Account,
  servicePrincipal: string,
  use: RoleUse & { mayCreate: () => boolean },
): Role | undefined {
  const iam = account.iam;
  let role = iam.serviceLinkedRoleOf(servicePrincipal);
  if (!role) {
    if (!use.mayCreate()) return undefined;
    role = iam.roles.createServiceLinkedRole(servicePrincipal, use.now);
  }
  recordRoleUse(account, role, use);
  return role;
}

/** The service's role as it uses it in one region: what ECS state is given instead of the account. */
export interface LinkedRole {
  /** See ensureServiceLinkedRole. False when the role is missing and may not be created. */
  ensure(now: Date, mayCreate: () => boolean): boolean;
  /** Whether `ensure` would succeed, without creating or recording anything. */
  available(mayCreate: () => boolean): boolean;
  /** Records a use with these actions; nothing when the role does not exist. */
  recordUse(now: Date, actions?: readonly string[]): void;
  /** Opens a service session of the role; nothing when the role does not exist. */
  startSession(now: Date, durationSeconds: number, origin: string, actions?: readonly string[]): RoleSession | undefined;
}

export function linkedRoleOf(account: Account, servicePrincipal: string, region: string): LinkedRole {
  return {
    ensure: (now, mayCreate) => ensureServiceLinkedRole(account, servicePrincipal, { now, region, mayCreate }) !== undefined,
    available: (mayCreate) => account.iam.serviceLinkedRoleOf(servicePrincipal) !== undefined || mayCreate(),
    recordUse(now, actions) {
      const role = account.iam.serviceLinkedRoleOf(servicePrincipal);
      if (role) recordRoleUse(account, role, { now, region, actions });
    },
    startSession(now, durationSeconds, origin, actions) {
      const role = account.iam.serviceLinkedRoleOf(servicePrincipal);
      return role ? startServiceRoleSession(account, role.roleName, region, now, durationSeconds, origin, actions) : undefined;
    },
  };
}

/** For ECS state used on its own (unit tests): a role that is always there and records nothing. */
export const standaloneLinkedRole: LinkedRole = {
  ensure: () => true,
  available: () => true,
  recordUse: () => undefined,
  startSession: () => undefined,
};
