import { AwsError } from '../errors.js';

/**
 * IAM's error catalog. Codes are the wire codes (`NoSuchEntity`, not the SDK class name);
 * statuses and texts follow AWS where AWS documents or is seen to send them.
 */
export const iamErrors = {
  noSuchRole: (name: string) => new AwsError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404),
  noSuchEntity: (message: string) => new AwsError('NoSuchEntity', message, 404),
  invalidInput: (message: string) => new AwsError('InvalidInput', message, 400),
  entityAlreadyExists: (message: string) => new AwsError('EntityAlreadyExists', message, 409),
  deleteConflict: (message: string) => new AwsError('DeleteConflict', message, 409),
  limitExceeded: (message: string) => new AwsError('LimitExceeded', message, 409),
  malformedPolicyDocument: (message: string) => new AwsError('MalformedPolicyDocument', message, 400),
  policyNotAttachable: (message: string) => new AwsError('PolicyNotAttachable', message, 400),
  unmodifiableEntity: (roleName: string) =>
    new AwsError(
      'UnmodifiableEntity',
      `Cannot perform the operation on the protected role '${roleName}' - this role is only modifiable by AWS`,
      400,
    ),
  serviceRoleNameTaken: (roleName: string) =>
    new AwsError(
      'InvalidInput',
      `Service role name ${roleName} has been taken in this account, please try a different suffix.`,
      400,
    ),
  customSuffixNotAllowed: (serviceName: string) =>
    new AwsError('InvalidInput', `Custom suffix is not allowed for ${serviceName}`, 400),
  serviceFailure: () => new AwsError('ServiceFailure', 'An internal error occurred. Please try again.', 500),
};
