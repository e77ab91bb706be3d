import { iamArn, parseIamArn } from '../arns.js';
import { iamUniqueId } from '../ids.js';
import { parsePolicyDocument } from '../policy/document.js';
import { awsManagedPolicies, awsManagedPolicyArn } from './awsManagedPolicies.js';
import { iamErrors } from './errors.js';
import { policySize } from './roles.js';
import { requireDistinctTagKeys, type Tag } from './tags.js';

export interface PolicyVersion {
  versionId: string;
  /** The document exactly as it was sent (returned byte for byte, URL-encoded). */
  document: string;
  createDate: Date;
}

/** A managed policy as one account sees it: AWS's own (shared text, per-account counts) or the account's. */
export interface ManagedPolicy {
  arn: string;
  policyName: string;
  policyId: string;
  path: string;
  description?: string;
  createDate: Date;
  updateDate: Date;
  awsManaged: boolean;
  /** Policies for service-linked roles attach only to their service's role. */
  serviceLinkedRolePolicy: boolean;
  defaultVersionId: string;
  /** Oldest first. AWS-managed policies keep only their current default version here. */
  versions: PolicyVersion[];
  /** Users, groups and roles this policy is attached to, in this account. */
  attachmentCount: number;
  /** Roles and users that use this policy as their permissions boundary, in this account. */
  permissionsBoundaryUsageCount: number;
  tags: Tag[];
  /** Version ids are never reused, even after a version is deleted. */
  nextVersion: number;
}

/** What attaches a policy: only the service that owns a service-linked role may attach its policy. */
export type AttachmentTarget = 'role' | 'user' | 'group' | 'service-linked-role';

export const MAX_POLICY_VERSIONS = 5;
/** IAM's quota on one managed policy document, white space not counted. */
const MANAGED_POLICY_SIZE_QUOTA = 6144;

function checkManagedPolicyDocument(document: string): void {
  parsePolicyDocument(document);
  if (policySize(document) > MANAGED_POLICY_SIZE_QUOTA) {
    throw iamErrors.quotaExceeded('PolicySize', MANAGED_POLICY_SIZE_QUOTA);
  }
}



/**
 * The managed policies one account can use: every AWS-managed policy of the catalog (with this
 * account's attachment counts) and the account's customer managed policies. Attach/detach
 * counting lives here so that roles, users and groups all keep AttachmentCount true to state.
 */
export class ManagedPolicyRegistry {
  private readonly policies = new Map<string, ManagedPolicy>();

  constructor(private readonly accountId: string) {
    for (const p of awsManagedPolicies) {
      const arn = awsManagedPolicyArn(p);
      this.policies.set(arn, {
        arn,
        policyName: p.policyName,
        policyId: p.policyId,
        path: p.path,
        description: p.description,
        createDate: p.createDate,
        updateDate: p.updateDate,
        awsManaged: true,
        serviceLinkedRolePolicy: p.serviceLinkedRolePolicy,
        defaultVersionId: p.defaultVersionId,
        versions: [{ versionId: p.defaultVersionId, document: p.document, createDate: p.updateDate }],
        attachmentCount: 0,
        permissionsBoundaryUsageCount: 0,
        tags: [],
        nextVersion: Number(p.defaultVersionId.slice(1)) + 1,
      });
    }
  }

  /** InvalidInput for text that is not a policy ARN at all, as AWS answers it. */
  static requireArn(arn: string): void {
    if (parseIamArn(arn)?.type !== 'policy') throw iamErrors.invalidArn(arn);
  }

  find(arn: string): ManagedPolicy | undefined {
    return this.policies.get(arn);
  }

  get(arn: string): ManagedPolicy {
    ManagedPolicyRegistry.requireArn(arn);
    const policy = this.policies.get(arn);
    if (!policy) throw iamErrors.policyNotFound(arn);
    return policy;
  }

  /** The document of the default version: what policy evaluation reads. */
  defaultDocument(policy: ManagedPolicy): string {
    return this.version(policy, policy.defaultVersionId).document;
  }

  version(policy: ManagedPolicy, versionId: string): PolicyVersion {
    const v = policy.versions.find((x) => x.versionId === versionId);
    if (!v) throw iamErrors.policyVersionNotFound(policy.arn, versionId);
    return v;
  }

