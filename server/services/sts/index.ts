import { AwsError } from '../../../state/errors.js';
import { operationTable, type QueryService } from '../../operation.js';
import { validationMessage } from '../../shapes.js';
import { assumeRole } from './assumeRole.js';
import { getCallerIdentity } from './callerIdentity.js';

export const stsService: QueryService = {
  name: 'sts',
  protocol: 'query',
  version: '2011-06-15',
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  operations: operationTable([getCallerIdentity, assumeRole]),
  validationError: (violations) => new AwsError('ValidationError', validationMessage(violations), 400),
  internalError: () => new AwsError('InternalFailure', 'An internal error occurred. Please try again.', 500),
};
