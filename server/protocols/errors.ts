import { errorCatalog } from '../../state/errors.js';
import type { AuthErrors } from '../operation.js';

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const signatureExpired = (signedAt: string, earliest: string, now: string) =>
  `Signature expired: ${signedAt} is now earlier than ${earliest} (${now} - 15 min.)`;
const signatureNotYetCurrent = (signedAt: string, latest: string, now: string) =>
  `Signature not yet current: ${signedAt} is still later than ${latest} (${now} + 15 min.)`;
const invalidRegionScope = (region: string) => `Credential should be scoped to a valid region, not '${region}'. `;

/**
 * The errors AWS's protocol front ends send before (or instead of) any service: unreadable
 * requests, unknown actions, credentials and denials. One catalog per protocol, because each
 * protocol names the same situation differently (`AccessDenied` 403 against
 * `AccessDeniedException` 400).
 */

/** awsQuery (IAM, STS): AWS's common errors of the Query API. */
export const queryErrors = errorCatalog({
  missingAction: { code: 'MissingAction', status: 400, message: 'Missing Action' },
  missingVersion: { code: 'MissingParameter', status: 400, message: 'The request must contain the parameter Version' },
  noSuchVersion: {
    code: 'NoSuchVersion',
    status: 400,
    message: (version: string, service: string) => `The requested version (${version}) of service ${service} does not exist`,
  },
  invalidAction: {
    code: 'InvalidAction',
    status: 400,
    message: (action: string, version: string) => `Could not find operation ${action} for version ${version}`,
  },
  /** AWS documents it with HTTP 404. */
  malformedQueryString: {
    code: 'MalformedQueryString',
    status: 404,
    message: 'The request body is not a valid form-urlencoded query string.',
  },
  invalidClientTokenId: { code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' },
  expiredToken: { code: 'ExpiredToken', status: 403, message: 'The security token included in the request is expired' },
  // SigV4 (strict mode). Seen from STS: MissingAuthenticationToken's text, the mismatch text, and
  // `Signature expired: 20160609T184512Z is now earlier than 20160610T013008Z (20160610T014508Z - 15 min.)`.
  missingAuthenticationToken: { code: 'MissingAuthenticationToken', status: 403, message: 'Request is missing Authentication Token' },
  /** The reason is AWS's own sentence for what is missing or unreadable. */
  incompleteSignature: { code: 'IncompleteSignature', status: 400, message: (reason: string) => reason },
  signatureDoesNotMatch: { code: 'SignatureDoesNotMatch', status: 403, message: SIGNATURE_MISMATCH },
  /** `Credential should be scoped to correct service: 'iam'. ` and the like [O]. */
  signatureScopeMismatch: { code: 'SignatureDoesNotMatch', status: 403, message: (detail: string) => detail },
  signatureExpired: { code: 'SignatureDoesNotMatch', status: 403, message: signatureExpired },
  signatureNotYetCurrent: { code: 'SignatureDoesNotMatch', status: 403, message: signatureNotYetCurrent },
  /** [O] AWS's text for a scope naming a region the endpoint does not serve. */
  invalidRegionScope: { code: 'SignatureDoesNotMatch', status: 403, message: invalidRegionScope },
  accessDenied: { code: 'AccessDenied', status: 403, message: (denial: string) => denial },
});

/** awsJson1_1 (ECS): what the JSON front end answers. */
export const jsonErrors = errorCatalog({
  /** `Start of structure or map found where not expected.` and friends. */
  unexpectedToken: { code: 'SerializationException', status: 400, message: (token: string) => `${token} found where not expected.` },
  cannotConvert: {
    code: 'SerializationException',
    status: 400,
    message: (token: string, expected: string) => `${token} can not be converted to ${expected}`,
  },
  /** chosen: AWS's limit and text are not known */
  nestedTooDeeply: {
    code: 'SerializationException',
    status: 400,
    message: (max: number) => `The request nests lists and structures deeper than ${max} levels.`,
  },
  // chosen
  bodyNotUtf8: { code: 'SerializationException', status: 400, message: 'The request body is not valid UTF-8.' },
  unknownOperation: { code: 'UnknownOperationException', status: 400, message: '' },
  unrecognizedClient: {
    code: 'UnrecognizedClientException',
    status: 400,
    message: 'The security token included in the request is invalid.',
  },
  expiredToken: { code: 'ExpiredTokenException', status: 400, message: 'The security token included in the request is expired' },
  accessDenied: { code: 'AccessDeniedException', status: 400, message: (denial: string) => denial },
  // SigV4 (strict mode): the JSON front end's names. Statuses 400 as JSON 1.1 services answer
  // them (UnrecognizedClientException seen from Cognito, ECR, DynamoDB) [O for ECS itself].
  /** [O] */
  missingAuthenticationToken: { code: 'MissingAuthenticationTokenException', status: 400, message: 'Missing Authentication Token' },
  incompleteSignature: { code: 'IncompleteSignatureException', status: 400, message: (reason: string) => reason },
  invalidSignature: { code: 'InvalidSignatureException', status: 400, message: SIGNATURE_MISMATCH },
  signatureScopeMismatch: { code: 'InvalidSignatureException', status: 400, message: (detail: string) => detail },
  signatureExpired: { code: 'InvalidSignatureException', status: 400, message: signatureExpired },
  signatureNotYetCurrent: { code: 'InvalidSignatureException', status: 400, message: signatureNotYetCurrent },
  invalidRegionScope: { code: 'InvalidSignatureException', status: 400, message: invalidRegionScope },
});

/** The authentication errors of each protocol, under the names the SigV4 check uses. */
export const queryAuthErrors: AuthErrors = {
  missingAuthenticationToken: queryErrors.missingAuthenticationToken,
  incompleteSignature: queryErrors.incompleteSignature,
  invalidClientTokenId: queryErrors.invalidClientTokenId,
  signatureDoesNotMatch: (detail) => (detail ? queryErrors.signatureScopeMismatch(detail) : queryErrors.signatureDoesNotMatch()),
  signatureExpired: queryErrors.signatureExpired,
  signatureNotYetCurrent: queryErrors.signatureNotYetCurrent,
  expiredToken: queryErrors.expiredToken,
  invalidRegionScope: queryErrors.invalidRegionScope,
};

export const jsonAuthErrors: AuthErrors = {
  missingAuthenticationToken: jsonErrors.missingAuthenticationToken,
  incompleteSignature: jsonErrors.incompleteSignature,
  invalidClientTokenId: jsonErrors.unrecognizedClient,
  signatureDoesNotMatch: (detail) => (detail ? jsonErrors.signatureScopeMismatch(detail) : jsonErrors.invalidSignature()),
  signatureExpired: jsonErrors.signatureExpired,
  signatureNotYetCurrent: jsonErrors.signatureNotYetCurrent,
  expiredToken: jsonErrors.expiredToken,
  invalidRegionScope: jsonErrors.invalidRegionScope,
};

/** Requests the HTTP layer could not read, answered in whichever protocol the headers suggest. */
export const httpErrors = errorCatalog({
  requestEntityTooLarge: {
    code: 'RequestEntityTooLarge',
    status: 413,
    message: (limitBytes: number) => `Request body must not exceed ${limitBytes} bytes`,
  },
  malformedInput: { code: 'MalformedInput', status: (status: number) => status, message: 'The request could not be read.' },
});
