import type { ManagedPolicy, PolicyVersion } from '../../../state/iam/managedPolicies.js';
import type { Role } from '../../../state/iam/roles.js';
import { iamErrors } from '../../../state/iam/errors.js';

/** Policy documents leave IAM percent-encoded (RFC 3986: `%20`, never `+`), as AWS sends them. */
export function encodePolicyDocument(document: string): string {
  let encoded = encodedDocuments.get(document);
  if (encoded === undefined) {
    encoded = encodeURIComponent(document);
    // Documents are read far more often than written; a bounded memo keeps GetRole cheap.
    if (encodedDocuments.size >= 1000) encodedDocuments.clear();
    encodedDocuments.set(document, encoded);
  }
  return encoded;
}
const encodedDocuments = new Map<string, string>();

/**
 * The Role structure of GetRole and friends. ListRoles passes `listing` to leave out what AWS
 * leaves out (Tags, RoleLastUsed, PermissionsBoundary).
 */
export function roleOutput(role: Role, options: { listing?: boolean } = {}) {
  return {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: role.createDate,
    AssumeRolePolicyDocument: encodePolicyDocument(role.assumeRolePolicyDocument),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
    PermissionsBoundary:
      options.listing || !role.permissionsBoundary
        ? undefined
        : { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: role.permissionsBoundary },
    Tags: options.listing || role.tags.length === 0 ? undefined : role.tags,
    RoleLastUsed: options.listing
      ? undefined
      : role.lastUsed
        ? { LastUsedDate: role.lastUsed.date, Region: role.lastUsed.region }
        : {},
  };
}

/** The Policy structure. ListPolicies leaves out Description and Tags, as AWS does. */
export function policyOutput(policy: ManagedPolicy, options: { listing?: boolean } = {}) {
  return {
    PolicyName: policy.policyName,
    PolicyId: policy.policyId,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: policy.attachmentCount,
    PermissionsBoundaryUsageCount: policy.permissionsBoundaryUsageCount,
    IsAttachable: true,
    Description: options.listing ? undefined : policy.description,
    CreateDate: policy.createDate,
    UpdateDate: policy.updateDate,
    Tags: options.listing || policy.tags.length === 0 ? undefined : policy.tags,
  };
}

/** PolicyVersion; the document only where AWS returns it (GetPolicyVersion). */
export function policyVersionOutput(policy: ManagedPolicy, version: PolicyVersion, options: { document?: boolean } = {}) {
  return {
    Document: options.document ? encodePolicyDocument(version.document) : undefined,
    VersionId: version.versionId,
    IsDefaultVersion: version.versionId === policy.defaultVersionId,
    CreateDate: version.createDate,
  };
}

/** IAM's list default when MaxItems is absent. */
export const DEFAULT_MAX_ITEMS = 100;

export interface Page<T> {
  items: T[];
  IsTruncated: boolean;
  /** Present only when truncated: the JS SDK paginators stop when it is absent, not on IsTruncated. */
  Marker?: string;
}

const MARKER_PREFIX = 'ls1:';

/**
 * One page of an IAM list. The marker is an opaque token for the offset of the next item; lists
 * are in a stable order, so a paginator walks them to the end.
 */
export function page<T>(items: readonly T[], marker: string | undefined, maxItems: number | undefined): Page<T> {
  const start = marker === undefined ? 0 : decodeMarker(marker);
  const size = maxItems ?? DEFAULT_MAX_ITEMS;
  const slice = items.slice(start, start + size);
  const next = start + slice.length;
  return next < items.length
    ? { items: slice, IsTruncated: true, Marker: Buffer.from(MARKER_PREFIX + next).toString('base64') }
    : { items: slice, IsTruncated: false };
}

function decodeMarker(marker: string): number {
  const text = Buffer.from(marker, 'base64').toString('utf8');
  const n = text.startsWith(MARKER_PREFIX) ? Number(text.slice(MARKER_PREFIX.length)) : NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw iamErrors.invalidMarker();
  return n;
}
