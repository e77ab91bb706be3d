import { stsErrors } from '../../../state/sts/errors.js';
import { operationTable, withResultWrappers, type QueryService } from '../../operation.js';
import { awsQuery } from '../../protocols/query.js';
import { assumeRole } from './assumeRole.js';
import { assumeRoleWithWebIdentity } from './assumeRoleWithWebIdentity.js';
import { getCallerIdentity } from './callerIdentity.js';
import { queryAuthErrors } from '../../protocols/errors.js';

export const stsService: QueryService = {
  name: 'sts',
  protocol: awsQuery,
  version: '2011-06-15',
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  // The model wraps every output in <Op>Result.
  operations: withResultWrappers(operationTable([getCallerIdentity, assumeRole, assumeRoleWithWebIdentity])),
  validationError: stsErrors.validation,
  authErrors: queryAuthErrors,
  internalError: stsErrors.internalFailure,
};
