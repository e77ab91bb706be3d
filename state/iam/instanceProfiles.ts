import { iamArn } from '../arns.js';
import { iamUniqueId } from '../ids.js';
import { iamErrors } from './errors.js';
import type { Role, RoleRegistry } from './roles.js';
import { iamTagCodec, mergeTags, removeTags, requireDistinctTagKeys, type Tag } from './tags.js';
import { child, fail, instant, list, object, readList, str, type Codec, type Json } from '../snapshot/codec.js';

/** An instance profile: a named container for (at most) one role, which EC2 hands to instances. */
export interface InstanceProfile {
  instanceProfileName: string;
  instanceProfileId: string;
  path: string;
  arn: string;
  createDate: Date;
  /** The role's name as stored in the role registry (a profile holds at most one). */
  roleNames: string[];
  tags: Tag[];
}

export const instanceProfileCodec: Codec<InstanceProfile> = object({
  instanceProfileName: str,
  instanceProfileId: str,
  path: str,
  arn: str,
  createDate: instant,
  roleNames: list(str),
  tags: list(iamTagCodec),
});

/** IAM's quotas on instance profiles, with the LimitExceeded texts IAM is seen to send. */
const INSTANCE_PROFILES_PER_ACCOUNT = 1000;
const ROLES_PER_INSTANCE_PROFILE = 1;

/**
 * The instance profiles of one account. Names are unique without regard to case, like role
 * names, so the map is keyed by the lower-cased name.
 */
export class InstanceProfileRegistry {
  private readonly profiles = new Map<string, InstanceProfile>();

  constructor(
    private readonly accountId: string,
    private readonly roles: RoleRegistry,
  ) {}

  find(name: string): InstanceProfile | undefined {
    return this.profiles.get(name.toLowerCase());
  }

  get(name: string): InstanceProfile {
    const profile = this.find(name);
    if (!profile) throw iamErrors.instanceProfileNotFound(name);
    return profile;
  }

  /** Sorted by name (ignoring case), as the other IAM lists. */
  sorted(): InstanceProfile[] {
    return [...this.profiles.values()].sort((a, b) =>
      a.instanceProfileName.toLowerCase().localeCompare(b.instanceProfileName.toLowerCase()),
    );
  }

  get size(): number {
    return this.profiles.size;
  }

  toSnapshot(): Json {
    return list(instanceProfileCodec).encode([...this.profiles.values()]);
  }

  /** Restored after the roles, which the profiles hold. */
  restore(value: unknown, path: string): void {
    readList(instanceProfileCodec, value, path).forEach((profile, i) => {
      const at = child(path, i);
      if (this.find(profile.instanceProfileName)) fail(child(at, 'instanceProfileName'), 'this profile comes earlier in the list');
      profile.roleNames.forEach((name, j) => {
        if (!this.roles.find(name)) fail(child(child(at, 'roleNames'), j), `no role named ${name}`);
      });
      this.profiles.set(profile.instanceProfileName.toLowerCase(), profile);
    });
  }

  create(input: { instanceProfileName: string; path?: string; tags?: Tag[] }, now: Date): InstanceProfile {
    if (this.find(input.instanceProfileName)) throw iamErrors.instanceProfileExists(input.instanceProfileName);
    if (this.profiles.size >= INSTANCE_PROFILES_PER_ACCOUNT) {
      throw iamErrors.quotaExceeded('InstanceProfilesPerAccount', INSTANCE_PROFILES_PER_ACCOUNT);
    }
    const tags = input.tags ?? [];
    requireDistinctTagKeys(tags);
    const path = input.path ?? '/';
    const profile: InstanceProfile = {
      instanceProfileName: input.instanceProfileName,
      instanceProfileId: iamUniqueId('AIPA'),
      path,
      arn: iamArn.instanceProfile(this.accountId, path, input.instanceProfileName),
      createDate: now,
      roleNames: [],
      tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })),
    };
    this.profiles.set(profile.instanceProfileName.toLowerCase(), profile);
    return profile;
  }

  /** DeleteInstanceProfile: the role must be removed first. */
  delete(name: string): void {
    const profile = this.get(name);
    if (profile.roleNames.length > 0) throw iamErrors.removeRolesFromInstanceProfileFirst();
    this.profiles.delete(profile.instanceProfileName.toLowerCase());
  }

  /**
   * AddRoleToInstanceProfile. A profile holds one role and AWS does not raise that quota; adding
   * the role it already holds is the same LimitExceeded. A service-linked role belongs to its
   * service and cannot be put in a profile.
   */
  addRole(name: string, roleName: string): void {
    const profile = this.get(name);
    const role = this.roles.get(roleName);
    this.roles.requireModifiable(role);
    if (profile.roleNames.length >= ROLES_PER_INSTANCE_PROFILE) {
      throw iamErrors.quotaExceeded('InstanceSessionsPerInstanceProfile', ROLES_PER_INSTANCE_PROFILE);
    }
    profile.roleNames.push(role.roleName);
  }

  /** RemoveRoleFromInstanceProfile: NoSuchEntity for an unknown profile or role, or a role the profile does not hold. */
  removeRole(name: string, roleName: string): void {
    const profile = this.get(name);
    const role = this.roles.get(roleName);
    const i = profile.roleNames.findIndex((n) => n.toLowerCase() === role.roleName.toLowerCase());
    if (i < 0) throw iamErrors.roleNotInInstanceProfile(role.roleName, profile.instanceProfileName);
    profile.roleNames.splice(i, 1);
  }

  /** The roles a profile holds, as Role objects (the registry keeps names). */
  rolesOf(profile: InstanceProfile): Role[] {
    return profile.roleNames.map((n) => this.roles.find(n)).filter((r): r is Role => r !== undefined);
  }

  /** ListInstanceProfilesForRole (the role must exist). */
  forRole(roleName: string): InstanceProfile[] {
    const role = this.roles.get(roleName);
    return this.holding(role.roleName);
  }

  /** The profiles that hold a role, by name; DeleteRole refuses while there are any. */
  holding(roleName: string): InstanceProfile[] {
    const lower = roleName.toLowerCase();
    return this.sorted().filter((p) => p.roleNames.some((n) => n.toLowerCase() === lower));
  }

  tag(name: string, tags: Tag[]): void {
    const profile = this.get(name);
    profile.tags = mergeTags(profile.tags, tags, 'TagsPerInstanceProfile');
  }

  untag(name: string, keys: string[]): void {
    const profile = this.get(name);
    profile.tags = removeTags(profile.tags, keys);
  }
}
