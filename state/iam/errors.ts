import { errorCatalog } from '../errors.js';
import { validationMessage, type Violation } from '../violations.js';

/**
 * IAM's error catalog: one entry per situation, with the wire code (`NoSuchEntity`, not the SDK
 * class name), the status and AWS's text where AWS documents or is seen to send it. Throw sites
 * name the situation (`iamErrors.userNotFound(name)`) and never write text of their own.
 * Texts marked "chosen" are linkstack's where AWS's own wording is not known.
 */
export const iamErrors = errorCatalog({
  // ---- NoSuchEntity (404) ----
  roleNotFound: { code: 'NoSuchEntity', status: 404, message: (name: string) => `The role with name ${name} cannot be found.` },
  userNotFound: { code: 'NoSuchEntity', status: 404, message: (name: string) => `The user with name ${name} cannot be found.` },
  groupNotFound: { code: 'NoSuchEntity', status: 404, message: (name: string) => `The group with name ${name} cannot be found.` },
  inlinePolicyNotFound: {
    code: 'NoSuchEntity',
    status: 404,
    message: (holder: 'role' | 'user' | 'group', policyName: string) => `The ${holder} policy with name ${policyName} cannot be found.`,
  },
  policyNotFound: { code: 'NoSuchEntity', status: 404, message: (arn: string) => `Policy ${arn} does not exist or is not attachable.` },
  policyVersionNotFound: {
    code: 'NoSuchEntity',
    status: 404,
    message: (arn: string, versionId: string) => `Policy ${arn} version ${versionId} does not exist or is not attachable.`,
  },
  policyNotAttached: { code: 'NoSuchEntity', status: 404, message: (arn: string) => `Policy ${arn} was not found.` },
  /** DeletePolicy words a missing policy so, unlike the other policy operations (seen in real answers). */
  policyToDeleteNotFound: { code: 'NoSuchEntity', status: 404, message: (arn: string) => `Policy ${arn} was not found.` },
  userNotInGroup: {
    code: 'NoSuchEntity',
    status: 404,
    message: (userName: string, groupName: string) => `User ${userName} is not in group ${groupName}.`,
  },
  accessKeyNotFound: { code: 'NoSuchEntity', status: 404, message: (id: string) => `The Access Key with id ${id} cannot be found.` },
  accessAdvisorJobNotFound: { code: 'NoSuchEntity', status: 404, message: (jobId: string) => `No job found with JobId ${jobId}.` },
  // chosen
  accessAdvisorEntityNotFound: {
    code: 'NoSuchEntity',
    status: 404,
    message: (arn: string) => `The entity with ARN ${arn} cannot be found or is not supported by linkstack's Access Advisor.`,
  },
  /** AWS documents no error for an ordinary role here; NoSuchEntity is the listed code that fits (chosen text). */
  roleNotServiceLinked: {
    code: 'NoSuchEntity',
    status: 404,
    message: (roleName: string) => `The role with name ${roleName} is not a service-linked role. Use DeleteRole to delete it.`,
  },
  // chosen
  deletionTaskNotFound: { code: 'NoSuchEntity', status: 404, message: (id: string) => `The deletion task with id ${id} cannot be found.` },

  instanceProfileNotFound: {
    code: 'NoSuchEntity',
    status: 404,
    message: (name: string) => `Instance Profile ${name} cannot be found.`,
  },
  // chosen
  roleNotInInstanceProfile: {
    code: 'NoSuchEntity',
    status: 404,
    message: (roleName: string, profileName: string) => `The role with name ${roleName} is not in the instance profile ${profileName}.`,
  },
  // chosen (moto's wording)
  openIdConnectProviderNotFound: {
    code: 'NoSuchEntity',
    status: 404,
    message: (arn: string) => `OpenIDConnect Provider not found for arn ${arn}`,
  },
  // chosen
  accountAliasNotFound: { code: 'NoSuchEntity', status: 404, message: (alias: string) => `The account alias ${alias} cannot be found.` },

  // ---- EntityAlreadyExists (409) ----
  roleExists: { code: 'EntityAlreadyExists', status: 409, message: (name: string) => `Role with name ${name} already exists.` },
  userExists: { code: 'EntityAlreadyExists', status: 409, message: (name: string) => `User with name ${name} already exists.` },
  groupExists: { code: 'EntityAlreadyExists', status: 409, message: (name: string) => `Group with name ${name} already exists.` },
  policyExists: {
    code: 'EntityAlreadyExists',
    status: 409,
    message: (name: string) => `A policy called ${name} already exists. Duplicate names are not allowed.`,
  },

  instanceProfileExists: {
    code: 'EntityAlreadyExists',
    status: 409,
    message: (name: string) => `Instance Profile ${name} already exists.`,
  },
  openIdConnectProviderExists: {
    code: 'EntityAlreadyExists',
    status: 409,
    message: (url: string) => `Provider with url ${url} already exists.`,
  },
  // chosen
  accountAliasTaken: { code: 'EntityAlreadyExists', status: 409, message: (alias: string) => `The account alias ${alias} already exists.` },

  // ---- DeleteConflict (409) ----
  deleteAccessKeysFirst: { code: 'DeleteConflict', status: 409, message: 'Cannot delete entity, must delete access keys first.' },
  deletePoliciesFirst: { code: 'DeleteConflict', status: 409, message: 'Cannot delete entity, must delete policies first.' },
  detachPoliciesFirst: { code: 'DeleteConflict', status: 409, message: 'Cannot delete entity, must detach all policies first.' },
  removeFromGroupsFirst: { code: 'DeleteConflict', status: 409, message: 'Cannot delete entity, must remove user from all groups first.' },
  removeMembersFirst: { code: 'DeleteConflict', status: 409, message: 'Cannot delete entity, must remove users from group first.' },
  defaultVersionUndeletable: { code: 'DeleteConflict', status: 409, message: 'Cannot delete the default version of a policy.' },
  policyInUse: { code: 'DeleteConflict', status: 409, message: 'Cannot delete a policy attached to entities.' },
  policyHasVersions: {
    code: 'DeleteConflict',
    status: 409,
    message:
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
  },

  removeRolesFromInstanceProfileFirst: {
    code: 'DeleteConflict',
    status: 409,
    message: 'Cannot delete entity, must remove roles from instance profile first.',
  },

  // ---- LimitExceeded (409) ----
  /** IAM's text for every named quota (ACLSizePerRole, PoliciesPerRole, AccessKeysPerUser, TagsPerRole, PolicySize…). */
  quotaExceeded: { code: 'LimitExceeded', status: 409, message: (quota: string, max: number) => `Cannot exceed quota for ${quota}: ${max}` },
  rolePolicySizeExceeded: {
    code: 'LimitExceeded',
    status: 409,
    message: (max: number, roleName: string) => `Maximum policy size of ${max} bytes exceeded for role ${roleName}`,
  },
  policyVersionsExceeded: {
    code: 'LimitExceeded',
    status: 409,
    message: (max: number) =>
      `A managed policy can have up to ${max} versions. Before you create a new version, you must delete an existing version.`,
  },

  // ---- InvalidInput (400) ----
  invalidArn: { code: 'InvalidInput', status: 400, message: (arn: string) => `ARN ${arn} is not valid.` },
  invalidSourceArn: { code: 'InvalidInput', status: 400, message: (arn: string) => `Invalid ARN: ${arn}` },
  // AWS's models declare no client error for most IAM lists, so a bad marker is the common ValidationError [O].
  invalidMarker: { code: 'ValidationError', status: 400, message: 'Invalid Marker.' },
  invalidJobMarker: { code: 'InvalidInput', status: 400, message: (marker: string | undefined) => `Invalid Marker ${marker}.` },
  invalidServiceName: { code: 'InvalidInput', status: 400, message: (servicePrincipal: string) => `Invalid service name: ${servicePrincipal}` },
  customSuffixNotAllowed: {
    code: 'InvalidInput',
    status: 400,
    message: (servicePrincipal: string) => `Custom suffix is not allowed for ${servicePrincipal}`,
  },
  serviceRoleNameTaken: {
    code: 'InvalidInput',
    status: 400,
    message: (roleName: string) => `Service role name ${roleName} has been taken in this account, please try a different suffix.`,
  },
  serviceRolePathReserved: {
    code: 'InvalidInput',
    status: 400,
    message: (prefix: string) => `Path prefix '${prefix}' can only be used for AWS Service linked Roles`,
  },
  notABoundaryPolicy: { code: 'InvalidInput', status: 400, message: (arn: string) => `Policy ${arn} cannot be used as a permissions boundary.` },
  awsManagedPolicyImmutable: {
    code: 'InvalidInput',
    status: 400,
    message: (arn: string) => `Policy ${arn} is an AWS managed policy and cannot be modified.`,
  },
  duplicateTagKeys: {
    code: 'InvalidInput',
    status: 400,
    message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
  },
  // chosen
  malformedDeletionTaskId: {
    code: 'InvalidInput',
    status: 400,
    message: (id: string) =>
      `Invalid DeletionTaskId ${id}: expected task/aws-service-role/<service-principal-name>/<role-name>/<task-uuid>.`,
  },
  // chosen
  simulationNeedsCallerArn: { code: 'InvalidInput', status: 400, message: 'CallerArn is required when a ResourcePolicy is given.' },
  /** The simulator refuses a malformed input policy with InvalidInput and the parser's text. */
  simulationPolicyInvalid: { code: 'InvalidInput', status: 400, message: (malformed: { message: string }) => malformed.message },

  // chosen
  invalidOpenIdConnectProviderArn: {
    code: 'InvalidInput',
    status: 400,
    message: (arn: string) => `Invalid OpenIDConnect Provider ARN: ${arn}`,
  },
  // chosen
  invalidOpenIdConnectProviderUrl: {
    code: 'InvalidInput',
    status: 400,
    message: 'Invalid OpenIDConnect Provider URL: it must begin with https://',
  },

  // ---- MalformedPolicyDocument (400), as IAM's policy grammar words them ----
  policySyntax: { code: 'MalformedPolicyDocument', status: 400, message: 'Syntax errors in policy.' },
  /** A trust policy that is not JSON at all (seen in real answers; identity policies say policySyntax). */
  trustPolicyNotJson: { code: 'MalformedPolicyDocument', status: 400, message: 'This policy contains invalid Json' },
  policyLegacyParsing: { code: 'MalformedPolicyDocument', status: 400, message: 'The policy failed legacy parsing' },
  policyDuplicateSid: { code: 'MalformedPolicyDocument', status: 400, message: 'Statement IDs (SID) in a single policy must be unique.' },
  policySidNotAlphanumeric: {
    code: 'MalformedPolicyDocument',
    status: 400,
    message: 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  },
  policyHasPrincipal: { code: 'MalformedPolicyDocument', status: 400, message: 'Policy document should not specify a principal.' },
  policyMissingField: { code: 'MalformedPolicyDocument', status: 400, message: (field: string) => `Missing required field ${field}` },
  policyProhibitedField: { code: 'MalformedPolicyDocument', status: 400, message: (field: string) => `Has prohibited field ${field}` },
  policyNeedsActions: { code: 'MalformedPolicyDocument', status: 400, message: 'Policy statement must contain actions.' },
  policyNeedsResources: { code: 'MalformedPolicyDocument', status: 400, message: 'Policy statement must contain resources.' },
  policyActionNeedsVendor: {
    code: 'MalformedPolicyDocument',
    status: 400,
    message: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  },
  policyActionColons: { code: 'MalformedPolicyDocument', status: 400, message: 'Actions/Condition can contain only one colon.' },
  policyInvalidVendor: { code: 'MalformedPolicyDocument', status: 400, message: (vendor: string) => `Vendor ${vendor} is not valid` },
  policyResourceNotArn: {
    code: 'MalformedPolicyDocument',
    status: 400,
    message: (resource: string) => `Resource ${resource} must be in ARN format or "*".`,
  },
  policyInvalidPartition: {
    code: 'MalformedPolicyDocument',
    status: 400,
    message: (partition: string, resource: string) => `Partition "${partition}" is not valid for resource "${resource}".`,
  },
  policyInvalidPrincipal: {
    code: 'MalformedPolicyDocument',
    status: 400,
    message: (type: string, id: string) => `Invalid principal in policy: "${type}":"${id}"`,
  },

  // ---- other ----
  servicePolicyNotAttachable: {
    code: 'PolicyNotAttachable',
    status: 400,
    message: 'Cannot attach a Service Role Policy to a Customer Role.',
  },
  unmodifiableEntity: {
    code: 'UnmodifiableEntity',
    status: 400,
    message: (roleName: string) => `Cannot perform the operation on the protected role '${roleName}' - this role is only modifiable by AWS`,
  },
  validation: { code: 'ValidationError', status: 400, message: (violations: readonly Violation[]) => validationMessage(violations) },
  /** AWS's text for a PolicyArn it cannot parse, two spaces and all (seen in real answers). */
  unparsableArn: { code: 'ValidationError', status: 400, message: 'Invalid ARN:  Could not be parsed!' },
  userNameRequired: { code: 'ValidationError', status: 400, message: 'Must specify userName when calling with non-User credentials' },
  // chosen (AWS's IAM quotas page: an alias cannot be 12 digits)
  accountAliasAllDigits: { code: 'ValidationError', status: 400, message: 'The account alias cannot be a 12-digit number.' },
  serviceFailure: { code: 'ServiceFailure', status: 500, message: 'An internal error occurred. Please try again.' },
});
