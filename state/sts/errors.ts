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
  // Web identity federation (AssumeRoleWithWebIdentity), as STS is seen to answer.
  webIdentityNotAuthorized: { code: 'AccessDenied', status: 403, message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity' },
  noOpenIdConnectProvider: {
    code: 'InvalidIdentityToken',
    status: 400,
    message: (issuer: string) => `No OpenIDConnect provider found in your account for ${issuer}`,
  },
  incorrectTokenAudience: { code: 'InvalidIdentityToken', status: 400, message: 'Incorrect token audience' },
  /** The model's documentation text for InvalidIdentityToken (a token that is not a JWT with iss, sub and aud). */
  malformedWebIdentityToken: {
    code: 'InvalidIdentityToken',
    status: 400,
    message:
      'The web identity token that was passed could not be validated by Amazon Web Services. Get a new identity token from the identity provider and then retry the request.',
  },
  webIdentityTokenExpired: {
    code: 'ExpiredTokenException',
    status: 400,
    message: (nowSeconds: number, expSeconds: number) =>
      `Token expired: current date/time ${nowSeconds} must be before the expiration date/time ${expSeconds}`,
  },
  validation: { code: 'ValidationError', status: 400, message: (violations: readonly Violation[]) => validationMessage(violations) },
  internalFailure: { code: 'InternalFailure', status: 500, message: 'An internal error occurred. Please try again.' },
});
