import { iamArn, parseIamArn } from '../arns.js';
import { iamUniqueId } from '../ids.js';
import { parsePolicyDocument } from '../policy/document.js';
import { AwsManagedPolicyCatalog, isAwsManagedPolicyArn, type CatalogPolicy } from './awsManagedPolicyCatalog.js';
import { isLinkedServicePolicy } from './serviceLinkedRoleCatalog.js';
import { iamErrors } from './errors.js';
import { policySize } from './roles.js';
import { iamTagCodec, mergeTags, removeTags, requireDistinctTagKeys, type Tag } from './tags.js';
import { bool, child, fail, instant, int, list, readonlyList, object, optional, readList, readParts, str, type Codec, type Json } from '../snapshot/codec.js';

export interface PolicyVersion {
  versionId: string;
  /** The document exactly as it was sent (returned byte for byte, URL-encoded). */
  readonly document: string;
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
  /** Oldest first. An AWS managed policy's are the shared catalog's, read-only. */
  versions: readonly PolicyVersion[];
  /** Users, groups and roles this policy is attached to, in this account. */
  attachmentCount: number;
  /** Roles and users that use this policy as their permissions boundary, in this account. */
  permissionsBoundaryUsageCount: number;
  tags: Tag[];
  /** Version ids are never reused, even after a version is deleted. */
  nextVersion: number;
}

const policyVersionCodec: Codec<PolicyVersion> = object({ versionId: str, document: str, createDate: instant });

/** A customer managed policy as the snapshot keeps it. */
export const customerPolicyCodec: Codec<ManagedPolicy> = object({
  arn: str,
  policyName: str,
  policyId: str,
  path: str,
  description: optional(str),
  createDate: instant,
  updateDate: instant,
  awsManaged: bool,
  serviceLinkedRolePolicy: bool,
  defaultVersionId: str,
  versions: readonlyList(policyVersionCodec),
  attachmentCount: int,
  permissionsBoundaryUsageCount: int,
  tags: list(iamTagCodec),
  nextVersion: int,
});

/**
 * An AWS managed policy comes from the catalog; what is this account's own is how often it is
 * used. Only policies in use are written.
 */
const awsPolicyUseCodec = object({ arn: str, attachmentCount: int, permissionsBoundaryUsageCount: int });

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


/** What an account keeps of an AWS managed policy: only how it uses it. */
interface AwsPolicyUse {
  attachmentCount: number;
  permissionsBoundaryUsageCount: number;
}

/**
 * The managed policies one account can use: every AWS managed policy of the shared catalog
 * (seen with this account's counts) and the account's customer managed policies. Attach/detach
 * counting lives here so that roles, users and groups all keep AttachmentCount true to state.
 */
export class ManagedPolicyRegistry {
  private readonly customer = new Map<string, ManagedPolicy>();
  /** Counts of the AWS managed policies this account uses; absent means both are 0. */
  private readonly awsUse = new Map<string, AwsPolicyUse>();

  constructor(
    private readonly accountId: string,
    private readonly catalog: AwsManagedPolicyCatalog = AwsManagedPolicyCatalog.shared(),
  ) {}

  /** InvalidInput for text that is not a policy ARN at all, as AWS answers it. */
  static requireArn(arn: string): void {
    if (parseIamArn(arn)?.type !== 'policy') throw iamErrors.invalidArn(arn);
  }

  /** Attach…Policy parses the ARN first; AWS answers one it cannot parse with a ValidationError. */
  static requireParsableArn(arn: string): void {
    if (parseIamArn(arn)?.type !== 'policy') throw iamErrors.unparsableArn();
  }

  find(arn: string): ManagedPolicy | undefined {
    if (!isAwsManagedPolicyArn(arn)) return this.customer.get(arn);
    const entry = this.catalog.find(arn);
    return entry && this.awsView(entry);
  }

