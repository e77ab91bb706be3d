import type { Role } from '../../../state/iam/roles.js';

/** Policy documents leave IAM percent-encoded (RFC 3986: `%20`, never `+`), as AWS sends them. */
export function encodePolicyDocument(document: string): string {
  return encodeURIComponent(document);
}

/** The Role structure of GetRole and friends. ListRoles passes `listing` to leave out what AWS leaves out. */
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
    Tags: options.listing || role.tags.length === 0 ? undefined : role.tags,
    RoleLastUsed: options.listing
      ? undefined
      : role.lastUsed
        ? { LastUsedDate: role.lastUsed.date, Region: role.lastUsed.region }
        : {},
  };
}
