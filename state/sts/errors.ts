import { errorCatalog } from '../errors.js';
import { validationMessage, type Violation } from '../violations.js';

/** STS's error catalog (query protocol: codes as the wire sends them). */
export const stsErrors = errorCatalog({
  assumeRoleDenied: {
    code: 'AccessDenied',
    status: 403,
    message: (callerArn: string, roleArn: string) => `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
  },
  roleChainingDurationExceeded: {
    code: 'ValidationError',
    status: 400,
    message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
  },
  maxSessionDurationExceeded: {
    code: 'ValidationError',
    status: 400,
    message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
  },
  sessionPolicyNotFound: {
    code: 'InvalidParameterValue',
    status: 400,
    message: (arn: string) => `Policy ${arn} does not exist or is not attachable.`,
  },
  validation: { code: 'ValidationError', status: 400, message: (violations: readonly Violation[]) => validationMessage(violations) },
  internalFailure: { code: 'InternalFailure', status: 500, message: 'An internal error occurred. Please try again.' },
});