  all(): ManagedPolicy[] {
    return [...this.policies.values()];
  }

  /**
   * Count one more attachment. Checks what AWS checks before attaching anything: the policy
   * exists, and a service-linked-role policy goes only to a service-linked role.
   */
  attach(arn: string, target: AttachmentTarget): ManagedPolicy {
    const policy = this.get(arn);
    if (policy.serviceLinkedRolePolicy && target !== 'service-linked-role') {
      throw iamErrors.servicePolicyNotAttachable();
    }
    policy.attachmentCount++;
    return policy;
  }

  detach(arn: string): void {
    const policy = this.policies.get(arn);
    if (policy && policy.attachmentCount > 0) policy.attachmentCount--;
  }

  /** A role or user started (delta 1) or stopped (delta -1) using the policy as its boundary. */
  countBoundaryUse(arn: string, delta: 1 | -1): void {
    const policy = this.policies.get(arn);
    if (policy) policy.permissionsBoundaryUsageCount = Math.max(0, policy.permissionsBoundaryUsageCount + delta);
  }

  create(
    input: { policyName: string; path?: string; document: string; description?: string; tags?: Tag[] },
    now: Date,
  ): ManagedPolicy {
    const path = input.path ?? '/';
    const arn = iamArn.policy(this.accountId, path, input.policyName);
    // Names are unique per account whatever the path, and without regard to case.
    const lower = input.policyName.toLowerCase();
    if (this.all().some((p) => !p.awsManaged && p.policyName.toLowerCase() === lower)) {
      throw iamErrors.policyExists(input.policyName);
    }
    checkManagedPolicyDocument(input.document);
    requireDistinctTagKeys(input.tags ?? []);
    const policy: ManagedPolicy = {
      arn,
      policyName: input.policyName,
      policyId: iamUniqueId('ANPA'),
      path,
      description: input.description,
      createDate: now,
      updateDate: now,
      awsManaged: false,
      serviceLinkedRolePolicy: false,
      defaultVersionId: 'v1',
      versions: [{ versionId: 'v1', document: input.document, createDate: now }],
      attachmentCount: 0,
      permissionsBoundaryUsageCount: 0,
      tags: input.tags ?? [],
      nextVersion: 2,
    };
    this.policies.set(arn, policy);
    return policy;
  }

  /** Customer managed policies only: AWS's own cannot be changed by an account. */
  private customerPolicy(arn: string): ManagedPolicy {
    const policy = this.get(arn);
    if (policy.awsManaged) throw iamErrors.awsManagedPolicyImmutable(arn);
    return policy;
  }

  createVersion(arn: string, document: string, setAsDefault: boolean, now: Date): PolicyVersion {
    const policy = this.customerPolicy(arn);
    if (policy.versions.length >= MAX_POLICY_VERSIONS) {
      throw iamErrors.policyVersionsExceeded(MAX_POLICY_VERSIONS);
    }
    checkManagedPolicyDocument(document);
    const version: PolicyVersion = { versionId: `v${policy.nextVersion++}`, document, createDate: now };
    policy.versions.push(version);
    if (setAsDefault) policy.defaultVersionId = version.versionId;
    policy.updateDate = now;
    return version;
  }

  setDefaultVersion(arn: string, versionId: string, now: Date): void {
    const policy = this.customerPolicy(arn);
    this.version(policy, versionId);
    policy.defaultVersionId = versionId;
    policy.updateDate = now;
  }

  deleteVersion(arn: string, versionId: string): void {
    const policy = this.customerPolicy(arn);
    this.version(policy, versionId);
    if (versionId === policy.defaultVersionId) {
      throw iamErrors.defaultVersionUndeletable();
    }
    policy.versions = policy.versions.filter((v) => v.versionId !== versionId);
  }

  delete(arn: string): void {
    const policy = this.customerPolicy(arn);
    if (policy.attachmentCount > 0 || policy.permissionsBoundaryUsageCount > 0) throw iamErrors.policyInUse();
    if (policy.versions.length > 1) {
      throw iamErrors.policyHasVersions();
    }
    this.policies.delete(arn);
  }
}