  /** An AWS managed policy as this account sees it: the shared entry with the account's counts. */
  private awsView(entry: CatalogPolicy): ManagedPolicy {
    const use = this.awsUse.get(entry.arn);
    return {
      arn: entry.arn,
      policyName: entry.policyName,
      policyId: entry.policyId,
      path: entry.path,
      description: entry.description,
      createDate: entry.createDate,
      updateDate: entry.updateDate,
      awsManaged: true,
      serviceLinkedRolePolicy: entry.serviceLinkedRolePolicy,
      defaultVersionId: entry.defaultVersionId,
      versions: entry.versions,
      attachmentCount: use?.attachmentCount ?? 0,
      permissionsBoundaryUsageCount: use?.permissionsBoundaryUsageCount ?? 0,
      tags: [],
      nextVersion: 0,
    };
  }

  get(arn: string): ManagedPolicy {
    ManagedPolicyRegistry.requireArn(arn);
    const policy = this.find(arn);
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

  /** The account's own policies, in creation order. Never loads the AWS catalog. */
  customerPolicies(): ManagedPolicy[] {
    return [...this.customer.values()];
  }

  /** Every AWS managed policy with this account's counts, sorted by name. */
  awsPolicies(): ManagedPolicy[] {
    return this.catalog.all().map((p) => this.awsView(p));
  }

  /** AWS managed policies this account attaches or uses as a boundary (what a state dump shows). */
  awsPoliciesInUse(): ManagedPolicy[] {
    return [...this.awsUse.keys()].map((arn) => this.find(arn)!).filter(Boolean);
  }

  all(): ManagedPolicy[] {
    return [...this.customerPolicies(), ...this.awsPolicies()];
  }

  private changeUse(policy: ManagedPolicy, field: keyof AwsPolicyUse, delta: number): void {
    if (policy.awsManaged) this.changeAwsUse(policy.arn, field, delta);
    else policy[field] = Math.max(0, policy[field] + delta);
  }

  /** Counts on an AWS managed policy by ARN: no catalog lookup needed. */
  private changeAwsUse(arn: string, field: keyof AwsPolicyUse, delta: number): void {
    const use = this.awsUse.get(arn) ?? { attachmentCount: 0, permissionsBoundaryUsageCount: 0 };
    use[field] = Math.max(0, use[field] + delta);
    if (use.attachmentCount === 0 && use.permissionsBoundaryUsageCount === 0) this.awsUse.delete(arn);
    else this.awsUse.set(arn, use);
  }

  toSnapshot(): Json {
    return {
      customer: list(customerPolicyCodec).encode(this.customerPolicies()),
      awsManagedInUse: list(awsPolicyUseCodec).encode([...this.awsUse].map(([arn, use]) => ({ arn, ...use }))),
    };
  }

  /** Fills an empty registry (the AWS catalog is shared and read-only: only this account's counts are kept). */
  restore(value: unknown, path: string): void {
    const parts = readParts(value, path, ['customer', 'awsManagedInUse']);
    const customerPath = child(path, 'customer');
    readList(customerPolicyCodec, parts.customer, customerPath).forEach((policy, i) => {
      const at = child(customerPath, i);
      const arn = iamArn.policy(this.accountId, policy.path, policy.policyName);
      if (policy.awsManaged) fail(child(at, 'awsManaged'), 'a customer managed policy is not AWS managed');
      if (policy.arn !== arn) fail(child(at, 'arn'), `expected ${arn}, the ARN of policy ${policy.policyName} at path ${policy.path}`);
      if (this.customer.has(arn)) fail(child(at, 'arn'), `the policy ${arn} comes earlier in the list`);
      if (!policy.versions.some((v) => v.versionId === policy.defaultVersionId)) {
        fail(child(at, 'defaultVersionId'), `no version ${policy.defaultVersionId} among the policy's versions`);
      }
      this.customer.set(arn, policy);
    });
    const usePath = child(path, 'awsManagedInUse');
    readList(awsPolicyUseCodec, parts.awsManagedInUse, usePath).forEach(({ arn, ...use }, i) => {
      const at = child(usePath, i);
      if (!isAwsManagedPolicyArn(arn) || !this.isKnown(arn)) fail(child(at, 'arn'), `no AWS managed policy ${arn} in linkstack's catalog`);
      if (this.awsUse.has(arn)) fail(child(at, 'arn'), 'this policy comes earlier in the list');
      this.awsUse.set(arn, use);
    });
  }

  /** Every attached policy ARN must name a policy this registry holds. */
  requireKnown(arns: readonly string[], path: string): void {
    arns.forEach((arn, i) => {
      if (!this.isKnown(arn)) fail(child(path, i), `no managed policy ${arn}`);
    });
  }

  /**
   * Whether a policy of this ARN exists. A restored service-linked role's policies are known
   * without a lookup, so restoring a snapshot does not read the whole AWS catalog for them.
   */
  private isKnown(arn: string): boolean {
    return isLinkedServicePolicy(arn) || this.find(arn) !== undefined;
  }

  /**
   * Count one more attachment. Checks what AWS checks before attaching anything: the policy
   * exists, and a service-linked-role policy goes only to a service-linked role.
   */
  attach(arn: string, target: AttachmentTarget): void {
    // A service-linked role's policies are the service's own, each of them in the catalog
    // (test/e2e/serviceLinkedRole.allServices.test.ts): counting them needs no lookup, so the
    // first CreateCluster (which creates AWSServiceRoleForECS) does not load the catalog.
    if (target === 'service-linked-role' && isAwsManagedPolicyArn(arn)) {
      this.changeAwsUse(arn, 'attachmentCount', 1);
      return;
    }
    const policy = this.get(arn);
    if (policy.serviceLinkedRolePolicy && target !== 'service-linked-role') {
      throw iamErrors.servicePolicyNotAttachable();
    }
    this.changeUse(policy, 'attachmentCount', 1);
  }

  detach(arn: string): void {
    if (isAwsManagedPolicyArn(arn)) this.changeAwsUse(arn, 'attachmentCount', -1);
    else {
      const policy = this.customer.get(arn);
      if (policy) this.changeUse(policy, 'attachmentCount', -1);
    }
  }

  /** A role or user started (delta 1) or stopped (delta -1) using the policy as its boundary. */
  countBoundaryUse(arn: string, delta: 1 | -1): void {
    if (isAwsManagedPolicyArn(arn)) this.changeAwsUse(arn, 'permissionsBoundaryUsageCount', delta);
    else {
      const policy = this.customer.get(arn);
      if (policy) this.changeUse(policy, 'permissionsBoundaryUsageCount', delta);
    }
  }

  /**
   * What ListAttached…Policies lists for an attached ARN: name and path come from the ARN itself
   * (an attached policy always exists), so listing attachments never loads the catalog.
   */
  static attachedPolicy(arn: string): { policyName: string; policyArn: string; path: string } {
    const parsed = parseIamArn(arn);
    return { policyName: parsed?.name ?? arn, policyArn: arn, path: parsed?.path ?? '/' };
  }

  create(
    input: { policyName: string; path?: string; document: string; description?: string; tags?: Tag[] },
    now: Date,
  ): ManagedPolicy {
    const path = input.path ?? '/';
    const arn = iamArn.policy(this.accountId, path, input.policyName);
    // Names are unique per account whatever the path, and without regard to case.
    const lower = input.policyName.toLowerCase();
    if (this.customerPolicies().some((p) => p.policyName.toLowerCase() === lower)) {
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
    this.customer.set(arn, policy);
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
    policy.versions = [...policy.versions, version];
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
    ManagedPolicyRegistry.requireArn(arn);
    // AWS words DeletePolicy's NoSuchEntity differently from every other policy operation's.
    if (!this.find(arn)) throw iamErrors.policyToDeleteNotFound(arn);
    const policy = this.customerPolicy(arn);
    if (policy.attachmentCount > 0 || policy.permissionsBoundaryUsageCount > 0) throw iamErrors.policyInUse();
    if (policy.versions.length > 1) {
      throw iamErrors.policyHasVersions();
    }
    this.customer.delete(arn);
  }

  /** TagPolicy: customer managed policies only, at most 50 tags. */
  tag(arn: string, tags: Tag[]): void {
    const policy = this.customerPolicy(arn);
    policy.tags = mergeTags(policy.tags, tags, 'TagsPerPolicy');
  }

  untag(arn: string, keys: string[]): void {
    const policy = this.customerPolicy(arn);
    policy.tags = removeTags(policy.tags, keys);
  }

  /** ListPolicyTags: an AWS managed policy has none. */
  tagsOf(arn: string): Tag[] {
    return this.get(arn).tags;
  }
}
