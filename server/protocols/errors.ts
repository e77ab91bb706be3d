import { errorCatalog } from '../../state/errors.js';

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
});

/** Requests the HTTP layer could not read, answered in whichever protocol the headers suggest. */
export const httpErrors = errorCatalog({
  requestEntityTooLarge: {
    code: 'RequestEntityTooLarge',
    status: 413,
    message: (limitBytes: number) => `Request body must not exceed ${limitBytes} bytes`,
  },
  malformedInput: { code: 'MalformedInput', status: (status: number) => status, message: 'The request could not be read.' },
});
